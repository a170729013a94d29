package io.flowmatch.core.train;

import io.flowmatch.core.coupling.Coupling;
import io.flowmatch.core.coupling.Couplings;
import io.flowmatch.core.path.Prediction;
import io.flowmatch.core.time.TimeSampler;
import io.flowmatch.core.time.TimeSamplers;

/**
 * The immutable settings of a training run; built with {@link #builder()}. Defaults are the
 * seeds' recipe: 5000 steps of batch 256, Adam with learning rate 1e-2, constant schedule, no
 * clipping, no weight average, uniform times, independent coupling, a log line every 500 steps.
 */
public final class TrainingConfig {

    private final long iterations;
    private final int batchSize;
    private final long seed;
    private final double learningRate;
    private final Optimizer optimizer;
    private final LearningRateSchedule schedule;
    private final double clipNorm;
    private final double emaDecay;
    private final long logEvery;
    private final TimeSampler timeSampler;
    private final Prediction prediction;
    private final Coupling coupling;
    private final DivergencePolicy divergencePolicy;

    private TrainingConfig(Builder b) {
        this.iterations = b.iterations;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.learningRate = b.learningRate;
        this.optimizer = b.optimizer;
        this.schedule = b.schedule;
        this.clipNorm = b.clipNorm;
        this.emaDecay = b.emaDecay;
        this.logEvery = b.logEvery;
        this.timeSampler = b.timeSampler;
        this.prediction = b.prediction;
        this.coupling = b.coupling;
        this.divergencePolicy = b.divergencePolicy;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.iterations = iterations;
        b.batchSize = batchSize;
        b.seed = seed;
        b.learningRate = learningRate;
        b.optimizer = optimizer;
        b.schedule = schedule;
        b.clipNorm = clipNorm;
        b.emaDecay = emaDecay;
        b.logEvery = logEvery;
        b.timeSampler = timeSampler;
        b.prediction = prediction;
        b.coupling = coupling;
        b.divergencePolicy = divergencePolicy;
        return b;
    }

    /** Optimizer steps to take. */
    public long iterations() {
        return iterations;
    }

    /** Points per step. */
    public int batchSize() {
        return batchSize;
    }

    /** Seed of every random draw of the run (initial weights, batches, times). */
    public long seed() {
        return seed;
    }

    /** The base learning rate. */
    public double learningRate() {
        return learningRate;
    }

    /** The optimizer. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The learning-rate schedule. */
    public LearningRateSchedule schedule() {
        return schedule;
    }

    /** Maximum global L2 norm of the gradient; 0 means no clipping. */
    public double clipNorm() {
        return clipNorm;
    }

    /** Decay of the exponential moving average of the weights; 0 means none. */
    public double emaDecay() {
        return emaDecay;
    }

    /** Steps between log lines and {@link TrainingListener#onLog} calls. */
    public long logEvery() {
        return logEvery;
    }

    /** What the network is trained to output: the velocity (default), x1 or x0. */
    public Prediction prediction() {
        return prediction;
    }

    /** How the training times t are drawn. */
    public TimeSampler timeSampler() {
        return timeSampler;
    }

    /** How source and data points are paired within a batch. */
    public Coupling coupling() {
        return coupling;
    }

    /** What a step with a non-finite loss or gradient does (default: stop). */
    public DivergencePolicy divergencePolicy() {
        return divergencePolicy;
    }

