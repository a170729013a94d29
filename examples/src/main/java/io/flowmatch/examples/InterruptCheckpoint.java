package io.flowmatch.examples;

import io.flowmatch.core.train.StopSignal;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The train command's Ctrl-C handling: a JVM shutdown hook that, while training runs, asks it to
 * stop after the step in progress, waits until the final checkpoint is on disk, and says how to
 * continue. SIGINT and SIGTERM both run it; a second Ctrl-C does not cut it short (the JVM is
 * already shutting down), and {@code timeout} bounds the wait.
 *
 * <p>Use: {@link #install()}, pass {@link #signal()} to the trainer as a listener after the
 * checkpointer, and {@link #close()} when training returns or fails.
 */
final class InterruptCheckpoint implements AutoCloseable {

    private final StopSignal signal = new StopSignal();
    private final Path checkpoint;
    private final PrintStream err;
    private final Duration timeout;
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

    /** Whether the run was stopped by an interruption. */
    boolean interrupted() {
        return signal.requested();
    }

    /** What the hook runs: stop training, wait for the final checkpoint, report it. */
    void onInterrupt() {
        signal.request();
        try {
            if (!signal.awaitEnd(timeout)) {
                err.println("interrupted: training did not stop within " + timeout.toSeconds() + " s; no final checkpoint");
            } else if (signal.stepsAtEnd() >= 0) {
                err.println("interrupted at step " + signal.stepsAtEnd() + ": checkpoint written to " + checkpoint
                        + "; continue with --resume " + checkpoint);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        err.flush();
    }

    /** Training is over (returned or failed): releases a waiting hook and unregisters it. */
    @Override
    public void close() {
        signal.ended();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }
}
