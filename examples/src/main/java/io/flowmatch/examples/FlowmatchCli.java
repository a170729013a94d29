package io.flowmatch.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code flowmatch-examples.jar} command line: quickstart, train, sample, bench, datasets.
 * A user's mistake (a bad argument, a missing or malformed file) ends with one line on standard
 * error and exit status 2; anything else is a bug and shows its stack trace with status 1.
 */
@Command(name = "flowmatch-examples",
        mixinStandardHelpOptions = true,
        version = "flowmatch 0.1.0-SNAPSHOT",
        description = "Flow matching on the JVM: train a velocity field and sample by integrating its ODE.",
        subcommands = {QuickstartCommand.class, TrainCommand.class, SampleCommand.class, BenchCommand.class,
                DatasetsCommand.class, CommandLine.HelpCommand.class})
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
     * Runs the command line and exits with its status. When {@code OPENBLAS_CORETYPE} is not set
     * and the CPU's flags name a faster OpenBLAS kernel family than OpenBLAS may pick by itself
     * (see {@link BlasCoreType}), the JVM restarts itself once with the variable set, before
     * ND4J loads; set the variable yourself (to any value) to skip this.
     */
    public static void main(String[] args) {
        if (System.getenv(BlasCoreType.VARIABLE) == null && !Boolean.getBoolean("flowmatch.noRestart")) {
            Optional<String> core = BlasCoreType.detect();
            if (core.isPresent()) {
                OptionalInt status = restartWith(core.get(), args);
                if (status.isPresent()) {
                    System.exit(status.getAsInt());
                }
            }
        }
        System.exit(run(args));
    }

    /** Runs this command again in a child JVM with OPENBLAS_CORETYPE set; empty if that fails. */
    private static OptionalInt restartWith(String coreType, String[] args) {
        Optional<String> java = ProcessHandle.current().info().command();
        if (java.isEmpty()) {
            return OptionalInt.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(java.get());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FlowmatchCli.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put(BlasCoreType.VARIABLE, coreType);
        try {
            return OptionalInt.of(builder.start().waitFor());
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
