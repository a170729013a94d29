package io.flowmatch.datasets;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

/** Measures the heap a {@link DataSource#sample} call allocates on the current thread (HotSpot only). */
final class Allocation {

    private Allocation() {
    }

    /** Bytes allocated by one call drawing {@code n} points into a preallocated array, after a warm-up call. */
    static long bytesDuring(DataSource source, int n) {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeThat(bean).isInstanceOf(com.sun.management.ThreadMXBean.class);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        float[] out = new float[n * source.dimension()];
        SplittableRandom rng = new SplittableRandom(1);
        source.sample(rng, out, n);
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        source.sample(rng, out, n);
        return threads.getThreadAllocatedBytes(id) - before;
    }
}
