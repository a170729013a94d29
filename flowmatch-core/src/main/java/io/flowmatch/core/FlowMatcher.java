package io.flowmatch.core;

import io.flowmatch.core.coupling.Coupling;
import io.flowmatch.core.coupling.Couplings;
import io.flowmatch.core.model.Activation;
import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.model.MlpVelocityModel;
import io.flowmatch.core.model.VelocityModel;
import io.flowmatch.core.path.AffinePath;
import io.flowmatch.core.path.Paths;
import io.flowmatch.core.path.Prediction;
import io.flowmatch.core.path.ProbabilityPath;
import io.flowmatch.core.time.TimeSampler;
import io.flowmatch.core.time.TimeSamplers;
import io.flowmatch.core.train.Checkpointer;
import io.flowmatch.core.train.DivergencePolicy;
import io.flowmatch.core.train.LearningRateSchedule;
import io.flowmatch.core.train.Optimizer;
import io.flowmatch.core.train.Trainer;
import io.flowmatch.core.train.TrainingConfig;
import io.flowmatch.core.train.TrainingDivergedException;
import io.flowmatch.core.train.TrainingListener;
import io.flowmatch.core.train.TrainingResult;
import io.flowmatch.core.train.TrainingSession;
import io.flowmatch.core.train.Validation;
import io.flowmatch.core.train.ValidationListener;
import io.flowmatch.core.train.WeightAverage;
import io.flowmatch.datasets.DataSource;
import io.flowmatch.datasets.Datasets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
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
 * <p>Everything not set takes the seeds' recipe: an MLP of three hidden layers of 64 with ELU
 * and time concatenated to the input, Adam with learning rate 1e-2, batch 256, 5000 steps, the
 * linear CondOT path and a standard Gaussian source.
 */
public final class FlowMatcher {

    private static final Logger LOG = LoggerFactory.getLogger(FlowMatcher.class);

