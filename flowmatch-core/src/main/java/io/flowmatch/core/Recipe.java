package io.flowmatch.core;

import io.flowmatch.core.coupling.Coupling;
import io.flowmatch.core.coupling.Couplings;
import io.flowmatch.core.internal.RecipeText;
import io.flowmatch.core.internal.SpecText;
import io.flowmatch.core.model.Activation;
import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.path.AffinePath;
import io.flowmatch.core.path.Paths;
import io.flowmatch.core.path.Prediction;
import io.flowmatch.core.path.ProbabilityPath;
import io.flowmatch.core.time.TimeSampler;
import io.flowmatch.core.time.TimeSamplers;
import io.flowmatch.core.train.TrainingConfig;
import io.flowmatch.core.train.TrainingRecipe;
import io.flowmatch.datasets.DataSource;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.datasets.GaussianSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything that defines a flow-matching run, in one immutable value: the velocity model's
 * shape, the probability path, how training times are drawn, how noise and data are paired,
 * what the network predicts, the source distribution, and the shared loop's settings
 * ({@link TrainingConfig}: steps, batch, seed, optimizer, schedule, clipping, weight average,
 * divergence policy). The data are not part of it: a recipe is applied to data.
 *
 * <p>{@link #toMap()} is its text form, read back by {@link #fromMap(Map)} into an equal recipe.
 * A trained model's provenance, a checkpoint's fingerprint, the model file's header and what
 * Spark ships to its executors are all derived from it, so a setting added here reaches all
 * four. Build one with {@link #builder()}, or set the same things on
 * {@link FlowMatcher#builder()}, which builds one.
 *
 * <p>Defaults ({@link Recipes#defaults()}) keep the model, path and source of Lipman et al.'s toy
 * experiments as the tinygrad articles train them: an MLP of three hidden layers of 64 with ELU
 * and time concatenated to the input, the linear CondOT path, independent pairs, velocity
 * prediction, a standard Gaussian source (the data standardized), Adam, batch 256, 5000 steps.
 * How it trains was chosen by measurement (issue 23; the study, its table and the command that
 * reruns it are in the README and {@code benchmarks/defaults-study/}): the learning rate decays
 * from a peak of 2e-2 to 0 by a cosine ({@code cosine(min=0.0)}), and the training times are
 * logit-normal with mean 0.5 and standard deviation 1 (more of them in the second half of the
 * path, where the flow forms the data's fine structure); no weight average, no clipping, no
 * warm-up. On six 2-D data sets and three seeds at 5000 steps this gives a mean W2 0.32-0.78
 * times the PyTorch reference's (the toy recipe: 0.57-1.00), at the same time per step. The
 * decay is what matters most: with a constant rate the quality depends on where the last step
 * happened to land; a weight average (EMA 0.999) fixes that too, but on top of the decay it
 * only lags behind. {@link FlowModel#sample(int)}'s midpoint rule with 50 steps stays: the
 * study found no difference to Euler with 100 steps or RK4 with 50.
 *
 * <p>The recipe the defaults were before, the constant rate 1e-2 with uniform times, is
 * {@link Recipes#toyExperiments()}: {@code FlowMatcher.builder().recipe(Recipes.toyExperiments())}
 * trains, bit for bit, what the old defaults trained.
 */
public final class Recipe extends TrainingRecipe {

    /**
     * The keys of the flow's own settings in {@link #toMap()}, before the conditioning's
     * ({@link #LABEL_KEYS}, only for a conditional recipe) and the loop's ({@link TrainingConfig#KEYS}).
     */
    public static final List<String> FLOW_KEYS = List.of("model", "hidden", "activation", "path", "time_sampler",
            "coupling", "prediction", "source", "normalize");

    /**
     * The keys of the conditioning settings ({@code classes}, {@code label_dropout}), after
     * {@link #FLOW_KEYS} in {@link #toMap()}: written for a class-conditional recipe or a label
     * dropout other than the default, absent otherwise (so that an unconditional recipe's text
     * form is what it always was).
     */
    public static final List<String> LABEL_KEYS = List.of("classes", "label_dropout");

    /** The default probability of replacing a training label by the null label. */
    public static final double DEFAULT_LABEL_DROPOUT = 0.1;

    /**
     * The one check of a label dropout, shared by every kind of flow that trains on labels
     * (points, images, tables), so that each says the same about a bad value.
     *
     * @param p the probability of replacing a training label by the null label
     * @return {@code p}
     * @throws IllegalArgumentException "label dropout must be in [0, 1), got <i>p</i>" if {@code p}
     *                                  is not in [0, 1) (NaN included)
     */
    public static double checkLabelDropout(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("label dropout must be in [0, 1), got " + p);
        }
        return p;
    }

    private static final String STANDARD_SOURCE = "gaussian";
    private static final String MLP = "mlp";

    private final List<Integer> hidden;
    private final Activation activation;
    private final String customModel;
    private final ProbabilityPath path;
    private final TimeSampler timeSampler;
    private final Coupling coupling;
    private final Prediction prediction;
    private final DataSource source;
    private final String sourceText;
    private final boolean normalize;
    private final int classes;
    private final double labelDropout;

    /** The recipe of {@code b}'s settings, whose loop and MLP settings are the others. */
    Recipe(RecipeSettings<?> b, TrainingConfig training, List<Integer> hidden, Activation activation) {
        super(training);
        this.hidden = hidden;
        this.activation = activation;
        this.customModel = b.customModel;
        this.path = b.path;
        this.timeSampler = b.timeSampler;
        this.coupling = b.coupling;
        this.prediction = b.prediction;
        boolean standard = b.source != null
                && b.source.description().equals(Datasets.gaussian(b.source.dimension()).description());
        this.source = b.source;
        this.sourceText = standard ? STANDARD_SOURCE
                : b.source != null ? RecipeText.singleLine(b.source.description()) : b.sourceText;
        if (Boolean.TRUE.equals(b.normalize) && !hasStandardSource()) {
            throw new IllegalArgumentException("standardizing the data needs the standard Gaussian source, not "
                    + sourceText + ": with another source the data stay in their own units (normalize(false))");
        }
        this.normalize = b.normalize != null ? b.normalize : hasStandardSource();
        this.classes = b.classes;
        this.labelDropout = b.labelDropout;
        if (prediction != Prediction.VELOCITY && !(path instanceof AffinePath)) {
            throw new IllegalArgumentException("predicting " + prediction.description()
                    + " needs an affine path (to convert back to a velocity), not " + path.description());
        }
    }

    /** {@code r} for a model of {@code classes} classes: every other setting, the source object included, kept. */
    private Recipe(Recipe r, int classes) {
        super(r.training());
        this.hidden = r.hidden;
        this.activation = r.activation;
        this.customModel = r.customModel;
        this.path = r.path;
        this.timeSampler = r.timeSampler;
        this.coupling = r.coupling;
        this.prediction = r.prediction;
        this.source = r.source;
        this.sourceText = r.sourceText;
        this.normalize = r.normalize;
        this.classes = classes;
        this.labelDropout = r.labelDropout;
    }

    /** This recipe for a model of {@code classes} class labels (the data's, when training takes them from there). */
    Recipe withClasses(int classes) {
        if (classes < 0 || classes > MlpArchitecture.MAX_CLASSES) {
            throw new IllegalArgumentException("classes must be in [0, " + MlpArchitecture.MAX_CLASSES + "], got "
                    + classes);
        }
        return new Recipe(this, classes);
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this recipe. */
    public Builder toBuilder() {
        return new Builder().recipe(this);
    }

    /** Hidden layer widths of the MLP velocity model. */
    public List<Integer> hidden() {
        return hidden;
    }

    /** The MLP's activation. */
    public Activation activation() {
        return activation;
    }

    /** The MLP for data of {@code dimension} coordinates (taking {@link #classes()} labels). */
    public MlpArchitecture architecture(int dimension) {
        return new MlpArchitecture(dimension, hidden, activation, classes);
    }

    /**
     * The number of class labels the model is conditioned on: 0 for an unconditional model (or,
     * before training, for "as many as the data have"; the trained model's recipe says the number).
     */
    public int classes() {
        return classes;
    }

    /** The probability of replacing a training point's label by the null label (classifier-free guidance). */
    public double labelDropout() {
        return labelDropout;
    }

    /**
     * Whether the velocity model is one the caller made (see {@link FlowMatcher.Builder#model}),
     * which the recipe names but cannot rebuild; otherwise it is the MLP of {@link #hidden()}.
     */
    public boolean hasCustomModel() {
        return customModel != null;
    }

    /** The probability path. */
    public ProbabilityPath path() {
        return path;
    }

    /** How training times are drawn. */
    public TimeSampler timeSampler() {
        return timeSampler;
    }

    /** How noise and data are paired in a batch. */
    public Coupling coupling() {
        return coupling;
    }

    /** What the network regresses onto. */
    public Prediction prediction() {
        return prediction;
    }

    /** The affine path that converts predictions to velocities; null for velocity prediction. */
    public AffinePath predictionPath() {
        return prediction == Prediction.VELOCITY ? null : (AffinePath) path;
    }

    /**
     * Whether the data are standardized per coordinate before training (see
     * {@link RecipeSettings#normalize(boolean)}); on by default with the standard Gaussian source.
     */
    public boolean normalize() {
        return normalize;
    }

    /** Whether the source is the standard Gaussian N(0, I) of the data's dimension. */
    public boolean hasStandardSource() {
        return STANDARD_SOURCE.equals(sourceText);
    }

    /**
     * The source distribution for data of {@code dimension} coordinates: the standard Gaussian,
     * the one given to the builder, or one rebuilt from its text (a Gaussian by its mean and
     * covariance).
     *
     * @throws IllegalArgumentException if the source has another dimension, or is a custom one
     *                                  known only by its description (give it with {@code source(..)})
     */
    public DataSource source(int dimension) {
        DataSource s;
        if (source != null) {
            s = source;
        } else if (hasStandardSource()) {
            s = Datasets.gaussian(dimension);
        } else {
            s = parseGaussian(sourceText);
        }
        if (s.dimension() != dimension) {
            throw new IllegalArgumentException("the source has dimension " + s.dimension()
                    + " but the data has dimension " + dimension);
        }
        return s;
    }

    /**
     * The text form: the flow's settings under {@link #FLOW_KEYS} (the model as {@code mlp} with
     * {@code hidden} and {@code activation}, or {@code custom(...)} naming a caller's model; each
     * plug-in part by its {@code description()}, which its factory's {@code parse} reads back),
     * the conditioning's under {@link #LABEL_KEYS} for a class-conditional recipe, then the loop's
     * under {@link TrainingConfig#KEYS}. Values are single-line.
     */
    @Override
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        if (customModel != null) {
            m.put("model", "custom(" + customModel + ")");
        } else {
            m.put("model", MLP);
            m.put("hidden", RecipeText.joinWidths(hidden));
            m.put("activation", activation.name().toLowerCase(Locale.ROOT));
        }
        m.put("path", path.description());
        m.put("time_sampler", timeSampler.description());
        m.put("coupling", coupling.description());
        m.put("prediction", prediction.description());
        m.put("source", sourceText);
        m.put("normalize", Boolean.toString(normalize));
        if (classes > 0 || labelDropout != DEFAULT_LABEL_DROPOUT) {
            m.put("classes", Integer.toString(classes));
            m.put("label_dropout", Double.toString(labelDropout));
        }
        return textForm(m);
    }

    /**
     * The recipe whose {@link #toMap()} is {@code map}. Absent keys take the defaults; a key that
     * is neither in {@link #FLOW_KEYS} nor in {@link TrainingConfig#KEYS} is an error. A custom
     * model or source comes back as a name only: training with such a recipe needs the model
     * or source given again.
     *
     * @throws IllegalArgumentException naming the unknown key, or the key and value that cannot
     *                                  be read
     */
    public static Recipe fromMap(Map<String, String> map) {
        RecipeText.requireKnownKeys(map, "recipe", FLOW_KEYS, LABEL_KEYS, TrainingConfig.KEYS);
        // absent loop keys take the recipe's defaults, which differ from the shared loop's
        Builder b = readTraining(map, RecipeSettings.DEFAULT_TRAINING, builder());
        RecipeText.read(map, FLOW_KEYS, "recipe", (key, v) -> {
            switch (key) {
                case "model" -> b.customModel(RecipeText.customModel(v, MLP, true));
                case "hidden" -> b.hidden(RecipeText.parseWidths(v));
                case "activation" -> b.activation(Activation.parse(v));
                case "path" -> b.path(Paths.parse(v));
                case "time_sampler" -> b.timeSampler(TimeSamplers.parse(v));
                case "coupling" -> b.coupling(Couplings.parse(v));
                case "prediction" -> b.prediction(Prediction.parse(v));
                case "source" -> b.sourceText(v.trim());
                case "normalize" -> b.normalize(RecipeText.parseBoolean(v));
                default -> throw new AssertionError(key);
            }
        });
        RecipeText.read(map, LABEL_KEYS, "recipe", (key, v) -> {
            switch (key) {
                case "classes" -> b.classes(Integer.parseInt(v.trim()));
                case "label_dropout" -> b.labelDropout(Double.parseDouble(v.trim()));
                default -> throw new AssertionError(key);
            }
        });
        return b.build();
    }

    String customModelDescription() {
        return customModel;
    }

    String sourceText() {
        return sourceText;
    }

    /** A Gaussian from its description {@code gaussian(mean=[..], cov=[[..], ..])}. */
    static GaussianSource parseGaussian(String text) {
        SpecText spec = SpecText.parse(text, "source");
        if (!spec.name().equals("gaussian") || spec.named().get("mean") == null || spec.named().get("cov") == null) {
            throw new IllegalArgumentException("the source '" + text + "' cannot be rebuilt from its description;"
                    + " give it again with source(...)");
        }
        double[] mean = parseVector(spec.named().get("mean"));
        String cov = spec.named().get("cov").trim();
        if (!cov.startsWith("[") || !cov.endsWith("]")) {
            throw new IllegalArgumentException("bad covariance '" + cov + "'");
        }
        List<double[]> rows = new ArrayList<>();
        int depth = 0;
        int start = -1;
        for (int i = 1; i < cov.length() - 1; i++) {
            char c = cov.charAt(i);
            if (c == '[' && depth++ == 0) {
                start = i;
            } else if (c == ']' && --depth == 0) {
                rows.add(parseVector(cov.substring(start, i + 1)));
            }
        }
        return Datasets.gaussian(mean, rows.toArray(new double[0][]));
    }

    private static double[] parseVector(String text) {
        String t = text.trim();
        if (!t.startsWith("[") || !t.endsWith("]")) {
            throw new IllegalArgumentException("bad vector '" + text + "'");
        }
        String[] parts = t.substring(1, t.length() - 1).split(",");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Double.parseDouble(parts[i].trim());
        }
        return v;
    }

    /** Builds a {@link Recipe}; every setter checks its argument at once. */
    public static final class Builder extends RecipeSettings<Builder> {

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * The recipe.
         *
         * @throws IllegalArgumentException if a non-velocity prediction is combined with a path
         *                                  that is not affine
         */
        public Recipe build() {
            return recipe();
        }
    }
}
