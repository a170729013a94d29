package io.flowmatch.spark;

import io.flowmatch.core.FlowModel;
import io.flowmatch.core.model.Activation;
import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.model.MlpVelocityModel;
import io.flowmatch.core.model.VelocityModel;
import io.flowmatch.core.path.Paths;
import io.flowmatch.core.train.LearningRateSchedule;
import io.flowmatch.core.train.TrainingConfig;
import io.flowmatch.core.train.TrainingSession;
import io.flowmatch.core.train.WeightAverage;
import io.flowmatch.datasets.Datasets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data-parallel flow-matching training on Apache Spark: the counterpart of
 * {@link io.flowmatch.core.FlowMatcher} for points that live in a Spark {@link Dataset}.
 *
 * <pre>{@code
 * FlowModel model = SparkFlowMatcher.builder()
 *         .data(spark.read().parquet("points.parquet"))   // numeric columns, one point a row
 *         .iterations(5_000)     // optimizer steps each worker takes
 *         .batchSize(256)        // per worker
 *         .syncEvery(50)         // local steps between averaging rounds
 *         .seed(42L)
 *         .train();              // an ordinary FlowModel
 * }</pre>
 *
 * <p><b>How it runs.</b> Each partition of the data is one worker. The points are read once,
 * checked, and cached by Spark as float32 blocks (storage level memory and disk by default). Training is a sequence of averaging rounds, each one Spark job: the driver broadcasts
 * the current state (parameters, Adam's moments, weight average, step); every worker restores it,
 * takes {@code syncEvery} optimizer steps on minibatches of its own points (random stream = its
 * partition index), and {@code treeAggregate} sums the resulting states weighted by each
 * partition's share of the rows; the average starts the next round. Parameter averaging in
 * rounds of {@code treeAggregate} is how DL4J trained on Spark. A failed task is retried by
 * Spark from the same broadcast state and computes the same result, so failures cost time but
 * never corrupt the model; the driver updates the state only when a round's job has succeeded.
 *
 * <p>With one partition the result is bit-identical to {@code FlowMatcher} trained on
 * {@code Datasets.of(the same rows in the same order)} with the same seed and settings (same
 * draws, restored sessions continue exactly, the average of one state is itself).
 *
 * <p>The model's provenance records the run: workers, rounds, {@code train_seconds},
 * {@code local_step_seconds} (the slowest worker's optimizer steps, summed over rounds) and
 * {@code averaging_seconds} (the rest: job start, broadcast, serialisation, aggregation).
 *
 * <p>Build the Dataset from files or tables: one made from a driver-side collection carries its
 * rows in its partitions, and Spark ships them with every task of every round (call
 * {@code localCheckpoint()} on it first).
 *
 * <p>Supported settings are those below; the optimizer is Adam (PyTorch's defaults), the path
 * linear CondOT, the source a standard Gaussian and the model the default MLP shape.
 */
public final class SparkFlowMatcher {

    private static final Logger LOG = LoggerFactory.getLogger(SparkFlowMatcher.class);

    private SparkFlowMatcher() {
    }

    /** A builder with the defaults of {@link io.flowmatch.core.FlowMatcher}, and 50 steps between rounds. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the settings of one run; each setter checks its argument at once. */
    public static final class Builder {
        private Dataset<Row> data;
        private final TrainingConfig.Builder training = TrainingConfig.builder();
        private long iterations = 5_000;
        private int syncEvery = 50;
        private int partitions;
        private long seed;
        private List<Integer> hiddenWidths = List.of(64, 64, 64);
        private Activation activation = Activation.ELU;
        private StorageLevel storageLevel = StorageLevel.MEMORY_AND_DISK();
        private StepHook hook;

        private Builder() {
        }

        /**
         * The points (required): one a row, every column numeric (any numeric type), used in
         * column order. Each partition becomes one worker; see {@link #partitions(int)}.
         */
        public Builder data(Dataset<Row> data) {
            if (data == null) {
                throw new IllegalArgumentException("data must not be null");
            }
            this.data = data;
            return this;
        }

        /** Optimizer steps each worker takes (default 5000), at least 0. */
        public Builder iterations(long iterations) {
            training.iterations(iterations);
            this.iterations = iterations;
            return this;
        }

        /** Points per step per worker (default 256), at least 1. */
        public Builder batchSize(int batchSize) {
            training.batchSize(batchSize);
            return this;
        }

        /** Local optimizer steps between averaging rounds (default 50), at least 1. */
        public Builder syncEvery(int syncEvery) {
            if (syncEvery < 1) {
                throw new IllegalArgumentException("syncEvery must be at least 1, got " + syncEvery);
            }
            this.syncEvery = syncEvery;
            return this;
        }

        /**
         * Repartition the data into this many workers before caching it (default 0: keep the
         * data's own partitions). Spark shuffles the rows once to do so.
         */
        public Builder partitions(int partitions) {
            if (partitions < 0) {
                throw new IllegalArgumentException("partitions must be positive (or 0 to keep the data's), got "
                        + partitions);
            }
            this.partitions = partitions;
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

        /**
         * The learning-rate schedule (default constant). One that is not
         * {@link java.io.Serializable} is tabulated on the driver for every step (at most 2^20 steps).
         */
        public Builder schedule(LearningRateSchedule schedule) {
            training.schedule(schedule);
            return this;
        }

        /** Clip each worker's gradients to this global norm (default 0: off). */
        public Builder clipNorm(double clipNorm) {
            training.clipNorm(clipNorm);
            return this;
        }

        /** Keep an exponential moving average of the weights (averaged across workers too) and sample from it. */
        public Builder ema(double decay) {
            training.emaDecay(decay);
            return this;
        }

        /** Hidden layer widths of the MLP (default 64, 64, 64). */
        public Builder hidden(int... widths) {
            this.hiddenWidths = MlpArchitecture.widths(widths);
            return this;
        }

        /** The activation of the MLP (default ELU). */
        public Builder activation(Activation activation) {
            if (activation == null) {
                throw new IllegalArgumentException("activation must not be null");
            }
            this.activation = activation;
            return this;
        }

        /** How Spark caches the points between rounds (default memory and disk). */
        public Builder storageLevel(StorageLevel storageLevel) {
            if (storageLevel == null || storageLevel == StorageLevel.NONE()) {
                throw new IllegalArgumentException("give a storage level that keeps the data, e.g. MEMORY_AND_DISK");
            }
            this.storageLevel = storageLevel;
            return this;
        }

        /** For tests: called in each task after each local step. */
        Builder afterStep(StepHook hook) {
            this.hook = hook;
            return this;
        }

        /**
         * Reads, checks and caches the data, trains on the data's Spark session, and returns the
         * model.
         *
         * @throws IllegalStateException    if no data was given, or training diverged
         * @throws IllegalArgumentException if a column is not numeric, or a value is null, NaN or
         *                                  infinite (the column is named), or there are no rows
         */
        public FlowModel train() {
            if (data == null) {
                throw new IllegalStateException("no data to train on: call data(...) first, e.g. data(spark.read().parquet(...))");
            }
            int d = PointBlocks.dimension(data.schema());
            TrainingConfig config = training.build();
            MlpArchitecture architecture = new MlpArchitecture(d, hiddenWidths, activation);
            Dataset<Row> input = partitions > 0 ? data.repartition(partitions) : data;
            JavaRDD<FloatBlock> blocks = PointBlocks.of(input).persist(storageLevel);
            try {
                long start = System.nanoTime();
                long rows = readAndCheck(blocks);
                double readSeconds = (System.nanoTime() - start) / 1e9;
                LOG.info("read {} points of dimension {} into {} partitions in {} s", rows, d, blocks.getNumPartitions(),
                        String.format(Locale.ROOT, "%.1f", readSeconds));
                return new Run(config, architecture, blocks, rows).train(readSeconds);
            } finally {
                blocks.unpersist(false);
            }
        }

        /** Runs the caching job; returns the number of rows, or throws for bad data. */
        private static long readAndCheck(JavaRDD<FloatBlock> blocks) {
            List<String> found = blocks.mapPartitions(it -> {
                long n = 0;
                String problem = null;
                while (it.hasNext()) {
                    FloatBlock b = it.next();
                    n += b.rows();
                    if (b.problem() != null && problem == null) {
                        problem = b.problem();
                    }
                }
                return List.of(problem != null ? "!" + problem : Long.toString(n)).iterator();
            }).collect();
            long rows = 0;
            for (String f : found) {
                if (f.startsWith("!")) {
                    throw new IllegalArgumentException("bad training data: " + f.substring(1));
                }
                rows += Long.parseLong(f);
            }
            if (rows == 0) {
                throw new IllegalArgumentException("the data has no rows");
            }
            return rows;
        }

        /** The rounds of one run. */
        private final class Run {
            private final TrainingConfig config;
            private final MlpArchitecture architecture;
            private final JavaRDD<FloatBlock> blocks;
            private final long rows;

            Run(TrainingConfig config, MlpArchitecture architecture, JavaRDD<FloatBlock> blocks, long rows) {
                this.config = config;
                this.architecture = architecture;
                this.blocks = blocks;
                this.rows = rows;
            }

            FlowModel train(double readSeconds) {
                JavaSparkContext jsc = JavaSparkContext.fromSparkContext(blocks.context());
                Broadcast<WorkerRecipe> recipe = jsc.broadcast(new WorkerRecipe(config, architecture, rows));
                SharedState state = initialState();
                long start = System.nanoTime();
                double computeSeconds = 0;
                int round = 0;
                int workers = 0;
                double loss = Double.NaN;
                long nextLog = config.logEvery();
                try {
                    while (state.step() < iterations) {
                        round++;
                        int steps = (int) Math.min(syncEvery, iterations - state.step());
                        Broadcast<SharedState> shared = jsc.broadcast(state);
                        RoundSum sum = blocks.mapPartitionsWithIndex(
                                        new LocalSteps(recipe, shared, round, steps, hook), true)
                                .treeAggregate(new RoundSum(), RoundSum::merge, RoundSum::merge);
                        shared.destroy();
                        if (sum.failure() != null) {
                            throw new IllegalStateException(sum.failure());
                        }
                        state = sum.averaged();
                        workers = sum.workers();
                        loss = sum.meanLoss();
                        computeSeconds += sum.maxComputeSeconds();
                        if (state.step() >= nextLog || state.step() == iterations) {
                            LOG.info("round {} step {}/{} loss {} ({} workers, {} s)", round, state.step(), iterations,
                                    String.format(Locale.ROOT, "%.5f", loss), workers,
                                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
                            nextLog = state.step() + config.logEvery();
                        }
                    }
                } finally {
                    recipe.destroy();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                return model(state, round, workers, loss, seconds, computeSeconds, readSeconds);
            }

            /** Step 0: the initial weights FlowMatcher would draw, zero moments, the average = the weights. */
            private SharedState initialState() {
                MlpVelocityModel model = MlpVelocityModel.initialise(architecture, DataType.FLOAT, seed);
                WeightAverage average = config.emaDecay() > 0
                        ? new WeightAverage(model.parameters(), config.emaDecay()) : null;
                int d = architecture.dimension();
                TrainingSession session = new TrainingSession(config, model, Datasets.gaussian(d), Datasets.gaussian(d),
                        Paths.condOt(), average, 0L);
                return SharedState.of(session.snapshot());
            }

            private FlowModel model(SharedState state, int rounds, int workers, double loss, double seconds,
                    double computeSeconds, double readSeconds) {
                MlpVelocityModel trained = MlpVelocityModel.of(architecture, Nd4j.createFromArray(state.parameters()));
                VelocityModel averaged = state.average() == null ? null
                        : MlpVelocityModel.of(architecture, Nd4j.createFromArray(state.average()));
                Map<String, String> provenance = new LinkedHashMap<>();
                provenance.put("model", trained.description());
                provenance.put("data", "spark(" + rows + "x" + architecture.dimension() + ", "
                        + blocks.getNumPartitions() + " partitions)");
                provenance.put("source", Datasets.gaussian(architecture.dimension()).description());
                provenance.put("path", Paths.condOt().description());
                provenance.put("trainer", "spark-parameter-averaging");
                provenance.put("iterations", Long.toString(config.iterations()));
                provenance.put("steps_done", Long.toString(state.step()));
                provenance.put("batch_size", Integer.toString(config.batchSize()));
                provenance.put("workers", Integer.toString(workers));
                provenance.put("sync_every", Integer.toString(syncEvery));
                provenance.put("rounds", Integer.toString(rounds));
                provenance.put("seed", Long.toString(config.seed()));
                provenance.put("learning_rate", Double.toString(config.learningRate()));
                provenance.put("optimizer", config.optimizer().description());
                provenance.put("schedule", config.schedule().description());
                provenance.put("clip_norm", Double.toString(config.clipNorm()));
                provenance.put("ema_decay", Double.toString(config.emaDecay()));
                provenance.put("final_loss", Double.toString(loss));
                provenance.put("read_seconds", String.format(Locale.ROOT, "%.3f", readSeconds));
                provenance.put("train_seconds", String.format(Locale.ROOT, "%.3f", seconds));
                provenance.put("local_step_seconds", String.format(Locale.ROOT, "%.3f", computeSeconds));
                provenance.put("averaging_seconds", String.format(Locale.ROOT, "%.3f", Math.max(0, seconds - computeSeconds)));
                LOG.info("trained {} steps on {} workers in {} rounds: {} s, {} s of it outside the local steps",
                        state.step(), workers, rounds, String.format(Locale.ROOT, "%.1f", seconds),
                        String.format(Locale.ROOT, "%.1f", Math.max(0, seconds - computeSeconds)));
                return FlowModel.of(trained, averaged, config.seed(), provenance);
            }
        }
    }
}
