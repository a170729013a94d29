package io.flowmatch.core.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The immutable settings of the shared training loop, common to every kind of flow: how many
 * steps of which batch size, the seed, the optimizer and its learning rate and schedule,
 * gradient clipping, the weight average and what a diverging step does. Built with
 * {@link #builder()}; {@link #toMap()} and {@link #fromMap(Map)} give its text form. What a
 * step computes (path, time sampling, coupling, model) belongs to the flow's recipe and its
 * {@link Objective}.
 *
 * <p>Defaults are the recipe of Lipman et al.'s toy experiments as the tinygrad articles train
 * it: 5000 steps of batch 256, Adam with learning rate 1e-2, constant schedule, no clipping, no
 * weight average, a log line every 500 steps. Each kind of flow starts from its own defaults
 * built on these: continuous flows decay the rate from 2e-2 by a cosine
 * ({@link io.flowmatch.core.Recipe}), image, tabular, discrete and manifold flows have theirs.
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

    /** What a step with a non-finite loss or gradient does (default: stop). */
    public DivergencePolicy divergencePolicy() {
        return divergencePolicy;
    }

    /** The keys of {@link #toMap()}, in order. */
    public static final List<String> KEYS = List.of("iterations", "batch_size", "seed", "learning_rate", "optimizer",
            "schedule", "clip_norm", "ema_decay", "divergence", "log_every");

    /**
     * The text form: every setting under the keys of {@link #KEYS}, values single-line and read
     * back exactly by {@link #fromMap(Map)} (doubles in Java's shortest round-tripping form).
     */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("iterations", Long.toString(iterations));
        m.put("batch_size", Integer.toString(batchSize));
        m.put("seed", Long.toString(seed));
        m.put("learning_rate", Double.toString(learningRate));
        m.put("optimizer", optimizer.description());
        m.put("schedule", schedule.description());
        m.put("clip_norm", Double.toString(clipNorm));
        m.put("ema_decay", Double.toString(emaDecay));
        m.put("divergence", divergencePolicy.description());
        m.put("log_every", Long.toString(logEvery));
        return Collections.unmodifiableMap(m);
    }

    /**
     * The configuration whose {@link #toMap()} is {@code map}: keys of {@link #KEYS} that are
     * present are parsed (with the checks of the builder), absent ones take the defaults, and
     * other keys are left to the caller (a recipe holds more than this).
     *
     * @throws IllegalArgumentException naming the key and value that cannot be read
     */
    public static TrainingConfig fromMap(Map<String, String> map) {
        Builder b = builder();
        for (String key : KEYS) {
            String v = map.get(key);
            if (v == null) {
                continue;
            }
            try {
                switch (key) {
                    case "iterations" -> b.iterations(Long.parseLong(v.trim()));
                    case "batch_size" -> b.batchSize(Integer.parseInt(v.trim()));
                    case "seed" -> b.seed(Long.parseLong(v.trim()));
                    case "learning_rate" -> b.learningRate(Double.parseDouble(v.trim()));
                    case "optimizer" -> b.optimizer(Optimizers.parse(v));
                    case "schedule" -> b.schedule(LearningRateSchedules.parse(v));
                    case "clip_norm" -> b.clipNorm(Double.parseDouble(v.trim()));
                    case "ema_decay" -> b.ema(Double.parseDouble(v.trim()));
                    case "divergence" -> b.divergencePolicy(DivergencePolicy.parse(v));
                    case "log_every" -> b.logEvery(Long.parseLong(v.trim()));
                    default -> throw new AssertionError(key);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad " + key + " '" + v + "': " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingConfig other && toMap().equals(other.toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return "iterations=" + iterations + ", batch=" + batchSize + ", seed=" + seed + ", lr=" + learningRate
                + ", optimizer=" + optimizer.description() + ", schedule=" + schedule.description()
                + ", clip_norm=" + clipNorm + ", ema=" + emaDecay
                + (divergencePolicy.skips() ? ", divergence=" + divergencePolicy.description() : "");
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
        public Builder ema(double emaDecay) {
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
