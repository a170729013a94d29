package io.flowmatch.spark.ml;

import io.flowmatch.core.FlowModel;
import io.flowmatch.core.NativeThreads;
import io.flowmatch.core.io.FlowModelFile;
import io.flowmatch.tabular.TabularModel;
import java.io.Serializable;
import org.apache.spark.TaskContext;

/**
 * A model as its file's bytes, for a broadcast: the executors rebuild it once per JVM from the
 * same bytes {@code save} writes, so they score and sample with everything the model is. Also
 * pins ND4J in a task to the cores Spark gives the task.
 *
 * @param <T> {@link FlowModel} or {@link TabularModel}
 */
final class Shipped<T> implements Serializable {

    private static final long serialVersionUID = 1L;

    private static int pinned;

    private final byte[] bytes;
    private final boolean tabular;
    private transient T model;

    private Shipped(byte[] bytes, boolean tabular) {
        this.bytes = bytes;
        this.tabular = tabular;
    }

    static Shipped<FlowModel> of(FlowModel model) {
        return new Shipped<>(FlowModelFile.toBytes(model), false);
    }

    static Shipped<TabularModel> of(TabularModel model) {
        return new Shipped<>(model.toBytes(), true);
    }

    /** The model, rebuilt on first use in this JVM. */
    @SuppressWarnings("unchecked")
    synchronized T model() {
        if (model == null) {
            model = (T) (tabular ? TabularModel.fromBytes(bytes) : FlowModelFile.fromBytes(bytes, null));
        }
        return model;
    }

    /** A seed of its own for part {@code index} of a job: a SplitMix64 mix of the call's seed and the index. */
    static long mix(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Limits ND4J and BLAS to the cores of the running task ({@code spark.task.cpus}): an executor
     * runs several tasks in one JVM, and BLAS threads of concurrent tasks contend otherwise.
     *
     * @return the task's cores (1 outside a task)
     */
    static synchronized int pinThreads() {
        TaskContext context = TaskContext.get();
        int cpus = context == null ? 1 : Math.max(1, context.cpus());
        if (cpus != pinned) {
            NativeThreads.limit(cpus);
            pinned = cpus;
        }
        return cpus;
    }
}
