package io.flowmatch.spark;

import io.flowmatch.core.NativeThreads;
import org.apache.spark.TaskContext;

/**
 * Pins ND4J and BLAS in an executor to the cores one Spark task may use
 * ({@code spark.task.cpus}, default 1). An executor runs several tasks at once in one JVM; with
 * BLAS at its default of one thread per core, concurrent callers contend inside the BLAS thread
 * pool, and two training tasks on two cores ran 15-35 times slower than one (measured, 2-core
 * machine). The setting is per JVM, so it also holds for the driver in local mode.
 */
final class TaskThreads {

    private static int pinned;

    private TaskThreads() {
    }

    /** Called at the start of every task that runs ND4J; returns the task's cores. */
    static synchronized int pin() {
        int cpus = cpus();
        if (cpus != pinned) {
            NativeThreads.limit(cpus);
            pinned = cpus;
        }
        return cpus;
    }

    /** The cores one task may use: {@code spark.task.cpus} (1 outside a task). */
    static int cpus() {
        TaskContext context = TaskContext.get();
        return context == null ? 1 : Math.max(1, context.cpus());
    }
}
