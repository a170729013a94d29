package io.flowmatch.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * One run of the command line inside the test JVM: exit status, standard output and standard
 * error. Commands print their results with {@code System.out}, so it is redirected for the run.
 */
record CliRun(int status, String out, String err) {

    /** Runs {@code flowmatch-examples} with {@code args}. */
    static CliRun of(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        CommandLine cli = FlowmatchCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(System.out, true));
        try {
            int status = cli.execute(args);
            return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(saved);
        }
    }
}
