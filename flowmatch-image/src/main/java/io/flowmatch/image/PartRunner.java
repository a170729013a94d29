package io.flowmatch.image;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs the independent parts of a computation (the parts of a batch, the chunks of a sample) on
 * a fixed number of threads, the calling thread being one of them: each thread takes the next
 * part not yet taken until none is left. Which thread runs a part never changes what the part
 * computes, so results do not depend on the thread count. Close it to stop its workers.
 */
final class PartRunner implements AutoCloseable {

    private final int threads;
    private final ExecutorService pool;

    /** A runner with {@code threads} threads (1: everything on the calling thread, no pool). */
    PartRunner(int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** The number of threads. */
    int threads() {
        return threads;
    }

    /**
     * Calls {@code part} with every index in [0, parts) once and returns when all are done.
     *
     * @throws RuntimeException the first failure of a part, after every thread has stopped
     */
    void run(int parts, IntConsumer part) {
        if (pool == null || parts <= 1) {
            for (int p = 0; p < parts; p++) {
                part.accept(p);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            for (int p = next.getAndIncrement(); p < parts; p = next.getAndIncrement()) {
                part.accept(p);
            }
        };
        int helpers = Math.min(threads, parts) - 1;
        Future<?>[] workers = new Future<?>[helpers];
        for (int w = 0; w < helpers; w++) {
            workers[w] = pool.submit(work);
        }
        Throwable failed = null;
        try {
            work.run();
        } catch (RuntimeException | Error e) {
            failed = e;
        }
        for (Future<?> w : workers) {
            try {
                w.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed = failed != null ? failed : new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                failed = failed != null ? failed : e.getCause();
            }
        }
        if (failed instanceof RuntimeException r) {
            throw r;
        }
        if (failed instanceof Error err) {
            throw err;
        }
        if (failed != null) {
            throw new IllegalStateException(failed);
        }
    }

    /** Stops the worker threads. */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
