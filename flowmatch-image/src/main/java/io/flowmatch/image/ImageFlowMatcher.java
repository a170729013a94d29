package io.flowmatch.image;

import io.flowmatch.core.train.Adam;
import io.flowmatch.core.train.LearningRateSchedule;
import io.flowmatch.core.train.Optimizer;
import io.flowmatch.core.train.WeightAverage;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a class-conditional image flow with classifier-free guidance, the recipe of the
 * Fashion-MNIST flow-matching article: x_t = (1 - t) z + t x with z standard normal, t uniform in
 * [0, 0.999] (clamped as the article does, so nothing divides by 1 - t), regress the
 * {@link UNetVelocityModel} onto x - z by mean squared error, and drop each label to the null
 * label with probability {@link Builder#labelDropout(double)} so that one network learns both the
 * conditional and the unconditional field.
 *
 * <pre>{@code
 * ImageFlowModel model = ImageFlowMatcher.builder()
 *         .images(Shapes.generate(5_000, 1L))
 *         .iterations(3_000)
 *         .batchSize(32)
 *         .seed(42L)
 *         .train();
 * INDArray images = model.sample(model.gridLabels(8), 2.0, 40, 7L);   // 8 per class, guidance w = 2
 * }</pre>
 */
public final class ImageFlowMatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ImageFlowMatcher.class);

    /** The largest training time, as in the article: t is clamped to [0, 0.999]. */
    public static final double MAX_TIME = 0.999;

    private final Builder b;

    private ImageFlowMatcher(Builder builder) {
        this.b = builder;
    }

    /**
     * A builder with the defaults: 3000 iterations, batch 32, Adam lr 3e-3 cosine-decayed, dropout
     * 0.1, sampling from an EMA of the weights with decay 0.998.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** One training step's report, for progress display. */
    public record Progress(long step, long totalSteps, double loss, double learningRate, double elapsedSeconds) {
    }

    /** Fluent configuration of an image flow; {@link #train()} runs it. */
    public static final class Builder {
        private LabelledImages images;
        private UNetArchitecture architecture;
        private long iterations = 3_000;
        private int batchSize = 32;
        private double learningRate = 3e-3;
        private LearningRateSchedule schedule = LearningRateSchedule.cosine(0.05);
        private Optimizer optimizer = Adam.adam();
        private double labelDropout = 0.1;
        private double emaDecay = 0.998;
        private long seed = 42L;
        private int logEvery = 100;
        private Consumer<Progress> listener = p -> { };

        private Builder() {
        }

        /** The training images and labels (required). */
        public Builder images(LabelledImages value) {
            if (value == null) {
                throw new IllegalArgumentException("images must not be null");
            }
            this.images = value;
            return this;
        }

        /** The network's shape; default {@link UNetArchitecture#defaults} for the images. */
        public Builder architecture(UNetArchitecture value) {
            this.architecture = value;
            return this;
        }

        /** Optimizer steps, at least 1. */
        public Builder iterations(long value) {
            if (value < 1) {
                throw new IllegalArgumentException("iterations must be positive, got " + value);
            }
            this.iterations = value;
            return this;
        }

        /** Images per step, at least 1. */
        public Builder batchSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("batch size must be positive, got " + value);
            }
            this.batchSize = value;
            return this;
        }

        /** The peak learning rate, positive. */
        public Builder learningRate(double value) {
            if (!(value > 0) || !Double.isFinite(value)) {
                throw new IllegalArgumentException("learning rate must be positive and finite, got " + value);
            }
            this.learningRate = value;
            return this;
        }

        /** How the learning rate changes over the run; default cosine down to 5%. */
        public Builder schedule(LearningRateSchedule value) {
            this.schedule = value;
            return this;
        }

        /** The optimizer; default Adam. */
        public Builder optimizer(Optimizer value) {
            this.optimizer = value;
            return this;
        }

        /** The probability p in [0, 1) of replacing a label by the null label during training. */
        public Builder labelDropout(double value) {
            if (!(value >= 0 && value < 1)) {
                throw new IllegalArgumentException("label dropout must be in [0, 1), got " + value);
            }
            this.labelDropout = value;
            return this;
        }

        /**
         * Samples from an exponential moving average of the weights with this decay in (0, 1)
         * (default 0.998), updated after every step; 0 samples from the last weights.
         */
        public Builder emaDecay(double value) {
            if (!(value >= 0 && value < 1)) {
                throw new IllegalArgumentException("EMA decay must be in [0, 1), got " + value);
            }
            this.emaDecay = value;
            return this;
        }

        /** The seed of the initial weights and of every random draw. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Logs a progress line every {@code value} steps (0: never). */
        public Builder logEvery(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("logEvery must be non-negative, got " + value);
            }
            this.logEvery = value;
            return this;
        }

        /** Called after every step (on the training thread). */
        public Builder listener(Consumer<Progress> value) {
            this.listener = value == null ? p -> { } : value;
            return this;
        }

        /** Trains and returns the model. */
        public ImageFlowModel train() {
            if (images == null) {
                throw new IllegalStateException("no images: call images(...) before train()");
            }
            UNetArchitecture arch = architecture != null ? architecture
                    : UNetArchitecture.defaults(images.height(), images.width(), images.classes());
            if (arch.height() != images.height() || arch.width() != images.width()
                    || arch.classes() != images.classes()) {
                throw new IllegalArgumentException("architecture " + arch + " does not fit " + images);
            }
            return new ImageFlowMatcher(this).run(arch);
        }
    }

    private ImageFlowModel run(UNetArchitecture arch) {
        UNetVelocityModel model = UNetVelocityModel.initialise(arch, DataType.FLOAT, b.seed);
        SplittableRandom rng = new SplittableRandom(b.seed ^ 0x5DEECE66DL);
        int n = b.batchSize;
        int d = arch.dimension();
        ConditionalPass pass = model.newConditionalPass(n);
        INDArray grad = Nd4j.create(DataType.FLOAT, model.parameterCount());
        Optimizer.Update update = b.optimizer.bind(model.parameters(), grad);
        WeightAverage average = b.emaDecay > 0 ? new WeightAverage(model.parameters(), b.emaDecay) : null;
        float[] data = new float[n * d];
        float[] xt = new float[n * d];
        float[] target = new float[n * d];
        float[] times = new float[n];
        int[] labels = new int[n];
        LOG.info("training {} ({} parameters) on {}: {} steps of {}, label dropout {}", arch,
                model.parameterCount(), b.images, b.iterations, n, b.labelDropout);
        long start = System.nanoTime();
        double smoothed = Double.NaN;
        for (long step = 1; step <= b.iterations; step++) {
            b.images.sample(rng, data, labels, n);
            for (int i = 0; i < n; i++) {
                if (rng.nextDouble() < b.labelDropout) {
                    labels[i] = ConditionalPass.NULL_LABEL;
                }
                float t = (float) (rng.nextDouble() * MAX_TIME);
                times[i] = t;
                for (int j = i * d; j < (i + 1) * d; j++) {
                    float z = (float) gaussian(rng);
                    xt[j] = (1 - t) * z + t * data[j];
                    target[j] = data[j] - z;
                }
            }
            pass.labels(labels);
            INDArray v = pass.forward(Nd4j.create(times, new long[] {n, 1}, 'c'),
                    Nd4j.create(xt, new long[] {n, d}, 'c'));
            INDArray residual = v.sub(Nd4j.create(target, new long[] {n, d}, 'c'));
            double loss = residual.norm2Number().doubleValue();
            loss = loss * loss / ((double) n * d);
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("training diverged at step " + step + ": loss " + loss);
            }
            pass.backward(residual.muli(2.0 / ((double) n * d)), grad);
            double lr = b.learningRate * b.schedule.factor(step, b.iterations);
            update.apply(step, lr, 1.0);
            if (average != null) {
                average.update();
            }
            smoothed = Double.isNaN(smoothed) ? loss : 0.98 * smoothed + 0.02 * loss;
            double elapsed = (System.nanoTime() - start) / 1e9;
            b.listener.accept(new Progress(step, b.iterations, loss, lr, elapsed));
            if (b.logEvery > 0 && (step % b.logEvery == 0 || step == b.iterations)) {
                LOG.info("step {}/{}: loss {} (smoothed {}), lr {}, {} s", step, b.iterations,
                        String.format("%.4f", loss), String.format("%.4f", smoothed), String.format("%.2e", lr),
                        String.format("%.1f", elapsed));
            }
        }
        UNetVelocityModel trained = average == null ? model : model.withParameters(average.average());
        return new ImageFlowModel(trained, arch);
    }

    static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
