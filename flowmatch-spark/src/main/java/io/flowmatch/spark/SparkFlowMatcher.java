package io.flowmatch.spark;
import io.flowmatch.core.FlowMatchingObjective;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.Recipe;
import io.flowmatch.core.RecipeSettings;
import io.flowmatch.core.Standardization;
import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.model.MlpVelocityModel;
import io.flowmatch.core.model.VelocityModel;
import io.flowmatch.core.train.TrainingConfig;
import io.flowmatch.core.train.TrainingSession;
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
 * {@code local_step_seconds} (the slowest worker's optimizer steps, summed over rounds),
 * {@code local_step_seconds_all_workers} (every worker's, added up: more than the wall time when
 * workers run at once, the measure of the work when fewer cores than workers take turns) and
 * {@code averaging_seconds} (train_seconds less local_step_seconds: job start, broadcast,
 * serialisation, aggregation).
 *
 * <p><b>Labels.</b> {@link Builder#data(Dataset, String)} names a label column: the model is
 * class-conditional, as {@code FlowMatcher.builder().data(points, labels)} makes it (class
 * embedding, label dropout {@code labelDropout}, couplings solved within each class on every
 * worker), and samples a class with {@code FlowModel.sample(n, label, guidance)}. An integral
 * column's values are the classes 0..K-1 (every class needs a row; names {@code "0"}..); a string
 * column's distinct values, sorted, are the class names, kept by the model
 * ({@code classNames()}). A null label, a negative one or a missing class stops the run before
 * any training, naming the column. With one partition a labelled run too is bit-identical to
 * {@code FlowMatcher} on {@code Datasets.labelled(the same rows, their labels, the names)}.
 *
 * <p>Build the Dataset from files or tables: one made from a driver-side collection carries its
 * rows in its partitions, and Spark ships them with every task of every round (call
 * {@code localCheckpoint()} on it first).
 *
 * <p><b>Every recipe.</b> The builder takes every setting {@code FlowMatcher.builder()} takes
 * (path, time sampler, coupling, prediction, optimizer, schedule, EMA, clipping, model widths and
 * activation, source, divergence policy), with the same names. The driver ships the recipe's text
 * form ({@link Recipe#toMap()}) and each executor rebuilds it with {@link Recipe#fromMap}, so a
 * setting reaches the workers exactly as it is on one machine. A part that has no text form (a
 * schedule, path or coupling of your own) is refused before any job runs, except a schedule,
 * which is tabulated for every step instead; a source other than a Gaussian and a velocity model
 * of your own cannot be shipped.
 */
public final class SparkFlowMatcher {

    private static final Logger LOG = LoggerFactory.getLogger(SparkFlowMatcher.class);

    private SparkFlowMatcher() {
    }

    /** A builder with the defaults of {@link io.flowmatch.core.FlowMatcher}, and 50 steps between rounds. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Collects the settings of one run. The recipe's settings are inherited from
     * {@link RecipeSettings}, with the same names and checks as on
     * {@link io.flowmatch.core.FlowMatcher.Builder}; the rest (the Dataset, rounds, partitions,
     * caching) are Spark's. Each setter checks its argument at once.
     */
    public static final class Builder extends RecipeSettings<Builder> {
        private Dataset<Row> data;
        private String labelColumn;
        private int syncEvery = 50;
        private int partitions;
        private StorageLevel storageLevel = StorageLevel.MEMORY_AND_DISK();
        private StepHook hook;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
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
            this.labelColumn = null;
            return this;
        }

        /**
         * Labelled points (required, or {@link #data(Dataset)}): column {@code labelColumn} holds
         * each row's class, every other column, in order, is a numeric coordinate. Trains a
         * class-conditional model (see the class comment for how values become classes).
         *
         * @throws IllegalArgumentException if the data or the column name is null or blank (the
         *                                  column itself is checked when training starts)
         */
        public Builder data(Dataset<Row> data, String labelColumn) {
            if (labelColumn == null || labelColumn.isBlank()) {
                throw new IllegalArgumentException("label column must be a column name, got "
                        + (labelColumn == null ? "null" : "'" + labelColumn + "'"));
            }
            data(data);
            this.labelColumn = labelColumn;
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
            LabelColumn labels = labelColumn == null ? null : LabelColumn.read(data, labelColumn);
            Dataset<Row> ordered = labels == null ? data : coordinatesThenLabel(data, labelColumn);
            int d = PointBlocks.dimension(labels == null ? data.schema() : data.drop(labelColumn).schema());
            Recipe recipe = forClasses(recipe(), labels);
            WorkerRecipe shipped = WorkerRecipe.of(recipe, d);
            MlpArchitecture architecture = recipe.architecture(d);
            Dataset<Row> input = partitions > 0 ? ordered.repartition(partitions) : ordered;
            JavaRDD<FloatBlock> blocks = (labels == null ? PointBlocks.of(input) : PointBlocks.of(input, labels))
                    .persist(storageLevel);
            try {
                long start = System.nanoTime();
                ColumnMoments moments = readAndCheck(blocks);
                long rows = moments.count();
                Standardization standardization = recipe.normalize() ? moments.standardization() : null;
                double readSeconds = (System.nanoTime() - start) / 1e9;
                LOG.info("read {} points of dimension {} into {} partitions in {} s", rows, d, blocks.getNumPartitions(),
                        String.format(Locale.ROOT, "%.1f", readSeconds));
                FlowModel model = new Run(recipe, shipped.with(rows, standardization), architecture, blocks, rows)
                        .train(readSeconds);
                return labels == null ? model : model.withClassNames(labels.classNames());
            } finally {
                blocks.unpersist(false);
            }
        }

        /** The columns but the label column, in order, then the label column. */
        private static Dataset<Row> coordinatesThenLabel(Dataset<Row> data, String labelColumn) {
            List<org.apache.spark.sql.Column> columns = new java.util.ArrayList<>();
            for (String c : data.columns()) {
                if (!c.equals(labelColumn)) {
                    columns.add(data.col(c));
                }
            }
            columns.add(data.col(labelColumn));
            return data.select(columns.toArray(new org.apache.spark.sql.Column[0]));
        }

        /**
         * {@code recipe} with the label column's number of classes (0 without one), as
         * {@code FlowMatcher} sets it from labelled data.
         *
         * @throws IllegalArgumentException if the recipe insists on another number of classes
         */
        private static Recipe forClasses(Recipe recipe, LabelColumn labels) {
            int classes = labels == null ? 0 : labels.classes();
            if (recipe.classes() == classes) {
                return recipe;
            }
            if (recipe.classes() != 0) {
                throw new IllegalArgumentException("the recipe is for " + recipe.classes() + " classes but the data "
                        + (labels == null ? "have no labels: give a label column, data(points, \"label\")"
                                : "have " + classes + " in label column '" + labels.name() + "'"));
            }
            return recipe.toBuilder().classes(classes).build();
        }

        /**
         * Runs the caching job; returns the rows' count and column moments (for the
         * standardization), or throws for bad data.
         */
        private static ColumnMoments readAndCheck(JavaRDD<FloatBlock> blocks) {
            ColumnMoments all = blocks.mapPartitions(it -> {
                List<FloatBlock> mine = new java.util.ArrayList<>();
                it.forEachRemaining(mine::add);
                return List.of(ColumnMoments.of(mine)).iterator();
            }).fold(ColumnMoments.none(), ColumnMoments::merge);
            if (all.problem() != null) {
                throw new IllegalArgumentException("bad training data: " + all.problem());
            }
            if (all.count() == 0) {
                throw new IllegalArgumentException("the data has no rows");
            }
            return all;
        }

        /** The rounds of one run. */
        private final class Run {
            private final Recipe recipe;
            private final WorkerRecipe shipped;
            private final TrainingConfig config;
            private final long iterations;
            private final MlpArchitecture architecture;
            private final JavaRDD<FloatBlock> blocks;
            private final long rows;

            Run(Recipe recipe, WorkerRecipe shipped, MlpArchitecture architecture, JavaRDD<FloatBlock> blocks,
                    long rows) {
                this.recipe = recipe;
                this.shipped = shipped;
                this.config = recipe.training();
                this.iterations = config.iterations();
                this.architecture = architecture;
                this.blocks = blocks;
                this.rows = rows;
            }

            FlowModel train(double readSeconds) {
                JavaSparkContext jsc = JavaSparkContext.fromSparkContext(blocks.context());
                Broadcast<WorkerRecipe> recipe = jsc.broadcast(shipped);
                SharedState state = initialState();
                long start = System.nanoTime();
                double computeSeconds = 0;
                double allComputeSeconds = 0;
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
                        allComputeSeconds += sum.sumComputeSeconds();
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
                return model(state, round, workers, loss, seconds, computeSeconds, allComputeSeconds, readSeconds);
            }

            /** Step 0: the initial weights FlowMatcher would draw, zero moments, the average = the weights. */
            private SharedState initialState() {
                MlpVelocityModel model = MlpVelocityModel.initialise(architecture, DataType.FLOAT, config.seed());
                int d = architecture.dimension();
                // a labelled model needs labelled data to build its objective: one point of each class
                // (the state at step 0 does not depend on the data)
                io.flowmatch.datasets.DataSource data = architecture.classes() == 0 ? Datasets.gaussian(d)
                        : Datasets.labelled(Nd4j.zeros(DataType.FLOAT, architecture.classes(), d),
                                java.util.stream.IntStream.range(0, architecture.classes()).toArray());
                TrainingSession session = new TrainingSession(config,
                        new FlowMatchingObjective(recipe, model, data, null), 0L);
                return SharedState.of(session.snapshot());
            }

            private FlowModel model(SharedState state, int rounds, int workers, double loss, double seconds,
                    double computeSeconds, double allComputeSeconds, double readSeconds) {
                MlpVelocityModel trained = MlpVelocityModel.of(architecture, Nd4j.createFromArray(state.parameters()));
                VelocityModel averaged = state.average() == null ? null
                        : MlpVelocityModel.of(architecture, Nd4j.createFromArray(state.average()));
                Map<String, String> provenance = new LinkedHashMap<>(recipe.toMap());
                provenance.put("data", "spark(" + rows + "x" + architecture.dimension() + ", "
                        + blocks.getNumPartitions() + " partitions)");
                provenance.put("trainer", "spark-parameter-averaging");
                provenance.put("steps_done", Long.toString(state.step()));
                provenance.put("workers", Integer.toString(workers));
                provenance.put("sync_every", Integer.toString(syncEvery));
                provenance.put("rounds", Integer.toString(rounds));
                provenance.put("final_loss", Double.toString(loss));
                provenance.put("read_seconds", String.format(Locale.ROOT, "%.3f", readSeconds));
                provenance.put("train_seconds", String.format(Locale.ROOT, "%.3f", seconds));
                provenance.put("local_step_seconds", String.format(Locale.ROOT, "%.3f", computeSeconds));
                provenance.put("local_step_seconds_all_workers", String.format(Locale.ROOT, "%.3f", allComputeSeconds));
                provenance.put("averaging_seconds", String.format(Locale.ROOT, "%.3f", Math.max(0, seconds - computeSeconds)));
                LOG.info("trained {} steps on {} workers in {} rounds: {} s, {} s of it outside the local steps",
                        state.step(), workers, rounds, String.format(Locale.ROOT, "%.1f", seconds),
                        String.format(Locale.ROOT, "%.1f", Math.max(0, seconds - computeSeconds)));
                return FlowModel.of(trained, averaged, recipe, null, provenance, shipped.standardization());
            }
        }
    }
}
