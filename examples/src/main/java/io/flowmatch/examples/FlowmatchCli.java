package io.flowmatch.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code flowmatch-examples.jar} command line: quickstart, train, sample, bench, datasets,
 * train-discrete and sample-discrete.
 * A user's mistake (a bad argument, a missing or malformed file) ends with one line on standard
 * error and exit status 2; anything else is a bug and shows its stack trace with status 1.
 */
@Command(name = "flowmatch-examples",
        mixinStandardHelpOptions = true,
        version = "flowmatch 0.1.0-SNAPSHOT",
        description = "Flow matching on the JVM: train a velocity field and sample by integrating its ODE.",
        subcommands = {QuickstartCommand.class, TrainCommand.class, SampleCommand.class, EvaluateCommand.class, ReflowCommand.class, BenchCommand.class, ImagesCommand.class,
                TrainDiscreteCommand.class, SampleDiscreteCommand.class, DatasetsCommand.class, CommandLine.HelpCommand.class})
public final class FlowmatchCli implements Runnable {

    /** Exit status for a user's mistake. */
    static final int USAGE_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try --help");
    }

    /**
     * Runs the command line and exits with its status.
     *
     * <p>Some settings only take effect when a JVM or a native library starts, so the JVM restarts
     * itself once, before ND4J loads, when they differ from what the command needs:
     * {@code OPENBLAS_CORETYPE} from the CPU's flags when unset (see {@link BlasCoreType}), and for
     * {@code --threads T} (default 1) {@code OMP_NUM_THREADS}, {@code OPENBLAS_NUM_THREADS} and
     * {@code MKL_NUM_THREADS} = T plus {@code -XX:ParallelGCThreads=T}, {@code -XX:ConcGCThreads=T}
     * and the common fork-join pool's parallelism. {@code -Dflowmatch.noRestart=true} skips it.
     */
    public static void main(String[] args) {
        if (!Boolean.getBoolean("flowmatch.noRestart") && !Boolean.getBoolean(RESTARTED)) {
            Map<String, String> environment = new LinkedHashMap<>();
            if (System.getenv(BlasCoreType.VARIABLE) == null) {
                BlasCoreType.detect().ifPresent(core -> environment.put(BlasCoreType.VARIABLE, core));
            }
            int threads = threadsArgument(args);
            List<String> jvmOptions = new ArrayList<>();
            if (threads > 0) {
                for (String variable : List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")) {
                    if (!Integer.toString(threads).equals(System.getenv(variable))) {
                        environment.put(variable, Integer.toString(threads));
                    }
                }
                jvmOptions.add("-XX:ParallelGCThreads=" + threads);
                jvmOptions.add("-XX:ConcGCThreads=" + threads);
                jvmOptions.add("-Djava.util.concurrent.ForkJoinPool.common.parallelism=" + threads);
            }
            if (!environment.isEmpty()) {
                OptionalInt status = restart(environment, jvmOptions, args);
                if (status.isPresent()) {
                    System.exit(status.getAsInt());
                }
            }
        }
        System.exit(run(args));
    }

    private static final String RESTARTED = "flowmatch.restarted";

    /** The value of {@code --threads} (default 1); 0 if it is not a positive integer (the command reports it). */
    static int threadsArgument(String[] args) {
        String value = "1";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--threads") && i + 1 < args.length) {
                value = args[i + 1];
            } else if (args[i].startsWith("--threads=")) {
                value = args[i].substring("--threads=".length());
            }
        }
        try {
            int threads = Integer.parseInt(value.trim());
            return threads > 0 ? threads : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Runs this command again in a child JVM with the given environment and options; empty if that fails. */
    private static OptionalInt restart(Map<String, String> environment, List<String> jvmOptions, String[] args) {
        Optional<String> java = ProcessHandle.current().info().command();
        if (java.isEmpty()) {
            return OptionalInt.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(java.get());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(jvmOptions);
        command.add("-D" + RESTARTED + "=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FlowmatchCli.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(environment);
        try {
            Process child = builder.start();
            // a signal to this JVM alone (kill -INT, kill -TERM) reaches the child as SIGTERM, and
            // this JVM waits while the child writes its final checkpoint
            Thread forward = new Thread(() -> {
                child.destroy();
                try {
                    child.waitFor(3, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "flowmatch-forward-signal");
            Runtime.getRuntime().addShutdownHook(forward);
            int status = child.waitFor();
            try {
                Runtime.getRuntime().removeShutdownHook(forward);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for the child
            }
            return OptionalInt.of(status);
        } catch (IOException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.of(130);
        }
    }

    /** Runs the command line and returns its exit status (for tests). */
    static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new FlowmatchCli());
        cli.setParameterExceptionHandler((ex, params) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + ex.getMessage());
            err.flush();
            return USAGE_ERROR;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (isUserError(ex)) {
                PrintWriter err = commandLine.getErr();
                err.println("error: " + oneLine(ex.getMessage()));
                err.flush();
                return USAGE_ERROR;
            }
            throw ex;
        });
        return cli;
    }

    private static boolean isUserError(Exception ex) {
        return ex instanceof IllegalArgumentException
                || ex instanceof IllegalStateException
                || ex instanceof UncheckedIOException
                || ex instanceof java.io.IOException
                || ex instanceof io.flowmatch.core.io.ModelFormatException;
    }

    private static String oneLine(String message) {
        return message == null ? "(no message)" : message.replace('\n', ' ').replace('\r', ' ');
    }
}
