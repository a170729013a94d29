package io.flowmatch.core.train;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stops a training run from another thread (a shutdown hook, a UI, a server's stop request) and
 * lets that thread wait until the run has ended. Add it as a {@link TrainingListener} after a
 * {@link Checkpointer}: the run stops after the step in progress, the checkpointer writes its
 * final checkpoint, and only then does {@link #awaitEnd} return.
 *
 * <p>Thread-safe: {@link #request()}, {@link #awaitEnd} and {@link #ended()} may be called from
 * any thread; the listener methods run on the training thread.
 */
public final class StopSignal implements TrainingListener {

    private final CountDownLatch end = new CountDownLatch(1);
    private volatile boolean requested;
    private volatile long stepsAtEnd = -1;
    private volatile boolean stoppedEarly;

    /** Asks the run to stop after the step in progress; returns at once. */
    public void request() {
        requested = true;
    }

    /** Whether a stop was requested. */
    public boolean requested() {
        return requested;
    }

    /**
     * Waits until the run has ended (normally, by the stop request, or by {@link #ended()}).
     *
     * @return whether it ended within {@code timeout}
     */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return end.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The steps done when the run ended, or -1 if it has not ended through {@link #onEnd}. */
    public long stepsAtEnd() {
        return stepsAtEnd;
    }

    /**
     * Whether the run ended before its last step (by this signal or another listener), so that a
     * {@link Checkpointer} wrote a final checkpoint; false while it runs and after a full run.
     */
    public boolean stoppedEarly() {
        return stoppedEarly;
    }

    /** Marks the run as over without an {@link #onEnd} call (it failed); releases waiting threads. */
    public void ended() {
        end.countDown();
    }

    @Override
    public void onStep(TrainingProgress progress) {
        if (requested) {
            progress.requestStop();
        }
    }

    @Override
    public void onEnd(TrainingResult result) {
        stepsAtEnd = result.steps();
        stoppedEarly = result.stoppedEarly();
        end.countDown();
    }
}
