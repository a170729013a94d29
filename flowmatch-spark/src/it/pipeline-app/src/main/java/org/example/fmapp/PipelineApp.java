package org.example.fmapp;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.metrics.SampleDistances;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.spark.ml.FlowMatching;
import io.flowmatch.spark.ml.FlowMatchingModel;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A Spark application that uses flowmatch the Spark ML way: a Pipeline of a VectorAssembler and
 * FlowMatching fitted on a CSV file, saved and loaded again, used to score rows (anomaly scores)
 * and to draw a synthetic copy of the data, which is compared with what the single-machine
 * FlowMatcher makes at the same budget.
 *
 * <p>{@code PipelineApp TRAIN.csv HELD_OUT.csv MODEL_DIR [ITERATIONS]}: both CSV files have a
 * header line {@code x,y}. Prints one line of results.
 */
public final class PipelineApp {

    /** What a run measured. */
    public record Result(long scoredPairs, double fractionHigher, double w2Spark, double w2Single, double w2Floor,
            long sampled) {
        /** W2 of the Spark samples over W2 of the single-machine samples. */
        public double ratio() {
            return w2Spark / w2Single;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "pairs=%d fraction_in_scores_higher=%.4f sampled=%d w2_spark=%.4f "
                    + "w2_single=%.4f w2_floor=%.4f w2_ratio=%.3f", scoredPairs, fractionHigher, sampled, w2Spark,
                    w2Single, w2Floor, ratio());
        }
    }

    /** Points compared per W2 (exact optimal transport), and subsamples averaged. */
    static final int W2_POINTS = 2_000;
    static final int W2_REPEATS = 3;

    private PipelineApp() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: PipelineApp TRAIN.csv HELD_OUT.csv MODEL_DIR [ITERATIONS]");
            System.exit(2);
        }
        SparkSession spark = SparkSession.builder().appName("flowmatch-pipeline-app").getOrCreate();
        try {
            long iterations = args.length > 3 ? Long.parseLong(args[3]) : 2_000L;
            System.out.println(run(spark, args[0], args[1], args[2], iterations));
        } finally {
            spark.stop();
        }
    }

    public static Result run(SparkSession spark, String trainCsv, String heldOutCsv, String modelDir, long iterations)
            throws IOException {
        Dataset<Row> train = spark.read().option("header", "true").option("inferSchema", "true").csv(trainCsv).cache();
        Dataset<Row> heldOut = spark.read().option("header", "true").option("inferSchema", "true").csv(heldOutCsv).cache();

        VectorAssembler assembler = new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("features");
        FlowMatching flowMatching = new FlowMatching().setIterations(iterations).setBatchSize(256).setSyncEvery(50)
                .setSeed(1L);
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {assembler, flowMatching}).fit(train);
        fitted.write().overwrite().save(modelDir);
        PipelineModel model = PipelineModel.load(modelDir);

        // anomaly scores: each held-out row against the same row moved 5 standard deviations along x
        double sdX = heldOut.agg(org.apache.spark.sql.functions.stddev(col("x"))).first().getDouble(0);
        Dataset<Row> inside = heldOut.withColumn("id", monotonically_increasing_id());
        Dataset<Row> moved = inside.withColumn("x", col("x").plus(lit(5 * sdX)));
        Dataset<Row> a = model.transform(inside).select(col("id"), col("logLikelihood").as("inside"));
        Dataset<Row> b = model.transform(moved).select(col("id"), col("logLikelihood").as("moved"));
        Dataset<Row> pairs = a.join(b, "id");
        long total = pairs.count();
        long higher = pairs.filter(col("inside").gt(col("moved"))).count();

        // a synthetic copy: 100,000 rows drawn in parallel, against the single-machine flow at the same budget
        FlowMatchingModel stage = (FlowMatchingModel) model.stages()[1];
        long n = 100_000L;
        Dataset<Row> samples = stage.sample(spark, n, 4, 7L).select("x", "y").cache();
        long sampled = samples.count();
        INDArray trainPoints = points(train.select("x", "y").collectAsList());
        FlowModel single = FlowMatcher.builder().data(Datasets.of(trainPoints)).iterations(iterations).batchSize(256)
                .seed(1L).train();
        INDArray data = points(heldOut.select("x", "y").collectAsList());
        INDArray sparkPoints = points(samples.sample(false, 1.2 * W2_REPEATS * W2_POINTS / n, 3L)
                .limit(W2_REPEATS * W2_POINTS).collectAsList());
        INDArray singlePoints = single.sample(W2_REPEATS * W2_POINTS);
        double w2Spark = 0;
        double w2Single = 0;
        double floor = 0;
        for (int r = 0; r < W2_REPEATS; r++) {
            INDArray truth = rows(data, r * W2_POINTS);
            w2Spark += SampleDistances.wasserstein2(rows(sparkPoints, r * W2_POINTS), truth) / W2_REPEATS;
            w2Single += SampleDistances.wasserstein2(rows(singlePoints, r * W2_POINTS), truth) / W2_REPEATS;
            floor += SampleDistances.wasserstein2(rows(data, ((r + 1) % W2_REPEATS) * W2_POINTS), truth) / W2_REPEATS;
        }
        return new Result(total, (double) higher / total, w2Spark, w2Single, floor, sampled);
    }

    private static INDArray rows(INDArray points, int from) {
        return points.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + W2_POINTS),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
    }

    private static INDArray points(List<Row> rows) {
        float[] v = new float[rows.size() * 2];
        for (int i = 0; i < rows.size(); i++) {
            v[2 * i] = ((Number) rows.get(i).get(0)).floatValue();
            v[2 * i + 1] = ((Number) rows.get(i).get(1)).floatValue();
        }
        return Nd4j.create(v, new long[] {rows.size(), 2}, 'c').castTo(DataType.FLOAT);
    }
}
