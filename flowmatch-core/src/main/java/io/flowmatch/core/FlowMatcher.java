package io.flowmatch.core;

import io.flowmatch.core.model.MlpVelocityModel;
import io.flowmatch.core.model.VelocityModel;
import io.flowmatch.core.path.Prediction;
import io.flowmatch.core.train.TrainingConfig;
import io.flowmatch.core.train.TrainingResult;
import io.flowmatch.core.train.TrainingRun;
import io.flowmatch.core.train.TrainingRunOptions;
import io.flowmatch.core.train.TrainingSession;
import io.flowmatch.core.train.Validation;
import io.flowmatch.core.train.ValidationListener;
import io.flowmatch.core.train.WeightAverage;
import io.flowmatch.datasets.DataSource;
import io.flowmatch.datasets.Datasets;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: configure a flow-matching run fluently and {@link Builder#train() train} it.
 *
 * <pre>{@code
 * FlowModel model = FlowMatcher.builder()
 *         .data(Datasets.moons(0.05))
 *         .iterations(5_000)
 *         .batchSize(256)
 *         .seed(42L)
 *         .train();
 * }</pre>
 *
 * <p>Every setting of the run is a setting of its {@link Recipe} (the setters are shared with
 * {@link Recipe.Builder} through {@link RecipeSettings}); what is not set takes the recipe's
 * defaults ({@link Recipes#defaults()}): an MLP of three hidden layers of 64 with ELU and time
 * concatenated to the input, Adam with a peak learning rate of 2e-2 decayed to 0 by a cosine,
 * batch 256, 5000 steps, logit-normal(0.5, 1) training times, the linear CondOT path and a
 * standard Gaussian source; {@link Recipe} says how they were chosen. Start from
 * {@link Recipes#toyExperiments()} with {@code recipe(..)} for the constant-rate toy recipe
 * the defaults were before. The trained model's provenance is the recipe's text form plus what
 * the run measured.
 */
public final class FlowMatcher {

    private static final Logger LOG = LoggerFactory.getLogger(FlowMatcher.class);

    static {
        // before anything here touches ND4J (see BlasKernels)
        io.flowmatch.core.internal.BlasKernels.ensureChosen();
    }

    private FlowMatcher() {
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Collects the settings of one training run: the recipe's (inherited from
     * {@link RecipeSettings}), the data, and what is not part of a recipe (a model of your own,
     * listeners, validation, checkpoints). Each setter checks its argument at once.
     */
    public static final class Builder extends RecipeSettings<Builder> implements TrainingRunOptions<Builder> {
        private DataSource data;
        private VelocityModel model;
        private final TrainingRun run = new TrainingRun();
        private Validation validation;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * The data to learn (required): a generator from {@link Datasets} or a loaded set of points;
         * labelled data ({@link io.flowmatch.datasets.LabelledDataSource}) train a class-conditional model.
         */
        public Builder data(DataSource data) {
            this.data = required(data, "data");
            return this;
        }

        /**
         * Labelled points to learn p(x | label) from (and p(x)): {@code points} [n, d] with a class
         * per row in {@code labels}, as {@link Datasets#labelled(INDArray, int[])} makes them. The
         * model is class-conditional, trained with label dropout for classifier-free guidance
         * (see {@link #labelDropout(double)} and {@link FlowModel#sample(int, int, double)}); any
         * labelled data source ({@link io.flowmatch.datasets.LabelledDataSource}) given to
         * {@link #data(DataSource)} does the same.
         *
         * @throws IllegalArgumentException as {@link Datasets#labelled(INDArray, int[])}: a label per
         *                                  point, none negative, every class 0..K-1 with a point
         */
        public Builder data(INDArray points, int[] labels) {
            return data(Datasets.labelled(points, labels));
        }

        /**
         * A velocity model of your own (float32, dimension of the data) instead of the recipe's
         * MLP; it is trained in place, and the recipe names it by its description. Only MLP
         * models can be saved to a file.
         */
        public Builder model(VelocityModel model) {
            this.model = required(model, "model");
            customModel(model.description());
            return this;
        }

        /** The options of the run that are not part of its recipe (listeners, checkpoints, resumption). */
        @Override
        public TrainingRun trainingRun() {
            return run;
        }

        /**
         * Judge the samples during training and keep the best weights (default: off); see
         * {@link Validation}. The trained model then carries the weights of the best evaluation,
         * and its provenance says which step that was ({@code best_step}, {@code best_metric}).
         * Needs velocity prediction.
         */
        public Builder validation(Validation validation) {
            this.validation = required(validation, "validation");
            return this;
        }

        /**
         * The recipe of everything set so far.
         *
         * @throws IllegalArgumentException if a non-velocity prediction is set with a path that is not affine
         */
        public Recipe toRecipe() {
            return recipe();
        }

        /**
         * Trains and returns the model.
         *
         * @throws IllegalStateException if no data was given
         * @throws IllegalArgumentException if the data and a given model or source differ in
         *         dimension, or the settings contradict each other
         * @throws io.flowmatch.core.train.TrainingDivergedException if the loss becomes NaN or infinite
         *         (a configured checkpoint then holds the last good step)
         * @throws io.flowmatch.core.io.ModelFormatException if the checkpoint to resume from is not valid
         */
        public FlowModel train() {
            if (data == null) {
                throw new IllegalStateException("no data to train on: call data(...) first, e.g. data(Datasets.moons(0.05))");
            }
            Recipe recipe = LabelledTraining.forData(recipe(), data);
            int d = data.dimension();
            TrainingConfig config = recipe.training();
            VelocityModel velocity = model != null ? model
                    : MlpVelocityModel.initialise(recipe.architecture(d), DataType.FLOAT, config.seed());
            if (velocity.dimension() != d) {
                throw new IllegalArgumentException("the model has dimension " + velocity.dimension()
                        + " but the data has dimension " + d);
            }
            if (validation != null && recipe.prediction() != Prediction.VELOCITY) {
                throw new IllegalArgumentException("validation samples the raw network and needs a velocity model; "
                        + "it cannot be combined with prediction(" + recipe.prediction() + ")");
            }
            DataSource x0 = recipe.source(d);
            if (x0.dimension() != d) {
                throw new IllegalArgumentException("the source has dimension " + x0.dimension()
                        + " but the data has dimension " + d);
            }
            Standardization standardization = recipe.normalize()
                    ? Standardization.fit(Standardization.fitGenerator(config.seed()), data) : null;
            DataSource trained = standardization == null ? data : standardization.apply(data);
            FlowMatchingObjective objective = new FlowMatchingObjective(recipe, velocity, trained, x0);
            TrainingSession session = new TrainingSession(config, objective, 0L);
            WeightAverage average = session.average();
            // validation compares the raw network's samples with the data in the units it trains in
            ValidationListener validator = validation == null ? null
                    : validation.listener(velocity, average, trained, x0);
            LOG.info("training on {} with {}", data.description(), recipe.toMap());
            TrainingResult result = run.run(session, validator);
            if (validator != null) {
                validator.restoreBest();
            }
            Map<String, String> provenance = Provenance.of(recipe, data.description(), result, run, Map.of(),
                    validator == null ? Map.of() : validator.provenance());
            // copies, so that the returned model stays immutable even if the caller keeps the trained one
            VelocityModel averaged = average == null ? null : velocity.withParameters(average.average());
            return LabelledTraining.named(FlowModel.of(velocity, averaged, recipe, x0, provenance, standardization),
                    data);
        }
    }
}
