package io.flowmatch.examples;

import io.flowmatch.core.NativeThreads;
import picocli.CommandLine.Option;

/** The {@code --threads} option every command shares: how many native (ND4J/BLAS) threads to use. */
final class ThreadsOption {

    @Option(names = "--threads", defaultValue = "1", description = "native (ND4J/BLAS) threads")
    int threads;

    /** Limits ND4J and BLAS to the chosen number of threads. */
    void apply() {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be positive, got " + threads);
        }
        NativeThreads.limit(threads);
    }
}
