package io.flowmatch.core;

import io.flowmatch.core.coupling.Coupling;
import io.flowmatch.core.coupling.Couplings;
import io.flowmatch.core.internal.RecipeText;
import io.flowmatch.core.model.Activation;
import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.path.Paths;
import io.flowmatch.core.path.Prediction;
import io.flowmatch.core.path.ProbabilityPath;
import io.flowmatch.core.time.TimeSampler;
import io.flowmatch.core.time.TimeSamplers;
import io.flowmatch.core.train.LearningRateSchedule;
import io.flowmatch.core.train.MlpSettings;
import io.flowmatch.core.train.TrainingConfig;
import io.flowmatch.core.train.TrainingSettings;
import io.flowmatch.datasets.DataSource;
import io.flowmatch.datasets.Datasets;
import java.util.List;

/**
 * The setters of a {@link Recipe}, shared by every builder that trains a continuous flow
 * ({@link Recipe.Builder}, {@link FlowMatcher.Builder}, the Spark module's builder), so that each
 * setting has one name and one check everywhere: the loop's (inherited from
 * {@link TrainingSettings}), the MLP's (inherited from {@link MlpSettings}) and the flow's own
 * (path, time sampler, coupling, prediction, source, labels). Each setter checks its argument at
 * once and throws {@link IllegalArgumentException} naming the bad value.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class RecipeSettings<B extends RecipeSettings<B>> extends MlpSettings<B> {

    String customModel;
    ProbabilityPath path = Paths.condOt();
    TimeSampler timeSampler = DEFAULT_TIME_SAMPLER;
    Coupling coupling = Couplings.independent();
    Prediction prediction = Prediction.VELOCITY;
    DataSource source;
    String sourceText = "gaussian";
    Boolean normalize;
    int classes;
    double labelDropout = Recipe.DEFAULT_LABEL_DROPOUT;

    /**
     * The loop's defaults for continuous flows: the shared {@link TrainingConfig} defaults (Adam,
     * batch 256, 5000 steps, no clipping, no weight average) with the peak learning rate 2e-2
     * decayed to 0 by a cosine. Chosen by measurement, see {@link Recipe}.
     */
    static final TrainingConfig DEFAULT_TRAINING = TrainingConfig.builder()
            .learningRate(2e-2)
            .schedule(LearningRateSchedule.cosine(0.0))
            .build();

    /** The default time sampler: logit-normal with mean 0.5 and standard deviation 1, see {@link Recipe}. */
    static final TimeSampler DEFAULT_TIME_SAMPLER = TimeSamplers.logitNormal(0.5, 1.0);

    /** Settings with the defaults of {@link Recipes#defaults()}. */
    protected RecipeSettings() {
        super(DEFAULT_TRAINING, List.of(64, 64, 64), Activation.ELU);
    }

    /** The recipe of everything set so far. */
    protected Recipe recipe() {
        return new Recipe(this, trainingConfig(), hidden, activation);
    }

    /** Starts from {@code recipe}: every setting takes its value (later calls change them one by one). */
    public B recipe(Recipe recipe) {
        startFrom(recipe);
        this.hidden = recipe.hidden();
        this.activation = recipe.activation();
        this.customModel = recipe.customModelDescription();
        this.path = recipe.path();
        this.timeSampler = recipe.timeSampler();
        this.coupling = recipe.coupling();
        this.prediction = recipe.prediction();
        this.sourceText = recipe.sourceText();
        this.source = null;
        // an automatic choice stays automatic, so that a later source(...) can change it
        this.normalize = recipe.normalize() == recipe.hasStandardSource() ? null : recipe.normalize();
        this.classes = recipe.classes();
        this.labelDropout = recipe.labelDropout();
        return self();
    }

    /** The probability path (default CondOT); see {@link Paths}. */
    public B path(ProbabilityPath path) {
        this.path = required(path, "path");
        return self();
    }

    /** How training times are drawn (default logit-normal(0.5, 1)); see {@link TimeSamplers}. */
    public B timeSampler(TimeSampler timeSampler) {
        this.timeSampler = required(timeSampler, "time sampler");
        return self();
    }

    /** How source and data points are paired in a batch (default independent); see {@link Couplings}. */
    public B coupling(Coupling coupling) {
        this.coupling = required(coupling, "coupling");
        return self();
    }

    /**
     * What the network learns to output (default the velocity): {@link Prediction#DATA} (x1) or
     * {@link Prediction#NOISE} (x0) need an affine path, through which the model converts the
     * output back to a velocity when sampling.
     */
    public B prediction(Prediction prediction) {
        this.prediction = required(prediction, "prediction");
        return self();
    }

    /**
     * The source distribution x0 (default the standard Gaussian N(0, I)): e.g.
     * {@link Datasets#gaussian(double[], double[][])}, or another data set to learn a
     * data-to-data transport. Same dimension as the data. The trained model samples from it.
     */
    public B source(DataSource source) {
        this.source = required(source, "source");
        return self();
    }

    /**
     * Whether to standardize the data per coordinate before training (mean 0, standard
     * deviation 1; fitted on the data, saved with the model and undone when sampling, so samples,
     * velocities and log-densities stay in the data's units). Default: on with the standard
     * Gaussian source; off with any other source, whose points are in the data's own units (and
     * turning it on then is an error).
     */
    public B normalize(boolean normalize) {
        this.normalize = normalize;
        return self();
    }

    /**
     * The number of class labels the velocity model is conditioned on (default 0: as many as the
     * data have, none for unlabelled data). Labelled data ({@link io.flowmatch.datasets.LabelledDataSource})
     * train a class-conditional model with classifier-free guidance; set this to insist on a
     * number of classes (training data with another number is then an error).
     *
     * @throws IllegalArgumentException if {@code classes} is negative or above
     *                                  {@link MlpArchitecture#MAX_CLASSES}
     */
    public B classes(int classes) {
        if (classes < 0 || classes > MlpArchitecture.MAX_CLASSES) {
            throw new IllegalArgumentException("classes must be in [0, " + MlpArchitecture.MAX_CLASSES + "], got "
                    + classes);
        }
        this.classes = classes;
        return self();
    }

    /**
     * For labelled data: the probability with which a training point's label is replaced by the
     * null label (default {@value Recipe#DEFAULT_LABEL_DROPOUT}), so that one network learns both
     * the conditional velocity and the unconditional one that classifier-free guidance needs.
     *
     * @throws IllegalArgumentException if {@code p} is not in [0, 1)
     */
    public B labelDropout(double p) {
        this.labelDropout = Recipe.checkLabelDropout(p);
        return self();
    }

    /** A velocity model the caller made, known to the recipe by its description only. */
    B customModel(String description) {
        this.customModel = description == null ? null : RecipeText.singleLine(description);
        return self();
    }

    /** The source by its text form, as {@link Recipe#toMap()} writes it. */
    B sourceText(String text) {
        this.sourceText = text;
        this.source = null;
        return self();
    }
}
