package io.flowmatch.examples;

import io.flowmatch.core.NativeThreads;
import picocli.CommandLine.Option;

/** The {@code --threads} option every command shares: the threads sampling and likelihoods run on, and ND4J's and BLAS's. */
final class ThreadsOption {

    @Option(names = "--threads", defaultValue = "1", description = "threads: for sampling and likelihoods, and for ND4J/BLAS")
    int threads;

    /** Limits ND4J and BLAS to the chosen number of threads. */
    void apply() {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be positive, got " + threads);
        }
        NativeThreads.limit(threads);
    }
}
