package io.flowmatch.core.internal;

import org.nd4j.common.io.Resource;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4jBackend;

/**
 * The earliest moment flowmatch can act in a JVM that uses ND4J: when ND4J initialises it lists
 * its backends through {@link java.util.ServiceLoader}, creating every listed backend object
 * before it asks any of them to load native code. This class is listed (in flowmatch-core's
 * {@code META-INF/services/org.nd4j.linalg.factory.Nd4jBackend}) so that creating it runs
 * {@link BlasKernels#ensureChosen()} before OpenBLAS loads, whichever code touches ND4J first: the
 * application's own {@code Nd4j.create}, a data set, or flowmatch.
 *
 * <p>It is not a backend: it has the lowest priority, reports itself unavailable and is never
 * selected, so ND4J goes on to choose its real backend exactly as before. (A fat jar must merge
 * service files, as ND4J itself requires, e.g. with the Maven Shade plugin's
 * {@code ServicesResourceTransformer}.) Internal to flowmatch.
 */
public final class BlasCoreHook extends Nd4jBackend {

    /** Below every real backend's priority (CPU 0, GPU 100), and safe from overflow in ND4J's comparator. */
    private static final int PRIORITY = -1_000_000;

    /**
     * Called by ND4J's backend discovery; chooses OpenBLAS's kernels before any backend loads.
     * Never throws ({@link BlasKernels#ensureChosen()} catches everything): an exception while ND4J
     * lists its backends would leave ND4J without one.
     */
    public BlasCoreHook() {
        BlasKernels.ensureChosen();
    }

    @Override
    public boolean allowsOrder() {
        return false;
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }

    @Override
    public boolean isAvailable() {
        return false;
    }

    @Override
    public boolean canRun() {
        return false;
    }

    @Override
    public Resource getConfigurationResource() {
        throw new UnsupportedOperationException("not a backend: flowmatch's hook to choose OpenBLAS's kernels");
    }

    @Override
    public Class getNDArrayClass() {
        throw new UnsupportedOperationException("not a backend: flowmatch's hook to choose OpenBLAS's kernels");
    }

    @Override
    public Environment getEnvironment() {
        throw new UnsupportedOperationException("not a backend: flowmatch's hook to choose OpenBLAS's kernels");
    }

    @Override
    public String buildInfo() {
        return "flowmatch OpenBLAS kernel hook (not a backend)";
    }

    @Override
    public void logBackendInit() {
        // not a backend: nothing to log
    }
}
