package io.flowmatch.spark;

import io.flowmatch.core.FlowModel;
import io.flowmatch.solvers.OdeSolver;
import io.flowmatch.solvers.Solvers;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Draws samples of a {@link FlowModel} on Spark, in parallel: the model is broadcast once, and
 * partition i draws its share of the rows (n / partitions, the first n % partitions partitions one
 * more) from its own seed, derived from the call's seed and i. The same seed and partition count
 * give the same rows in the same order, whatever the cluster; each partition's rows are
 * distributed as {@link FlowModel#sample(int, OdeSolver, int, long)}'s.
 *
 * <pre>{@code
 * Dataset<Row> samples = SparkSampler.sample(spark, model, 1_000_000L, 8, 7L);   // columns x0..x{d-1}
 * }</pre>
 *
 * <p>The result is lazy, like any Spark Dataset: every action samples again (identically). Cache
 * or write it to use it more than once. Columns are float32, the model's precision.
 */
public final class SparkSampler {

    /** Rows a task integrates and hands to Spark at a time; bounds a task's memory. */
    static final int CHUNK_ROWS = 1 << 16;

    private SparkSampler() {
    }

    /**
     * {@code n} samples with the model's default solver and steps ({@link FlowModel#DEFAULT_SOLVER},
     * {@link FlowModel#DEFAULT_STEPS}).
     *
     * @param spark      the session to run on
     * @param model      an MLP flow model (any trained or loaded {@link FlowModel})
     * @param n          rows, at least 1
     * @param partitions partitions of the result, at least 1 (and at most n)
     * @param seed       the seed; the same seed and partitions give the same rows
     * @return a Dataset of {@code n} rows with float columns {@code x0 .. x{d-1}}
     * @throws IllegalArgumentException for a null argument, a non-positive count, or a model that
     *                                  is not an MLP
     */
    public static Dataset<Row> sample(SparkSession spark, FlowModel model, long n, int partitions, long seed) {
        return sample(spark, model, n, partitions, seed, FlowModel.DEFAULT_SOLVER, FlowModel.DEFAULT_STEPS);
    }

    /**
     * {@code n} samples integrated with the named solver (see {@link Solvers#byName}) and steps.
     *
     * @see #sample(SparkSession, FlowModel, long, int, long)
     */
    public static Dataset<Row> sample(SparkSession spark, FlowModel model, long n, int partitions, long seed,
            String solver, int steps) {
        return sample(spark, model, n, partitions, seed, UNLABELLED, 0.0, solver, steps);
    }

    /**
     * {@code n} samples of class {@code label} of a class-conditional model, with classifier-free
     * guidance w ({@link FlowModel#sample(int, int, double, OdeSolver, int, long)}: 1 the plain
     * conditional model, 0 the unconditional one), integrated with the named solver and steps.
     * Partitions and seeds as for the unconditional call: the same seed and partitions give the
     * same source noise, and the same rows for the same label and guidance.
     *
     * @param label    a class in [0, {@code model.classes()}), e.g. {@code model.classOf("setosa")}
     * @param guidance the guidance scale w, finite
     * @throws IllegalArgumentException as the unconditional call, or if the model has no classes,
     *                                  the label is not one of them or w is not finite
     */
    public static Dataset<Row> sample(SparkSession spark, FlowModel model, long n, int partitions, long seed,
            int label, double guidance, String solver, int steps) {
        if (model != null && label != UNLABELLED) {
            if (model.classes() == 0) {
                throw new IllegalArgumentException("the model was trained without labels: sample it without a label");
            }
            if (label < 0 || label >= model.classes()) {
                throw new IllegalArgumentException("label " + label + " is not a class of the model: its classes are 0 to "
                        + (model.classes() - 1));
            }
            if (!Double.isFinite(guidance)) {
                throw new IllegalArgumentException("guidance scale must be finite, got " + guidance);
            }
        }
        if (spark == null || model == null) {
            throw new IllegalArgumentException("spark and model must not be null");
        }
        if (n < 1) {
            throw new IllegalArgumentException("number of samples must be positive, got " + n);
        }
        if (partitions < 1 || partitions > n) {
            throw new IllegalArgumentException("partitions must be between 1 and n = " + n + ", got " + partitions);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be positive, got " + steps);
        }
        Solvers.parse(solver);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<ModelSpec> spec = jsc.broadcast(ModelSpec.of(model));
        int d = model.dimension();
        List<Integer> indices = new ArrayList<>(partitions);
        for (int i = 0; i < partitions; i++) {
            indices.add(i);
        }
        JavaRDD<Row> rows = jsc.parallelize(indices, partitions).mapPartitionsWithIndex((index, ignored) -> {
            // a task samples on its own cores only: FlowModel's default (every processor of the
            // JVM) ran two sampling threads per task on local[2], four threads on two cores
            int cpus = TaskThreads.pin();
            long count = n / partitions + (index < n % partitions ? 1 : 0);
            FlowModel own = spec.value().model().withThreads(cpus);
            return new PartitionRows(own, solver, steps, partitionSeed(seed, index), count, label, guidance);
        }, true);
        return spark.createDataFrame(rows, schema(d));
    }

    /** No label: the unconditional model. */
    private static final int UNLABELLED = Integer.MIN_VALUE;

    /** The columns x0 .. x{d-1}, float, not nullable. */
    static StructType schema(int d) {
        StructField[] fields = new StructField[d];
        for (int j = 0; j < d; j++) {
            fields[j] = DataTypes.createStructField("x" + j, DataTypes.FloatType, false);
        }
        return DataTypes.createStructType(fields);
    }

    /** The seed of partition {@code index}: a SplitMix64 mix of the call's seed and the index. */
    static long partitionSeed(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One partition's rows, integrated {@link #CHUNK_ROWS} at a time as they are consumed. */
    private static final class PartitionRows implements Iterator<Row> {
        private final FlowModel model;
        private final OdeSolver solver;
        private final int steps;
        private final long seed;
        private final long count;
        private final int label;
        private final double guidance;
        private final int d;
        private long produced;
        private int chunk;
        private float[] values = new float[0];
        private int at;
        private int rowsInChunk;

        PartitionRows(FlowModel model, String solver, int steps, long seed, long count, int label, double guidance) {
            this.label = label;
            this.guidance = guidance;
            this.model = model;
            this.solver = Solvers.parse(solver);
            this.steps = steps;
            this.seed = seed;
            this.count = count;
            this.d = model.dimension();
        }

        @Override
        public boolean hasNext() {
            return produced < count;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            if (at == rowsInChunk) {
                rowsInChunk = (int) Math.min(CHUNK_ROWS, count - produced);
                long chunkSeed = partitionSeed(seed, chunk++);
                INDArray x = label == UNLABELLED ? model.sample(rowsInChunk, solver, steps, chunkSeed)
                        : model.sample(rowsInChunk, label, guidance, solver, steps, chunkSeed);
                values = x.reshape(x.length()).toFloatVector();
                at = 0;
            }
            Object[] row = new Object[d];
            for (int j = 0; j < d; j++) {
                row[j] = values[at * d + j];
            }
            at++;
            produced++;
            return RowFactory.create(row);
        }
    }
}