    @Override
    public String toString() {
        return "iterations=" + iterations + ", batch=" + batchSize + ", seed=" + seed + ", lr=" + learningRate
                + ", optimizer=" + optimizer.description() + ", schedule=" + schedule.description()
                + ", clip_norm=" + clipNorm + ", ema=" + emaDecay + ", time=" + timeSampler.description()
                + ", coupling=" + coupling.description()
                + (prediction == Prediction.VELOCITY ? "" : ", prediction=" + prediction.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** Builds a {@link TrainingConfig}; every setter validates its argument at once. */
    public static final class Builder {
        private long iterations = 5_000;
        private int batchSize = 256;
        private long seed = 0L;
        private double learningRate = 1e-2;
        private Optimizer optimizer = Adam.adam();
        private LearningRateSchedule schedule = LearningRateSchedule.constant();
        private double clipNorm = 0.0;
        private double emaDecay = 0.0;
        private long logEvery = 500;
        private TimeSampler timeSampler = TimeSamplers.uniform();
        private Prediction prediction = Prediction.VELOCITY;
        private Coupling coupling = Couplings.independent();
        private DivergencePolicy divergencePolicy = DivergencePolicy.stop();

        private Builder() {
        }

        /** Optimizer steps, at least 0. */
        public Builder iterations(long iterations) {
            if (iterations < 0) {
                throw new IllegalArgumentException("iterations must not be negative, got " + iterations);
            }
            this.iterations = iterations;
            return this;
        }

        /** Points per step, at least 1. */
        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** The seed of the run. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Base learning rate, positive and finite. */
        public Builder learningRate(double learningRate) {
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw new IllegalArgumentException("learning rate must be positive and finite, got " + learningRate);
            }
            this.learningRate = learningRate;
            return this;
        }

        /** The optimizer (default Adam). */
        public Builder optimizer(Optimizer optimizer) {
            if (optimizer == null) {
                throw new IllegalArgumentException("optimizer must not be null");
            }
            this.optimizer = optimizer;
            return this;
        }

        /** The learning-rate schedule (default constant). */
        public Builder schedule(LearningRateSchedule schedule) {
            if (schedule == null) {
                throw new IllegalArgumentException("schedule must not be null");
            }
            this.schedule = schedule;
            return this;
        }

        /** Clip the gradient to this global L2 norm; 0 turns clipping off. */
        public Builder clipNorm(double clipNorm) {
            if (!(clipNorm >= 0) || !Double.isFinite(clipNorm)) {
                throw new IllegalArgumentException("clip norm must be non-negative and finite, got " + clipNorm);
            }
            this.clipNorm = clipNorm;
            return this;
        }

        /** Keep an exponential moving average of the weights with this decay in (0, 1); 0 turns it off. */
        public Builder emaDecay(double emaDecay) {
            if (emaDecay != 0 && !(emaDecay > 0 && emaDecay < 1)) {
                throw new IllegalArgumentException("EMA decay must be 0 (off) or in (0, 1), got " + emaDecay);
            }
            this.emaDecay = emaDecay;
            return this;
        }

        /** Steps between log lines, at least 1. */
        public Builder logEvery(long logEvery) {
            if (logEvery < 1) {
                throw new IllegalArgumentException("log interval must be at least 1, got " + logEvery);
            }
            this.logEvery = logEvery;
            return this;
        }

        /**
         * What the network regresses onto (default {@link Prediction#VELOCITY}): the path's
         * velocity, the data point x1 or the source point x0. Anything but the velocity needs an
         * affine path, through which the sampler converts the output back to a velocity.
         */
        public Builder prediction(Prediction prediction) {
            if (prediction == null) {
                throw new IllegalArgumentException("prediction must not be null");
            }
            this.prediction = prediction;
            return this;
        }

        /** How training times are drawn (default uniform). */
        public Builder timeSampler(TimeSampler timeSampler) {
            if (timeSampler == null) {
                throw new IllegalArgumentException("time sampler must not be null");
            }
            this.timeSampler = timeSampler;
            return this;
        }

        /** How source and data points are paired in a batch (default independent). */
        public Builder coupling(Coupling coupling) {
            if (coupling == null) {
                throw new IllegalArgumentException("coupling must not be null");
            }
            this.coupling = coupling;
            return this;
        }

        /** What a step with a non-finite loss or gradient does (default {@link DivergencePolicy#stop()}). */
        public Builder divergencePolicy(DivergencePolicy divergencePolicy) {
            if (divergencePolicy == null) {
                throw new IllegalArgumentException("divergence policy must not be null");
            }
            this.divergencePolicy = divergencePolicy;
            return this;
        }

        /** The configuration. */
        public TrainingConfig build() {
            return new TrainingConfig(this);
        }
    }
}
