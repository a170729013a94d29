package io.flowmatch.examples;

import io.flowmatch.core.NativeThreads;

/**
 * The image commands' {@code --threads T}: T Java threads share a batch's parts (and sampling's
 * chunks), each calling BLAS single-threaded, which measured faster on two cores than one Java
 * thread with T BLAS threads.
 */
final class ImageThreads {

    private ImageThreads() {
    }

    /** Checks {@code threads} and limits ND4J and BLAS to one thread per caller. */
    static void apply(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be positive, got " + threads);
        }
        NativeThreads.limit(1);
    }
}
