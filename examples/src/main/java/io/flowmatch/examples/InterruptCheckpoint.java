package io.flowmatch.examples;

import io.flowmatch.core.train.StopSignal;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The train command's Ctrl-C handling: a JVM shutdown hook that asks training to stop after the
 * step in progress, waits until the command is done with it (the final checkpoint on disk, or,
 * if training had already finished, the model saved), and says how to continue. SIGINT and
 * SIGTERM both run it; a second Ctrl-C does not cut it short (the JVM is already shutting down),
 * and {@code timeout} bounds the wait.
 *
 * <p>Use: {@link #install()}, pass {@link #signal()} to the trainer as a listener after the
 * checkpointer, and {@link #close()} once the command no longer needs to finish anything (after
 * saving the model, or when training stopped early or failed).
 */
final class InterruptCheckpoint implements AutoCloseable {

    private final StopSignal signal = new StopSignal();
    private final Path checkpoint;
    private final PrintStream err;
    private final Duration timeout;
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onInterrupt, "flowmatch-interrupt-checkpoint");

    /**
     * @param checkpoint the file the final checkpoint goes to (for the message)
     * @param err        where the one-line message goes
     * @param timeout    the longest the hook waits for the step in progress and the checkpoint
     */
    InterruptCheckpoint(Path checkpoint, PrintStream err, Duration timeout) {
        this.checkpoint = checkpoint;
        this.err = err;
        this.timeout = timeout;
    }

    /** The listener that stops the run; add it after the checkpointer. */
    StopSignal signal() {
        return signal;
    }

    /** Registers the shutdown hook. */
    InterruptCheckpoint install() {
        Runtime.getRuntime().addShutdownHook(hook);
        return this;
    }

    /** Whether training was stopped before its last step (so a final checkpoint was written). */
    boolean stoppedEarly() {
        return signal.stoppedEarly();
    }

    /** What the hook runs: stop training, wait until the command is done, report the checkpoint. */
    void onInterrupt() {
        signal.request();
        try {
            if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                err.println("interrupted: training did not stop within " + timeout.toSeconds() + " s; no final checkpoint");
            } else if (signal.stoppedEarly()) {
                err.println("interrupted at step " + signal.stepsAtEnd() + ": checkpoint written to " + checkpoint
                        + "; continue with --resume " + checkpoint);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        err.flush();
    }

    /** The command is done (model saved, or training stopped or failed): releases a waiting hook, unregisters it. */
    @Override
    public void close() {
        signal.ended();
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }
}
