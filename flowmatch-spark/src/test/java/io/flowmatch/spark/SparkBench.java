package io.flowmatch.spark;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.datasets.Datasets;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The README's measurements, off by default (they take minutes):
 * {@code mvn -B -o verify -pl flowmatch-spark -am -Dtest=SparkBench -Dsurefire.failIfNoSpecifiedTests=false -Dflowmatch.spark.bench=true}
 * ({@code -Dflowmatch.spark.bench.samples=N} to change the 10 million sampled points).
 */
@EnabledIfSystemProperty(named = "flowmatch.spark.bench", matches = "true")
class SparkBench {

    private static final int STEPS = 5_000;

    @Test
    void trainingAndSampling() {
        INDArray points = Datasets.moons(0.05).sample(100_000, 1L);
        FlowModel single = FlowMatcher.builder().data(Datasets.of(points)).iterations(STEPS).seed(1L).train();
        report("one machine, no Spark", single);
        for (String master : new String[] {"local[1]", "local[2]"}) {
            SparkSession spark = SparkTesting.start(master);
            // the setting: points in Parquet files, two partitions
            String file = java.nio.file.Path.of("target", "bench-points.parquet").toAbsolutePath().toString();
            SparkTesting.dataset(spark, points, 2).write().mode("overwrite").parquet(file);
            Dataset<Row> data = spark.read().parquet(file);
            int[] syncs = master.equals("local[1]") ? new int[] {50} : new int[] {10, 50, 200};
            for (int sync : syncs) {
                FlowModel m = SparkFlowMatcher.builder().data(data).partitions(2).iterations(STEPS).syncEvery(sync).seed(1L).train();
                report(master + ", 2 partitions, syncEvery " + sync, m);
            }
            if (master.equals("local[2]")) {
                long n = Long.getLong("flowmatch.spark.bench.samples", 10_000_000L);
                long start = System.nanoTime();
                long count = SparkSampler.sample(spark, single, n, 2, 7L).count();
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "BENCH sampling %d points (midpoint, 50 steps) on %s, 2 partitions: "
                        + "%.1f s, %.0f points/s%n", count, master, seconds, count / seconds);
            }
            spark.stop();
        }
    }

    private static void report(String what, FlowModel m) {
        double train = Double.parseDouble(m.provenance().get("train_seconds"));
        String outside = m.provenance().get("averaging_seconds");
        System.out.printf(Locale.ROOT, "BENCH %s: %d steps per worker, %.1f s%s%n", what, STEPS, train,
                outside == null ? "" : String.format(Locale.ROOT, ", rounds %s, outside local steps %s s (%.0f %%)",
                        m.provenance().get("rounds"), outside, 100 * Double.parseDouble(outside) / train));
    }
}
