package io.flowmatch.examples;

import picocli.CommandLine;

/**
 * {@code bench} as an application that depends on flowmatch runs it: a plain {@code main} that
 * calls the library, with none of the command line's launcher (no native environment prepared, no
 * restart). {@code bench ... --embedded} starts it in a new JVM with a plain environment; it can
 * also be run directly, {@code java -cp flowmatch-examples.jar io.flowmatch.examples.EmbeddedBench
 * train-step --batch 256}.
 */
public final class EmbeddedBench {

    private EmbeddedBench() {
    }

    /** Runs {@code bench ARGS} in this JVM, as it is. */
    public static void main(String[] args) {
        BenchCommand.embeddedChild = true;
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
