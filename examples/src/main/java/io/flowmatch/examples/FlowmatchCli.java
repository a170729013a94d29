package io.flowmatch.examples;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code flowmatch-examples.jar} command line: quickstart, train, sample, evaluate, reflow,
 * bench, images, images-sample, images-judge, synth, impute, evaluate-table, train-discrete,
 * sample-discrete and datasets (the README's "Command line" and the sections it points to).
 * A user's mistake (a bad argument, a missing or malformed file) ends with one line on standard
 * error and exit status 2; anything else is a bug and shows its stack trace with status 1.
 */
@Command(name = "flowmatch-examples",
        mixinStandardHelpOptions = true,
        version = "flowmatch 0.1.0-SNAPSHOT",
        description = "Flow matching on the JVM: train a velocity field and sample by integrating its ODE.",
        subcommands = {QuickstartCommand.class, TrainCommand.class, SampleCommand.class, EvaluateCommand.class, ReflowCommand.class, BenchCommand.class, ImagesCommand.class, ImagesSampleCommand.class, ImagesJudgeCommand.class,
                SynthCommand.class, ImputeCommand.class, EvaluateTableCommand.class,
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
     * <p>Settings that native libraries read when they load are made here, in this JVM, before
     * ND4J loads: OpenBLAS's kernels are chosen by the library itself (see
     * {@link io.flowmatch.core.internal.BlasKernels}; nothing to do here), and for {@code --threads T}
     * (default 1) {@code OMP_NUM_THREADS}, {@code OPENBLAS_NUM_THREADS} and {@code MKL_NUM_THREADS}
     * are set to T in the process environment (as {@code setenv} would) and the common fork-join
     * pool's parallelism to T. Earlier versions restarted the JVM for these; the only settings
     * that still need a restart are the JVM's GC thread counts, which the command line leaves at
     * the JVM's defaults: the training step and the sampler do not allocate, so the collector
     * hardly runs.
     */
    public static void main(String[] args) {
        prepareNativeLibraries(args);
        System.exit(run(args));
    }

    /** The thread settings of {@code --threads}, made before ND4J loads (see {@link #main}). */
    static void prepareNativeLibraries(String[] args) {
        io.flowmatch.core.internal.BlasKernels.ensureChosen();
        int threads = threadsArgument(args);
        if (threads < 1) {
            return; // the command reports the bad value
        }
        String value = Integer.toString(threads);
        try {
            for (String variable : List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")) {
                io.flowmatch.core.internal.NativeEnvironment.set(variable, value);
            }
        } catch (RuntimeException | LinkageError e) {
            // no JavaCPP: the runtime limit of ThreadsOption still applies
        }
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            System.setProperty(COMMON_POOL_PARALLELISM, value);
        }
    }

    private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

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
