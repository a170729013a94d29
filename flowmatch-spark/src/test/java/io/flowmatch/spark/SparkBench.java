package io.flowmatch.spark;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.lang.management.ManagementFactory;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The README's scaling table, off by default (it takes about half an hour on 2 cores): training
 * rounds and sampling on local[1], local[2] and a two-worker standalone cluster
 * ({@link StandaloneCluster}, executors in their own JVMs), against one machine without Spark.
 *
 * <pre>
 * mvn -B verify -pl flowmatch-spark -am -Dtest=SparkBench -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dflowmatch.spark.bench=true
 * </pre>
 *
 * {@code -Dflowmatch.spark.bench.samples=N} changes the 10 million sampled points,
 * {@code -Dflowmatch.spark.bench.setups=local[2],cluster} picks setups,
 * {@code -Dflowmatch.spark.bench.parts=training} (or {@code sampling}) one half, and
 * {@code -Dflowmatch.spark.bench.single=N} the points sampled on one machine (default 1 million).
 *
 * <p>Training: 100,000 moons points in two Parquet files (two partitions, one worker each), the
 * default model and batch 256, 5,000 steps per worker. A round's time is split into the local
 * optimizer steps and the rest (Spark's overhead: job start, broadcast, task (de)serialisation,
 * session restore, aggregation). When the two workers share one core (local[1]) their steps run
 * one after the other, so the computation is the steps of both; with two cores it is the slowest
 * worker's. Sampling: midpoint, 50 steps, two partitions, materialised through Spark's no-op
 * writer (every value converted to Spark's rows, nothing written).
 */
@EnabledIfSystemProperty(named = "flowmatch.spark.bench", matches = "true")
class SparkBench {

    private static final int STEPS = 5_000;
    private static final int SYNC = 50;
    private static final Path DIR = Path.of("target", "spark-bench").toAbsolutePath();

    private final List<String> trainingRows = new ArrayList<>();
    private final List<String> samplingRows = new ArrayList<>();
    private final List<String> taskNotes = new ArrayList<>();

    @Test
    void scaling() throws IOException {
        Files.createDirectories(DIR);
        String load = loadAverage();
        long n = Long.getLong("flowmatch.spark.bench.samples", 10_000_000L);
        List<String> setups = List.of(System.getProperty("flowmatch.spark.bench.setups", "local[1],local[2],cluster")
                .split(","));
        List<String> parts = List.of(System.getProperty("flowmatch.spark.bench.parts", "training,sampling").split(","));
        INDArray points = Datasets.moons(0.05).sample(100_000, 1L);
        String file = DIR.resolve("points.parquet").toString();

        long start = System.nanoTime();
        FlowModel single = FlowMatcher.builder().data(Datasets.of(points)).iterations(STEPS).seed(1L).train();
        double seconds = (System.nanoTime() - start) / 1e9;
        trainingRows.add(String.format(Locale.ROOT, "| one machine, `FlowMatcher`, no Spark | 1 | %.1f s | | | | |",
                seconds));
        if (parts.contains("sampling")) {
            singleMachineSampling(single, Math.min(n, Long.getLong("flowmatch.spark.bench.single", 1_000_000L)));
        }

        boolean written = false;
        for (String setup : setups) {
            StandaloneCluster cluster = null;
            SparkSession spark;
            if (setup.equals("cluster")) {
                cluster = StandaloneCluster.start(DIR.resolve("cluster"), 2, 1, "1g");
                spark = cluster.session("flowmatch-bench", 2, "512m");
            } else {
                spark = SparkTesting.start(setup);
            }
            try {
                if (!written) {
                    SparkTesting.dataset(spark, points, 2).write().mode("overwrite").parquet(file);
                    written = true;
                }
                int cores = setup.equals("local[1]") ? 1 : 2;
                String name = setup.equals("cluster") ? "standalone cluster, 2 workers x 1 core" : "`" + setup + "`";
                spark.conf().set("spark.sql.files.openCostInBytes", Long.toString(1L << 30));
                Dataset<Row> data = spark.read().parquet(file);
                if (parts.contains("training")) {
                    training(name, cores, spark, cluster, data);
                }
                if (parts.contains("sampling")) {
                    sampling(name, cores, spark, cluster, single, n);
                }
            } finally {
                spark.stop();
                if (cluster != null) {
                    cluster.close();
                }
            }
        }
        System.out.println("BENCH machine: " + Runtime.getRuntime().availableProcessors() + " cores, load average "
                + load + " at the start, " + loadAverage() + " at the end");
        System.out.println("BENCH training: 100,000 moons points in 2 Parquet files (2 workers), " + STEPS
                + " steps per worker, syncEvery " + SYNC);
        System.out.println("BENCH | run | cores | wall | rounds | per round | local steps per round | Spark overhead per round |");
        System.out.println("BENCH | --- | --- | --- | --- | --- | --- | --- |");
        trainingRows.forEach(r -> System.out.println("BENCH " + r));
        System.out.println("BENCH a round's task (Spark's task metrics, averages): launch to result = running + "
                + "deserialising + the rest (scheduling, launch, result transfer)");
        System.out.println("BENCH | run | launch to result | running | of it local steps | of it the rest (broadcast "
                + "fetch, restore, snapshot) | deserialising | scheduling, launch, result transfer | result "
                + "serialisation | result | CPU of the whole training |");
        System.out.println("BENCH | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        taskNotes.forEach(r -> System.out.println("BENCH " + r));
        System.out.println("BENCH sampling: midpoint, 50 steps (100 model evaluations a point), 2 partitions");
        System.out.println("BENCH | run | cores | points | wall | points/s | CPU used | points per CPU second | "
                + "one machine, 1 thread / this | one machine, same threads / this |");
        System.out.println("BENCH | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        samplingRows.forEach(r -> System.out.println("BENCH " + r));
    }

    private final double[] perCpuSecondReference = new double[3];

    /** CPU seconds used so far by this JVM and, on the cluster, by its daemons and executors. */
    private static double cpuSeconds(StandaloneCluster cluster) {
        double total = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        if (cluster != null) {
            total += cluster.cpuSeconds();
        }
        return total;
    }

    /**
     * Spark's per-task metrics of the averaging rounds run while it listens, added up (the first
     * stage, which reads and caches the points, left out).
     */
    private static final class TaskStats extends SparkListener {
        private final List<long[]> tasks = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            TaskMetrics m = end.taskMetrics();
            if (m != null) {
                tasks.add(new long[] {end.stageId(), end.taskInfo().duration(), m.executorRunTime(),
                        m.executorDeserializeTime(), m.resultSerializationTime(), m.jvmGCTime(), m.resultSize()});
            }
        }

        /** Per round task: {launch to result, running, deserialising, serialising, GC} ms, result bytes. */
        double[] perTask() {
            long first = tasks.stream().mapToLong(t -> t[0]).min().orElse(0);
            List<long[]> rounds = tasks.stream().filter(t -> t[0] != first).toList();
            double[] sums = new double[6];
            for (long[] t : rounds) {
                for (int i = 0; i < 6; i++) {
                    sums[i] += t[i + 1];
                }
            }
            for (int i = 0; i < 6; i++) {
                sums[i] /= Math.max(1, rounds.size());
            }
            return sums;
        }
    }

    private void singleMachineSampling(FlowModel model, long n) {
        for (int threads : new int[] {1, 2}) {
            FlowModel m = model.withThreads(threads);
            m.sample(SparkSampler.CHUNK_ROWS, Solvers.midpoint(), 50, 0L);   // warm-up
            double cpu = cpuSeconds(null);
            long start = System.nanoTime();
            for (long done = 0; done < n; done += SparkSampler.CHUNK_ROWS) {
                m.sample((int) Math.min(SparkSampler.CHUNK_ROWS, n - done), Solvers.midpoint(), 50, done);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            cpu = cpuSeconds(null) - cpu;
            perCpuSecondReference[threads] = n / cpu;
            samplingRows.add(String.format(Locale.ROOT,
                    "| one machine, `FlowModel.sample`, %d thread%s | %d | %,d | %.1f s | %,.0f | %.1f s | %,.0f | | |",
                    threads, threads == 1 ? "" : "s", threads, n, seconds, n / seconds, cpu, n / cpu));
            System.out.println("BENCH " + samplingRows.get(samplingRows.size() - 1));
        }
    }

    private void training(String name, int cores, SparkSession spark, StandaloneCluster cluster, Dataset<Row> data) {
        // warm-up: a short run, so that neither Spark's code in the driver nor a fresh executor
        // JVM's class loading and JIT count as the rounds' cost
        SparkFlowMatcher.builder().data(data).iterations(10 * SYNC).syncEvery(SYNC).seed(2L).train();
        TaskStats stats = new TaskStats();
        spark.sparkContext().addSparkListener(stats);
        double cpu = cpuSeconds(cluster);
        FlowModel m = SparkFlowMatcher.builder().data(data).iterations(STEPS).syncEvery(SYNC).seed(1L).train();
        cpu = cpuSeconds(cluster) - cpu;
        sleep(2_000);   // the listener bus delivers the last events asynchronously
        spark.sparkContext().removeSparkListener(stats);
        if (!m.provenance().get("workers").equals("2")) {
            throw new IllegalStateException("expected 2 workers: " + m.provenance());
        }
        double wall = Double.parseDouble(m.provenance().get("train_seconds"));
        int rounds = Integer.parseInt(m.provenance().get("rounds"));
        double slowest = Double.parseDouble(m.provenance().get("local_step_seconds"));
        double all = Double.parseDouble(m.provenance().get("local_step_seconds_all_workers"));
        // the computation on the critical path: the slowest worker's steps, or all the steps when
        // fewer cores than workers take turns
        double compute = Math.max(slowest, all / cores);
        double overhead = Math.max(0, wall - compute);
        trainingRows.add(String.format(Locale.ROOT, "| %s | %d | %.1f s | %d | %.0f ms | %.0f ms | %.0f ms (%.0f %%) |",
                name, cores, wall, rounds, 1000 * wall / rounds, 1000 * compute / rounds, 1000 * overhead / rounds,
                100 * overhead / wall));
        double[] t = stats.perTask();
        double steps = 1000 * all / (2.0 * rounds);
        taskNotes.add(String.format(Locale.ROOT, "| %s | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.1f ms | %.0f ms "
                + "| %.1f ms | %.0f kB | %.1f s |", name, t[0], t[1], steps, Math.max(0, t[1] - steps), t[2],
                Math.max(0, t[0] - t[1] - t[2]), t[3], t[5] / 1e3, cpu));
        System.out.println("BENCH " + trainingRows.get(trainingRows.size() - 1));
    }

    private void sampling(String name, int cores, SparkSession spark, StandaloneCluster cluster, FlowModel model,
            long n) {
        // warm-up: executors load ND4J and the model once
        SparkSampler.sample(spark, model, 2L * SparkSampler.CHUNK_ROWS, 2, 1L).write().format("noop")
                .mode("overwrite").save();
        double cpu = cpuSeconds(cluster);
        long start = System.nanoTime();
        SparkSampler.sample(spark, model, n, 2, 7L).write().format("noop").mode("overwrite").save();
        double seconds = (System.nanoTime() - start) / 1e9;
        cpu = cpuSeconds(cluster) - cpu;
        samplingRows.add(String.format(Locale.ROOT, "| %s | %d | %,d | %.1f s | %,.0f | %.1f s | %,.0f | %.2f | %.2f |",
                name, cores, n, seconds, n / seconds, cpu, n / cpu, perCpuSecondReference[1] / (n / cpu),
                perCpuSecondReference[cores] / (n / cpu)));
        System.out.println("BENCH " + samplingRows.get(samplingRows.size() - 1));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " / " + f[1] + " / " + f[2] + " (1 / 5 / 15 min)";
        } catch (IOException e) {
            return "unknown";
        }
    }
}
