package io.flowmatch.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmatch.core.FlowModel;
import io.flowmatch.core.metrics.SampleDistances;
import io.flowmatch.core.train.LearningRateSchedule;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.TaskContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training on a real Spark standalone cluster (a Master and two Workers on 127.0.0.1, executors in
 * JVMs of their own; see {@link StandaloneCluster}): the model equals local[2]'s bit for bit, and
 * stays so when one executor process is killed with SIGKILL in the middle of a round.
 *
 * <p>Off by default (2-3 minutes on 2 cores, mostly JVM starts):
 * {@code mvn -B verify -pl flowmatch-spark -am -Pspark-cluster -Dtest='SparkClusterTest' -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "flowmatch.spark.cluster", matches = "true")
class SparkClusterTest {

    private static final Path DIR = Path.of("target", "spark-cluster").toAbsolutePath();
    private static final String POINTS = DIR.resolve("points.parquet").toString();

    private static float[] localTwo;
    private static StandaloneCluster cluster;
    private static SparkSession spark;
    /** Executors added ("+id") and removed ("-id: reason"), in the order the driver saw them. */
    private static final List<String> executorEvents = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        Files.createDirectories(DIR);
        // the reference: the same files, the same partitions, on local[2] in this JVM
        SparkSession local = SparkTesting.start("local[2]");
        try {
            INDArray points = Datasets.moons(0.05).sample(10_000, 31L);
            SparkTesting.dataset(local, points, 2).write().mode("overwrite").parquet(POINTS);
            localTwo = parameters(train(read(local)).train());
        } finally {
            local.stop();
        }
        cluster = StandaloneCluster.start(DIR, 2, 1, "1g");
        spark = cluster.session("flowmatch-cluster-test", 2, "512m");
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onExecutorAdded(SparkListenerExecutorAdded added) {
                executorEvents.add("+" + added.executorId());
            }

            @Override
            public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
                executorEvents.add("-" + removed.executorId() + ": " + removed.reason());
            }
        });
    }

    @AfterAll
    static void stop() {
        try {
            if (spark != null) {
                spark.stop();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    void trainingOnTheClusterGivesLocalTwosModelBitForBit() {
        FlowModel model = train(read(spark)).train();

        assertThat(model.provenance().get("workers")).isEqualTo("2");
        assertThat(parameters(model))
                .as("the same tasks on the same partitions, in executor JVMs instead of local threads")
                .isEqualTo(localTwo);
        INDArray truth = Datasets.moons(0.05).sample(3_000, 32L);
        assertThat(SampleDistances.energyDistance(model.sample(3_000, Solvers.midpoint(), 50, 33L), truth))
                .as("energy distance to the data").isLessThan(0.01);
    }

    @Test
    void killingAnExecutorProcessMidRoundLeavesTheModelUnchanged() throws Exception {
        Path request = DIR.resolve("kill-request");
        Path claimed = DIR.resolve("kill-claimed");
        Files.deleteIfExists(request);
        Files.deleteIfExists(claimed);
        int eventsBefore = executorEvents.size();
        ExecutorKiller killer = new ExecutorKiller(request);
        killer.start();
        String requestFile = request.toString();
        String claimFile = claimed.toString();
        StepHook waitToBeKilled = (round, partition, step) -> {
            // in round 3, half-way through partition 1's local steps, the executor running it asks
            // the test to kill it (once: the first task to claim the file) and waits
            if (round == 3 && partition == 1 && step == 25 && claimOnce(claimFile)) {
                askToBeKilled(requestFile, TaskContext.get().attemptNumber());
            }
        };
        FlowModel model;
        try {
            model = train(read(spark)).afterStep(waitToBeKilled).train();
        } finally {
            killer.stopWatching();
        }

        assertThat(killer.killed).as("executor processes killed by the test").hasSize(1);
        assertThat(killer.killed.get(0)).contains("CoarseGrainedExecutorBackend");
        List<String> events = awaitReplaced(eventsBefore);
        assertThat(events).as("Spark saw the executor die, and the Worker started another")
                .anySatisfy(e -> assertThat(e).startsWith("-"));
        assertThat(events.subList(indexOfRemoval(events), events.size())).anySatisfy(e -> assertThat(e).startsWith("+"));
        assertThat(parameters(model))
                .as("the round's lost task was recomputed from the driver's state: same model as without the fault")
                .isEqualTo(localTwo);
    }

    /** The executor events since {@code before}, once one removal was followed by an addition (or after 90 s). */
    private static List<String> awaitReplaced(int before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            List<String> events = List.copyOf(executorEvents.subList(before, executorEvents.size()));
            int removal = indexOfRemoval(events);
            if (removal >= 0 && events.subList(removal, events.size()).stream().anyMatch(e -> e.startsWith("+"))) {
                return events;
            }
            Thread.sleep(200);
        }
        return List.copyOf(executorEvents.subList(before, executorEvents.size()));
    }

    private static int indexOfRemoval(List<String> events) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).startsWith("-")) {
                return i;
            }
        }
        return events.size();
    }

    /** In an executor: true for the first caller in any JVM. */
    private static boolean claimOnce(String file) {
        try {
            Files.createFile(Path.of(file));
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** In an executor: writes this JVM's pid for the test to kill, then waits to die. */
    private static void askToBeKilled(String file, int attempt) {
        try {
            Path target = Path.of(file);
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.writeString(tmp, ProcessHandle.current().pid() + " " + attempt, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            Thread.sleep(120_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** On the driver: waits for a kill request and SIGKILLs the executor process named in it. */
    private static final class ExecutorKiller extends Thread {
        final List<String> killed = new CopyOnWriteArrayList<>();
        private final Path request;
        private final AtomicBoolean watching = new AtomicBoolean(true);

        ExecutorKiller(Path request) {
            super("executor-killer");
            setDaemon(true);
            this.request = request;
        }

        @Override
        public void run() {
            while (watching.get()) {
                try {
                    if (Files.exists(request)) {
                        long pid = Long.parseLong(Files.readString(request).trim().split(" ")[0]);
                        Files.delete(request);
                        Optional<ProcessHandle> h = ProcessHandle.of(pid);
                        if (h.isPresent() && cluster.isExecutor(pid)) {
                            String command = StandaloneCluster.commandLine(h.get());
                            h.get().destroyForcibly();
                            h.get().onExit().get(30, TimeUnit.SECONDS);
                            killed.add(pid + " " + command.substring(command.indexOf("org.apache.spark")));
                        }
                    }
                    Thread.sleep(20);
                } catch (Exception e) {
                    killed.add("failed: " + e);
                    return;
                }
            }
        }

        void stopWatching() throws InterruptedException {
            watching.set(false);
            join(5_000);
        }
    }

    /** The points, one Parquet file a partition (the open cost makes Spark keep the files apart). */
    private static Dataset<Row> read(SparkSession session) {
        session.conf().set("spark.sql.files.openCostInBytes", Long.toString(1L << 30));
        Dataset<Row> data = session.read().parquet(POINTS);
        assertThat(data.javaRDD().getNumPartitions()).as("partitions").isEqualTo(2);
        return data;
    }

    private static SparkFlowMatcher.Builder train(Dataset<Row> data) {
        return SparkFlowMatcher.builder().data(data).iterations(1_500).syncEvery(50)
                .schedule(LearningRateSchedule.cosine(0.0)).seed(5L);
    }

    private static float[] parameters(FlowModel model) {
        return model.trainedVelocityModel().parameters().toFloatVector();
    }
}
