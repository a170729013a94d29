package io.flowmatch.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.launcher.JavaModuleOptions;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: one Master and {@code workers} Workers, each
 * its own JVM started from the test's own classpath (the Spark jars Maven resolved; nothing is
 * downloaded), and executors that the Workers start in JVMs of their own.
 *
 * <p>How the executors find their classes: a Worker builds an executor's command with
 * spark-launcher's {@code AbstractCommandBuilder}, which wants {@code SPARK_HOME/jars}. The
 * Workers get {@code SPARK_HOME} = a folder whose {@code jars/} is empty, and the application's
 * {@code spark.executor.extraClassPath} is the test JVM's classpath, in its order (Spark,
 * ND4J's native backend, flowmatch's classes and the test classes), so an executor runs the same
 * code as local mode. Every JVM gets {@code OMP_NUM_THREADS=1}, as surefire's does.
 *
 * <p>Ports are free ones picked at start; logs go to {@code dir} ({@code master.log},
 * {@code worker-i.log}, the executors' {@code stdout}/{@code stderr} under {@code work-i/}).
 * {@link #close()} kills the executors, Workers and Master (also from a shutdown hook if the test
 * JVM exits first); a run that was itself killed leaves its process ids in {@code dir/pids},
 * and the next start kills what is left of them.
 */
final class StandaloneCluster implements AutoCloseable {

    private static final String EXECUTOR_MAIN = "org.apache.spark.executor.CoarseGrainedExecutorBackend";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Path dir;
    private final String classpath;
    private final int masterPort;
    private final int masterUiPort;
    private final int workerCount;
    private final List<Process> daemons = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::killAll, "standalone-cluster-cleanup");

    private StandaloneCluster(Path dir, String classpath, int workers) {
        this.dir = dir;
        this.classpath = classpath;
        this.workerCount = workers;
        this.masterPort = freePort();
        this.masterUiPort = freePort();
    }

    /**
     * Starts a Master and {@code workers} Workers of {@code cores} cores and {@code memory}
     * (e.g. "1g") each, and waits until every Worker has registered.
     *
     * @param dir a folder for logs, the Workers' work folders and the empty SPARK_HOME
     */
    static StandaloneCluster start(Path dir, int workers, int cores, String memory) {
        try {
            Files.createDirectories(dir.resolve("spark-home").resolve("jars"));
            killLeftovers(dir);
            Files.writeString(dir.resolve("log4j2-daemons.properties"), String.join("\n",
                    "rootLogger.level = info",
                    "rootLogger.appenderRef.stdout.ref = console",
                    "appender.console.type = Console",
                    "appender.console.name = console",
                    "appender.console.target = SYSTEM_ERR",
                    "appender.console.layout.type = PatternLayout",
                    "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StandaloneCluster cluster = new StandaloneCluster(dir.toAbsolutePath(), testClasspath(), workers);
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            cluster.launch("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", Integer.toString(cluster.masterPort), "--webui-port", Integer.toString(cluster.masterUiPort));
            for (int i = 0; i < workers; i++) {
                Path work = cluster.dir.resolve("work-" + i);
                Files.createDirectories(work);
                cluster.launch("worker-" + i, "org.apache.spark.deploy.worker.Worker", cluster.masterUrl(),
                        "--cores", Integer.toString(cores), "--memory", memory, "--host", "127.0.0.1",
                        "--port", Integer.toString(freePort()), "--webui-port", Integer.toString(freePort()),
                        "--work-dir", work.toString());
            }
            cluster.awaitWorkers();
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** {@code spark://127.0.0.1:port}. */
    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** The folder of logs and work folders. */
    Path dir() {
        return dir;
    }

    /**
     * A driver session in this JVM on the cluster: {@code executors} executors of one core and
     * {@code executorMemory} each, up to 4 attempts per task, the test classpath on the executors.
     */
    SparkSession session(String appName, int executors, String executorMemory) {
        return SparkSession.builder()
                .master(masterUrl())
                .appName(appName)
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.executor.cores", "1")
                .config("spark.cores.max", Integer.toString(executors))
                .config("spark.executor.memory", executorMemory)
                .config("spark.executor.extraClassPath", classpath)
                .config("spark.executor.extraJavaOptions", "-Dorg.bytedeco.javacpp.maxbytes=1G "
                        + "-Dlog4j2.configurationFile=" + dir.resolve("log4j2-daemons.properties").toUri())
                .config("spark.executorEnv.OMP_NUM_THREADS", "1")
                .config("spark.task.maxFailures", "4")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    /** The executor processes alive now (children of the Workers). */
    List<ProcessHandle> executors() {
        List<ProcessHandle> out = new ArrayList<>();
        for (Process p : daemons) {
            p.descendants().filter(h -> commandLine(h).contains(EXECUTOR_MAIN)).forEach(out::add);
        }
        return out;
    }

    /** CPU seconds used so far by the Master, the Workers and the executors alive now. */
    double cpuSeconds() {
        double total = 0;
        for (Process p : daemons) {
            List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
            all.add(p.toHandle());
            for (ProcessHandle h : all) {
                total += h.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
            }
        }
        return total;
    }

    /** Whether {@code pid} is one of this cluster's executor processes. */
    boolean isExecutor(long pid) {
        return executors().stream().anyMatch(h -> h.pid() == pid);
    }

    /** Kills the executors, then the Workers and the Master; idempotent. */
    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private synchronized void killAll() {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process p : daemons) {
            p.descendants().forEach(all::add);
        }
        for (int i = daemons.size() - 1; i >= 0; i--) {
            all.add(daemons.get(i).toHandle());
        }
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                // reported below
            }
        }
        List<Long> alive = all.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
        if (!alive.isEmpty()) {
            System.err.println("standalone cluster: processes still alive after SIGKILL: " + alive);
        }
        daemons.clear();
        try {
            Files.deleteIfExists(dir.resolve("pids"));
        } catch (IOException e) {
            // nothing left to kill it would name
        }
    }

    private void launch(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(List.of(JavaModuleOptions.defaultModuleOptions().split(" ")));
        command.add("-Dlog4j2.configurationFile=" + dir.resolve("log4j2-daemons.properties").toUri());
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_HOME", dir.resolve("spark-home").toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.environment().remove("SPARK_TESTING");
        builder.environment().remove("SPARK_CONF_DIR");
        Process process = builder.start();
        daemons.add(process);
        Files.writeString(dir.resolve("pids"), process.pid() + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /** Polls the Master's JSON page until every Worker is alive, or fails with the logs' tails. */
    private void awaitWorkers() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUiPort + "/json/"))
                .timeout(Duration.ofSeconds(5)).build();
        Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < daemons.size(); i++) {
                if (!daemons.get(i).isAlive()) {
                    throw new IllegalStateException("a cluster process exited with " + daemons.get(i).exitValue()
                            + ":\n" + logTails());
                }
            }
            try {
                String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = alive.matcher(body);
                if (m.find()) {
                    last = "aliveworkers " + m.group(1);
                    if (Integer.parseInt(m.group(1)) >= workerCount) {
                        return;
                    }
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the cluster started", e);
            }
            sleep(500);
        }
        throw new IllegalStateException("the cluster did not start in " + START_TIMEOUT.toSeconds() + " s ("
                + last + "):\n" + logTails());
    }

    private String logTails() {
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                out.append("--- ").append(log).append('\n');
                lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> out.append(l).append('\n'));
            }
        } catch (IOException e) {
            out.append(e);
        }
        return out.toString();
    }

    /**
     * The test JVM's classpath as a path list. Surefire may start the JVM from a manifest-only
     * jar; then the entries are the jar's Class-Path.
     */
    static String testClasspath() {
        String cp = System.getProperty("java.class.path");
        String[] entries = cp.split(java.io.File.pathSeparator);
        if (entries.length == 1 && entries[0].endsWith(".jar") && entries[0].contains("surefire")) {
            try (JarFile jar = new JarFile(entries[0])) {
                Manifest manifest = jar.getManifest();
                String classPath = manifest.getMainAttributes().getValue("Class-Path");
                List<String> paths = new ArrayList<>();
                for (String url : classPath.trim().split("\\s+")) {
                    paths.add(Path.of(Path.of(entries[0]).getParent().toUri().resolve(url)).toString());
                }
                cp = String.join(java.io.File.pathSeparator, paths);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!cp.contains("spark-core")) {
            throw new IllegalStateException("the test classpath has no Spark jars: " + cp);
        }
        return cp;
    }

    /** Kills the processes a killed earlier run listed in {@code dir/pids}, if they are still Spark's. */
    private static void killLeftovers(Path dir) throws IOException {
        Path pids = dir.resolve("pids");
        if (!Files.exists(pids)) {
            return;
        }
        for (String line : Files.readAllLines(pids)) {
            if (line.isBlank()) {
                continue;
            }
            Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(line.trim()));
            if (h.isPresent() && commandLine(h.get()).contains("org.apache.spark.deploy.")) {
                h.get().descendants().forEach(ProcessHandle::destroyForcibly);
                h.get().destroyForcibly();
            }
        }
        Files.delete(pids);
    }

    /** The process's command line, "" if it cannot be read (read from /proc where there is one: not truncated). */
    static String commandLine(ProcessHandle h) {
        Path proc = Path.of("/proc", Long.toString(h.pid()), "cmdline");
        try {
            if (Files.isReadable(proc)) {
                return new String(Files.readAllBytes(proc), StandardCharsets.UTF_8).replace('\0', ' ');
            }
        } catch (IOException e) {
            // gone, or not ours: fall back to what the JDK says
        }
        return h.info().commandLine().orElseGet(() -> h.info().arguments()
                .map(a -> String.join(" ", a)).orElse(""));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return masterUrl() + " with " + workerCount + " workers, logs in " + dir + " ("
                + daemons.stream().map(p -> Long.toString(p.pid())).collect(Collectors.joining(", ")) + ")";
    }
}