    private FlowMatcher() {
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the settings of one training run; each setter checks its argument at once. */
    public static final class Builder {
        private DataSource data;
        private final TrainingConfig.Builder training = TrainingConfig.builder();
        private List<Integer> hiddenWidths = List.of(64, 64, 64);
        private Activation activation = Activation.ELU;
        private VelocityModel model;
        private ProbabilityPath path = Paths.condOt();
        private final List<TrainingListener> listeners = new ArrayList<>();
        private long seed;
        private DataSource source;
        private Validation validation;
        private Path checkpointFile;
        private long checkpointEvery;
        private Path resumeFrom;

        private Builder() {
        }

        /** The data to learn (required): a generator from {@link Datasets} or a loaded set of points. */
        public Builder data(DataSource data) {
            if (data == null) {
                throw new IllegalArgumentException("data must not be null");
            }
            this.data = data;
            return this;
        }

        /** Optimizer steps (default 5000), at least 0. */
        public Builder iterations(long iterations) {
            training.iterations(iterations);
            return this;
        }

        /** Points per step (default 256), at least 1. */
        public Builder batchSize(int batchSize) {
            training.batchSize(batchSize);
            return this;
        }

        /** The seed of initial weights, batches and times (default 0); also the model's sampling seed. */
        public Builder seed(long seed) {
            training.seed(seed);
            this.seed = seed;
            return this;
        }

        /** The base learning rate (default 1e-2). */
        public Builder learningRate(double learningRate) {
            training.learningRate(learningRate);
            return this;
        }

        /** The optimizer (default Adam with PyTorch's defaults). */
        public Builder optimizer(Optimizer optimizer) {
            training.optimizer(optimizer);
            return this;
        }

        /** The learning-rate schedule (default constant). */
        public Builder schedule(LearningRateSchedule schedule) {
            training.schedule(schedule);
            return this;
        }

        /** Clip gradients to this global norm (default 0: off). */
        public Builder clipNorm(double clipNorm) {
            training.clipNorm(clipNorm);
            return this;
        }

        /** Keep an exponential moving average of the weights and sample from it (default 0: off). */
        public Builder ema(double decay) {
            training.emaDecay(decay);
            return this;
        }

        /**
         * The source distribution x0 (default the standard Gaussian N(0, I)): e.g.
         * {@link Datasets#gaussian(double[], double[][])}, or another data set to learn a
         * data-to-data transport. Same dimension as the data. The trained model samples from it.
         */
        public Builder source(DataSource source) {
            if (source == null) {
                throw new IllegalArgumentException("source must not be null");
            }
            this.source = source;
            return this;
        }

        /**
         * What the network learns to output (default the velocity): {@link Prediction#DATA} (x1)
         * or {@link Prediction#NOISE} (x0) on an affine path; the model converts it back to a
         * velocity when sampling. Not combinable with {@link #validation}.
         */
        public Builder prediction(Prediction prediction) {
            training.prediction(prediction);
            return this;
        }

        /** How training times are drawn (default uniform); see {@link TimeSamplers}. */
        public Builder timeSampler(TimeSampler timeSampler) {
            training.timeSampler(timeSampler);
            return this;
        }

        /** How source and data points are paired in a batch (default independent); see {@link Couplings}. */
        public Builder coupling(Coupling coupling) {
            training.coupling(coupling);
            return this;
        }

        /** Steps between loss log lines (default 500). */
        public Builder logEvery(long steps) {
            training.logEvery(steps);
            return this;
        }

        /** Hidden layer widths of the default MLP (default 64, 64, 64). */
        public Builder hidden(int... widths) {
            this.hiddenWidths = MlpArchitecture.widths(widths);
            return this;
        }

        /** The activation of the default MLP (default ELU). */
        public Builder activation(Activation activation) {
            if (activation == null) {
                throw new IllegalArgumentException("activation must not be null");
            }
            this.activation = activation;
            return this;
        }

        /**
         * A velocity model of your own (float32, dimension of the data) instead of the default MLP;
         * it is trained in place. Only MLP models can be saved to a file.
         */
        public Builder model(VelocityModel model) {
            if (model == null) {
                throw new IllegalArgumentException("model must not be null");
            }
            this.model = model;
            return this;
        }

        /** The probability path (default CondOT). */
        public Builder path(ProbabilityPath path) {
            if (path == null) {
                throw new IllegalArgumentException("path must not be null");
            }
            this.path = path;
            return this;
        }

        /**
         * Write training checkpoints to {@code file} every {@code everySteps} steps (0: only when
         * training stops early or diverges), atomically, keeping the previous one until the new
         * one is complete; see {@link Checkpointer}.
         */
        public Builder checkpoints(Path file, long everySteps) {
            if (file == null) {
                throw new IllegalArgumentException("checkpoint file must not be null");
            }
            if (everySteps < 0) {
                throw new IllegalArgumentException("checkpoint interval must not be negative, got " + everySteps);
            }
            this.checkpointFile = file;
            this.checkpointEvery = everySteps;
            return this;
        }

        /**
         * Continue from a checkpoint written by a run with the same settings, data and model shape
         * (the number of iterations may differ); the result is bit-identical to an uninterrupted run.
         */
        public Builder resumeFrom(Path checkpoint) {
            if (checkpoint == null) {
                throw new IllegalArgumentException("checkpoint to resume from must not be null");
            }
            this.resumeFrom = checkpoint;
            return this;
        }

        /** What a step with a NaN or infinite loss or gradient does (default: stop with an error). */
        public Builder onDivergence(DivergencePolicy policy) {
            training.divergencePolicy(policy);
            return this;
        }

        /** Adds a listener for progress, logging or early stopping. */
        public Builder listener(TrainingListener listener) {
            if (listener == null) {
                throw new IllegalArgumentException("listener must not be null");
            }
            listeners.add(listener);
            return this;
        }

        /**
         * Judge the samples during training and keep the best weights (default: off); see
         * {@link Validation}. The trained model then carries the weights of the best evaluation,
         * and its provenance says which step that was ({@code best_step}, {@code best_metric}).
         */
        public Builder validation(Validation validation) {
            if (validation == null) {
                throw new IllegalArgumentException("validation must not be null");
            }
            this.validation = validation;
            return this;
        }

        /**
         * Trains and returns the model.
         *
         * @throws IllegalStateException if no data was given
         * @throws IllegalArgumentException if the data and a given model differ in dimension
         * @throws io.flowmatch.core.train.TrainingDivergedException if the loss becomes NaN or infinite
         *         (a configured checkpoint then holds the last good step)
         * @throws io.flowmatch.core.io.ModelFormatException if the checkpoint to resume from is not valid
         */
        public FlowModel train() {
            if (data == null) {
                throw new IllegalStateException("no data to train on: call data(...) first, e.g. data(Datasets.moons(0.05))");
            }
            int d = data.dimension();
            TrainingConfig config = training.build();
            VelocityModel velocity = model != null ? model
                    : MlpVelocityModel.initialise(new MlpArchitecture(d, hiddenWidths, activation), DataType.FLOAT, seed);
            if (velocity.dimension() != d) {
                throw new IllegalArgumentException("the model has dimension " + velocity.dimension()
                        + " but the data has dimension " + d);
            }
            DataSource x0 = source != null ? source : Datasets.gaussian(d);
            if (x0.dimension() != d) {
                throw new IllegalArgumentException("the source has dimension " + x0.dimension()
                        + " but the data has dimension " + d);
            }
            WeightAverage average = config.emaDecay() > 0 ? new WeightAverage(velocity.parameters(), config.emaDecay()) : null;
            if (validation != null && config.prediction() != Prediction.VELOCITY) {
                throw new IllegalArgumentException("validation samples the raw network and needs a velocity model; "
                        + "it cannot be combined with prediction(" + config.prediction() + ")");
            }
            ValidationListener validator = validation == null ? null : validation.listener(velocity, average, data, x0);
            TrainingResult result = run(config, velocity, average, x0, validator);
            if (validator != null) {
                validator.restoreBest();
            }
            Map<String, String> provenance = new LinkedHashMap<>();
            provenance.put("model", velocity.description());
            provenance.put("data", data.description());
            provenance.put("source", x0.description());
            provenance.put("path", path.description());
            provenance.put("iterations", Long.toString(config.iterations()));
            provenance.put("steps_done", Long.toString(result.steps()));
            provenance.put("batch_size", Integer.toString(config.batchSize()));
            provenance.put("seed", Long.toString(config.seed()));
            provenance.put("learning_rate", Double.toString(config.learningRate()));
            provenance.put("optimizer", config.optimizer().description());
            provenance.put("schedule", config.schedule().description());
            provenance.put("clip_norm", Double.toString(config.clipNorm()));
            provenance.put("ema_decay", Double.toString(config.emaDecay()));
            provenance.put("time_sampler", config.timeSampler().description());
            provenance.put("coupling", config.coupling().description());
            provenance.put("final_loss", Double.toString(result.meanFinalLoss()));
            provenance.put("train_seconds", String.format(java.util.Locale.ROOT, "%.3f", result.seconds()));
            provenance.put("library_version", FlowModel.LIBRARY_VERSION);
            if (validator != null) {
                provenance.putAll(validator.provenance());
            }
            if (config.divergencePolicy().skips()) {
                provenance.put("divergence", config.divergencePolicy().description());
            }
            if (resumeFrom != null) {
                provenance.put("resumed_from", resumeFrom.getFileName().toString());
            }
            VelocityModel averaged = average == null ? null : velocity.withParameters(average.average());
            // a copy, so that the returned model stays immutable even if the caller keeps the trained one
            Prediction prediction = config.prediction();
            if (prediction != Prediction.VELOCITY) {
                provenance.put("prediction", prediction.name().toLowerCase(java.util.Locale.ROOT));
            }
            return new FlowModel(velocity.withParameters(velocity.parameters()), averaged, config.seed(), provenance,
                    x0, prediction, prediction == Prediction.VELOCITY ? null : (AffinePath) path);
        }

        /** Runs training, with checkpoints and resumption when configured. */
        private TrainingResult run(TrainingConfig config, VelocityModel velocity, WeightAverage average,
                DataSource x0, ValidationListener validator) {
            TrainingSession session = new TrainingSession(config, velocity, data, x0, path, average, 0L);
            Checkpointer checkpointer = checkpointFile == null ? null
                    : new Checkpointer(session, checkpointFile, checkpointEvery);
            if (resumeFrom != null) {
                Checkpointer.resume(session, resumeFrom);
            }
            List<TrainingListener> all = new ArrayList<>();
            if (checkpointer != null) {
                all.add(checkpointer); // first, so that later listeners see the end after the final checkpoint
            }
            all.addAll(listeners);
            if (validator != null) {
                all.add(validator);
            }
            try {
                LOG.info("training {} on {} with {}: {}", velocity.description(), data.description(),
                        path.description(), config);
                return new Trainer(config).run(session, all);
            } catch (TrainingDivergedException e) {
                if (checkpointer != null) {
                    try {
                        checkpointer.save(); // the session still holds the last good step
                    } catch (RuntimeException notSaved) {
                        e.addSuppressed(notSaved);
                    }
                }
                throw e;
            }
        }
    }
}
