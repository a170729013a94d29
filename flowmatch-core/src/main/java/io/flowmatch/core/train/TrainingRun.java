package io.flowmatch.core.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every kind of flow does around its {@link TrainingSession}: resume from a checkpoint,
 * write checkpoints, call listeners, log, and on divergence save the last good step before
 * rethrowing. A flow's builder collects these options with the same setter names everywhere
 * ({@code listener}, {@code checkpoints}, {@code resumeFrom}) and hands them to
 * {@link #run(TrainingSession, TrainingListener...)}.
 */
public final class TrainingRun {

    private final List<TrainingListener> listeners = new ArrayList<>();
    private Path checkpointFile;
    private long checkpointEvery;
    private Path resumeFrom;

    /** Options with no listener, no checkpoints and no resumption. */
    public TrainingRun() {
    }

    /** Adds a listener for progress, logging or early stopping (called in the order added). */
    public TrainingRun listener(TrainingListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        listeners.add(listener);
        return this;
    }

    /**
     * Write checkpoints to {@code file} every {@code everySteps} steps (0: only when training
     * stops early or diverges), atomically; see {@link Checkpointer}.
     */
    public TrainingRun checkpoints(Path file, long everySteps) {
        if (file == null) {
            throw new IllegalArgumentException("checkpoint file must not be null");
        }
        if (everySteps < 0) {
            throw new IllegalArgumentException("checkpoint interval must not be negative, got " + everySteps);
        }
        this.checkpointFile = file;
        this.checkpointEvery = everySteps;
        return this;
    }

    /** Continue from a checkpoint written by a run with the same settings (the iterations may differ). */
    public TrainingRun resumeFrom(Path checkpoint) {
        if (checkpoint == null) {
            throw new IllegalArgumentException("checkpoint to resume from must not be null");
        }
        this.resumeFrom = checkpoint;
        return this;
    }

    /** The checkpoint resumed from, or null. */
    public Path resumedFrom() {
        return resumeFrom;
    }

    /**
     * Runs {@code session} to its configured number of steps: restores the checkpoint to resume
     * from, then steps with the checkpointer (first) and the listeners, plus {@code extra}
     * listeners after them.
     *
     * @throws TrainingDivergedException if training diverges (a configured checkpoint then holds
     *                                   the last good step)
     * @throws io.flowmatch.core.io.ModelFormatException if the checkpoint to resume from is not valid
     * @throws IllegalArgumentException  if it was written by another run
     */
    public TrainingResult run(TrainingSession session, TrainingListener... extra) {
        Checkpointer checkpointer = checkpointFile == null ? null
                : new Checkpointer(session, checkpointFile, checkpointEvery);
        if (resumeFrom != null) {
            Checkpointer.resume(session, resumeFrom);
        }
        List<TrainingListener> all = new ArrayList<>();
        if (checkpointer != null) {
            all.add(checkpointer); // first, so that later listeners see the end after the final checkpoint
        }
        all.addAll(listeners);
        for (TrainingListener listener : extra) {
            if (listener != null) {
                all.add(listener);
            }
        }
        try {
            return new Trainer(session.config()).run(session, all);
        } catch (TrainingDivergedException e) {
            if (checkpointer != null) {
                try {
                    checkpointer.save(); // the session still holds the last good step
                } catch (RuntimeException notSaved) {
                    e.addSuppressed(notSaved);
                }
            }
            throw e;
        }
    }
}
