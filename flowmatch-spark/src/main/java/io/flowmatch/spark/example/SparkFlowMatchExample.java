package io.flowmatch.spark.example;

import io.flowmatch.core.FlowModel;
import io.flowmatch.core.train.LearningRateSchedule;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.spark.SparkFlowMatcher;
import io.flowmatch.spark.SparkSampler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A Spark application end to end: read points from a CSV file with {@code spark.read()}, train
 * data-parallel, save the model, sample in parallel and write the samples as CSV.
 *
 * <pre>
 * java ... io.flowmatch.spark.example.SparkFlowMatchExample                  # local[*], two moons
 * spark-submit --master spark://host:7077 --class io.flowmatch.spark.example.SparkFlowMatchExample \
 *     flowmatch-spark-app.jar --data hdfs:///points.csv --out hdfs:///flowmatch-out
 * </pre>
 *
 * <p>Options (all optional): {@code --data FILE.csv} (one point a row, a header line; default:
 * 20,000 points of two moons written to the output folder first), {@code --iterations N} (2000),
 * {@code --sync-every K} (50), {@code --partitions P} (the cluster's default parallelism),
 * {@code --samples N} (100,000), {@code --seed S} (42), {@code --out DIR} (flowmatch-spark-out),
 * {@code --master URL} (only when not started by spark-submit; default {@code local[*]}).
 */
public final class SparkFlowMatchExample {

    private SparkFlowMatchExample() {
    }

    /** Runs the example; see the class comment for the options. */
    public static void main(String[] args) {
        Map<String, String> options = parse(args);
        SparkSession.Builder builder = SparkSession.builder().appName("flowmatch-spark-example");
        if (!new SparkConf().contains("spark.master")) {
            builder.master(options.getOrDefault("master", "local[*]"));
        }
        SparkSession spark = builder.getOrCreate();
        try {
            run(spark, options);
        } finally {
            spark.stop();
        }
    }

    private static void run(SparkSession spark, Map<String, String> options) {
        String out = options.getOrDefault("out", "flowmatch-spark-out");
        long iterations = Long.parseLong(options.getOrDefault("iterations", "2000"));
        int syncEvery = Integer.parseInt(options.getOrDefault("sync-every", "50"));
        int partitions = Integer.parseInt(options.getOrDefault("partitions",
                Integer.toString(spark.sparkContext().defaultParallelism())));
        long samples = Long.parseLong(options.getOrDefault("samples", "100000"));
        long seed = Long.parseLong(options.getOrDefault("seed", "42"));
        String csv = options.containsKey("data") ? options.get("data") : writeMoons(Path.of(out, "moons.csv"));

        Dataset<Row> points = spark.read().option("header", "true").option("inferSchema", "true").csv(csv);
        long start = System.nanoTime();
        FlowModel model = SparkFlowMatcher.builder()
                .data(points)
                .partitions(partitions)
                .iterations(iterations)
                .syncEvery(syncEvery)
                .schedule(LearningRateSchedule.cosine(0.0))
                .seed(seed)
                .train();
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        Path modelFile = Path.of(out, "model.flow");
        model.save(modelFile);
        System.out.printf(Locale.ROOT, "trained on %s: %d steps per worker, %s workers, %.1f s (%s s averaging); saved %s%n",
                csv, iterations, model.provenance().get("workers"), trainSeconds,
                model.provenance().get("averaging_seconds"), modelFile);

        start = System.nanoTime();
        String samplesDir = Path.of(out, "samples").toString();
        SparkSampler.sample(spark, model, samples, partitions, seed + 1).write().mode(SaveMode.Overwrite)
                .option("header", "true").csv(samplesDir);
        double sampleSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "wrote %d samples to %s in %.1f s (%.0f points/s)%n", samples, samplesDir,
                sampleSeconds, samples / sampleSeconds);
    }

    /** Two moons, 20,000 points with a header line, for a run without --data. */
    private static String writeMoons(Path file) {
        INDArray points = Datasets.moons(0.05).sample(20_000, 1L);
        try {
            Files.createDirectories(file.getParent());
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("x,y\n");
                for (int i = 0; i < points.rows(); i++) {
                    w.write(points.getFloat(i, 0) + "," + points.getFloat(i, 1) + "\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file.toString();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value pairs, got '" + args[i] + "'");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
