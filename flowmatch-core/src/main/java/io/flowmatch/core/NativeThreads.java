package io.flowmatch.core;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Limits the threads ND4J uses for its own operations and for BLAS. Small models are dominated
 * by per-operation overhead, and on a few cores extra OpenMP threads compete with the JVM's own;
 * one thread is often fastest. For a limit that also holds while the native library starts, set
 * {@code OMP_NUM_THREADS} in the environment before the JVM starts.
 */
public final class NativeThreads {

    static {
        // before anything here touches ND4J (see BlasKernels)
        io.flowmatch.core.internal.BlasKernels.ensureChosen();
    }

    private NativeThreads() {
    }

    /**
     * Sets ND4J's operation threads, its master threads and the BLAS library's threads to
     * {@code threads}.
     *
     * @throws IllegalArgumentException if {@code threads} is not positive
     */
    public static void limit(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
