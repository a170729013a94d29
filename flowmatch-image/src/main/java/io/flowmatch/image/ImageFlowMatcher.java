package io.flowmatch.image;

import io.flowmatch.core.Provenance;
import io.flowmatch.core.Recipe;
import io.flowmatch.core.train.TrainingResult;
import io.flowmatch.core.train.TrainingRun;
import io.flowmatch.core.train.TrainingRunOptions;
import io.flowmatch.core.train.TrainingSession;
import io.flowmatch.core.train.TrainingSettings;
import io.flowmatch.core.train.WeightAverage;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a class-conditional image flow with classifier-free guidance: a thin builder over the
 * shared training loop ({@link TrainingSession}, driven by {@link TrainingRun}) with
 * {@link ConditionalImageObjective} as what it minimises. x_t = (1 - t) z + t x with z standard
 * normal and t uniform in [0, 0.999]; the {@link UNetVelocityModel} is regressed onto x - z, and
 * each label is dropped to the null label with probability {@link Builder#labelDropout(double)}
 * so that one network learns both the conditional and the unconditional field.
 *
 * <pre>{@code
 * ImageFlowModel model = ImageFlowMatcher.builder()
 *         .images(Shapes.generate(5_000, 1L))
 *         .iterations(3_000)
 *         .batchSize(32)
 *         .seed(42L)
 *         .train();
 * INDArray images = model.sample(model.gridLabels(8), 2.0, 40, 7L);   // 8 per class, guidance w = 2
 * model.save(Path.of("shapes.flow"));
 * }</pre>
 *
 * <p>Every setting of the run is a setting of its {@link ImageRecipe}; the loop's setters
 * ({@code iterations}, {@code batchSize}, {@code seed}, {@code learningRate}, {@code optimizer},
 * {@code schedule}, {@code clipNorm}, {@code ema}, {@code onDivergence}, {@code logEvery}) are
 * inherited from {@link TrainingSettings} and start from {@link ImageRecipe#DEFAULT_TRAINING}.
 * Checkpoints, resumption and listeners work as for every other flow.
 */
public final class ImageFlowMatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ImageFlowMatcher.class);

    /** The largest training time: t is drawn uniformly in [0, {@value}]. */
    public static final double MAX_TIME = ConditionalImageObjective.MAX_TIME;

    private ImageFlowMatcher() {
    }

    /**
     * A builder with the defaults: 3000 iterations, batch 32 computed in 2 parts, Adam lr 3e-3
     * cosine-decayed to 5%, label dropout 0.1, sampling from an EMA of the weights with decay
     * 0.998, seed 42, one thread.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Fluent configuration of an image flow; {@link #train()} runs it. Each setter checks its
     * argument at once and throws {@link IllegalArgumentException} naming the bad value.
     */
    public static final class Builder extends TrainingSettings<Builder> implements TrainingRunOptions<Builder> {
        private LabelledImages images;
        private UNetArchitecture architecture;
        private double labelDropout = ImageRecipe.DEFAULT_LABEL_DROPOUT;
        private int batchSplit = ImageRecipe.DEFAULT_BATCH_SPLIT;
        private int threads = 1;
        private final TrainingRun run = new TrainingRun();

        private Builder() {
            super(ImageRecipe.DEFAULT_TRAINING);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Starts from {@code recipe}: every setting takes its value (later calls change them one by one). */
        public Builder recipe(ImageRecipe recipe) {
            startFrom(recipe);
            this.architecture = recipe.architecture();
            this.labelDropout = recipe.labelDropout();
            this.batchSplit = recipe.batchSplit();
            return this;
        }

        /** The training images and labels (required). */
        public Builder images(LabelledImages value) {
            this.images = required(value, "images");
            return this;
        }

        /** The network's shape; default {@link UNetArchitecture#defaults} for the images. */
        public Builder architecture(UNetArchitecture value) {
            this.architecture = required(value, "architecture");
            return this;
        }

        /** The probability p in [0, 1) of replacing a label by the null label during training (default 0.1). */
        public Builder labelDropout(double value) {
            this.labelDropout = Recipe.checkLabelDropout(value);
            return this;
        }

        /**
         * The number of parts, in [1, 64] and at most the batch size, each batch's gradient is
         * computed in (default 2); see {@link ImageRecipe#batchSplit()}. Part of the recipe: it
         * changes the last bits of the numbers.
         */
        public Builder batchSplit(int value) {
            ImageRecipe.checkBatchSplit(value);
            this.batchSplit = value;
            return this;
        }

        /**
         * How many threads compute a batch's parts at once (default 1). Not part of the recipe:
         * any number gives bit-identical results; more than the batch split does not help.
         */
        public Builder threads(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("threads must be positive, got " + value);
            }
            this.threads = value;
            return this;
        }

        /** The options of the run that are not part of its recipe (listeners, checkpoints, resumption). */
        @Override
        public TrainingRun trainingRun() {
            return run;
        }

        /**
         * The recipe of everything set so far; without an architecture, the default one for the
         * images.
         *
         * @throws IllegalStateException    if neither an architecture nor images were given
         * @throws IllegalArgumentException if the batch split exceeds the batch size
         */
        public ImageRecipe toRecipe() {
            UNetArchitecture arch = architecture;
            if (arch == null) {
                if (images == null) {
                    throw new IllegalStateException("no architecture: call architecture(...) or images(...) first");
                }
                arch = UNetArchitecture.defaults(images.height(), images.width(), images.classes());
            }
            return ImageRecipe.of(trainingConfig(), arch, labelDropout, batchSplit);
        }

        /**
         * Trains and returns the model.
         *
         * @throws IllegalStateException    if no images were given
         * @throws IllegalArgumentException if the architecture does not fit the images
         * @throws io.flowmatch.core.train.TrainingDivergedException if the loss becomes NaN or
         *         infinite (a configured checkpoint then holds the last good step)
         * @throws io.flowmatch.core.io.ModelFormatException if the checkpoint to resume from is not valid
         */
        public ImageFlowModel train() {
            if (images == null) {
                throw new IllegalStateException("no images: call images(...) before train()");
            }
            ImageRecipe recipe = toRecipe();
            UNetArchitecture arch = recipe.architecture();
            if (arch.height() != images.height() || arch.width() != images.width()
                    || arch.classes() != images.classes()) {
                throw new IllegalArgumentException("architecture " + arch + " does not fit " + images);
            }
            UNetVelocityModel model = UNetVelocityModel.initialise(arch, DataType.FLOAT, recipe.training().seed());
            try (ConditionalImageObjective objective = new ConditionalImageObjective(recipe, model, images, threads)) {
                TrainingSession session = new TrainingSession(recipe.training(), objective, 0L);
                LOG.info("training {} ({} parameters) on {} with {} thread(s): {}", arch, model.parameterCount(),
                        images, objective.threads(), recipe.toMap());
                TrainingResult result = run.run(session);
                Map<String, String> provenance = Provenance.of(recipe, images.toString(), result, run,
                        Map.of("threads", Integer.toString(objective.threads())), Map.of());
                WeightAverage average = session.average();
                UNetVelocityModel averaged = average == null ? null : model.withParameters(average.average());
                return ImageFlowModel.of(model, averaged, recipe, provenance);
            }
        }
    }
}
