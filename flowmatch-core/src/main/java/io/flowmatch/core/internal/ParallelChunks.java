package io.flowmatch.core.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs numbered chunks of work on several threads, each thread with working memory of its own,
 * such that the results cannot depend on the number of threads: which chunks there are is fixed
 * by the caller, each chunk is computed by one thread from start to end with the same code, and
 * any random draws happen before, on the calling thread. Threads take the next chunk as they
 * finish one, so a slow thread delays nobody.
 *
 * <p>The calling thread works too; the others come from a shared pool of daemon threads that grows
 * as needed (so calls from inside a chunk cannot deadlock) and shrinks after a minute idle. While
 * more than one thread runs, ND4J's and OpenBLAS's own thread pools are pinned to one thread:
 * each worker is one core, and native pools shared by concurrent callers contend (two concurrent
 * callers with BLAS on two threads each ran many times slower than one). The previous limits come
 * back when the last parallel call ends.
 *
 * <p>Internal to flowmatch: not part of the supported API.
 */
public final class ParallelChunks {

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(new ThreadFactory() {
        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "flowmatch-worker-" + THREAD_NUMBER.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    });

    private static int pinned;
    private static int savedBlasThreads;
    private static int savedNd4jThreads;

    private ParallelChunks() {
    }

    /** The default number of threads: the processors available to the JVM. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Checks a thread count given by a user.
     *
     * @throws IllegalArgumentException if {@code threads} is not positive
     */
    public static int checkThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        return threads;
    }

    /** One chunk's work, given the working memory of the thread that runs it. */
    @FunctionalInterface
    public interface Task<S> {
        /** Computes chunk {@code chunk} with the thread's working memory {@code state}. */
        void run(S state, int chunk);
    }

    /**
     * Runs {@code task} for every chunk in [0, chunks) on at most {@code threads} threads. Each
     * thread creates its working memory once, with {@code newState}, on itself. Returns when every
     * chunk is done. If a chunk throws, the chunks not yet started are skipped and the first
     * exception is thrown here.
     */
    public static <S> void run(int threads, int chunks, Supplier<S> newState, Task<S> task) {
        checkThreads(threads);
        int workers = Math.min(threads, chunks);
        if (workers <= 1) {
            S state = chunks > 0 ? newState.get() : null;
            for (int c = 0; c < chunks; c++) {
                task.run(state, c);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable work = () -> {
            try {
                S state = null;
                for (int c = next.getAndIncrement(); c < chunks && failure.get() == null; c = next.getAndIncrement()) {
                    if (state == null) {
                        state = newState.get();
                    }
                    task.run(state, c);
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        };
        pin();
        try {
            CountDownLatch helpersDone = new CountDownLatch(workers - 1);
            for (int w = 1; w < workers; w++) {
                POOL.execute(() -> {
                    try {
                        work.run();
                    } finally {
                        helpersDone.countDown();
                    }
                });
            }
            work.run();
            boolean interrupted = false;
            while (true) {
                try {
                    helpersDone.await();
                    break;
                } catch (InterruptedException e) {
                    // stop handing out chunks, let the running ones finish, then report
                    interrupted = true;
                    failure.compareAndSet(null, new IllegalStateException("interrupted"));
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } finally {
            unpin();
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error r) {
            throw r;
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
    }

    /** Native pools to one thread while any parallel call runs (counted, so calls may overlap). */
    private static synchronized void pin() {
        if (pinned++ == 0) {
            savedBlasThreads = Nd4j.factory().blas().getMaxThreads();
            savedNd4jThreads = Nd4j.getEnvironment().maxThreads();
            if (savedBlasThreads != 1) {
                Nd4j.factory().blas().setMaxThreads(1);
            }
            if (savedNd4jThreads != 1) {
                Nd4j.getEnvironment().setMaxThreads(1);
            }
        }
    }

    private static synchronized void unpin() {
        if (--pinned == 0) {
            if (savedBlasThreads != 1) {
                Nd4j.factory().blas().setMaxThreads(savedBlasThreads);
            }
            if (savedNd4jThreads != 1) {
                Nd4j.getEnvironment().setMaxThreads(savedNd4jThreads);
            }
        }
    }
}
