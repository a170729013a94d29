package io.flowmatch.core.train;

import java.nio.file.Path;

/**
 * The setters of a run's options that are not part of its recipe (listeners, checkpoints,
 * resumption), implemented by every kind of flow's builder so that they have one name, one check
 * and one meaning everywhere. The builder's {@link TrainingRun} collects them and runs its
 * session with them.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public interface TrainingRunOptions<B extends TrainingRunOptions<B>> {

    /** The options set so far, which the builder's {@code train()} runs its session with. */
    TrainingRun trainingRun();

    /** Adds a listener for progress, logging or early stopping (called in the order added). */
    default B listener(TrainingListener listener) {
        trainingRun().listener(listener);
        return thisBuilder();
    }

    /**
     * Write training checkpoints to {@code file} every {@code everySteps} steps (0: only when
     * training stops early or diverges), atomically, keeping the previous one until the new one
     * is complete; see {@link Checkpointer}.
     */
    default B checkpoints(Path file, long everySteps) {
        trainingRun().checkpoints(file, everySteps);
        return thisBuilder();
    }

    /**
     * Continue from a checkpoint written by a run with the same recipe, data and network (the
     * number of iterations may differ); with the same number of iterations the result is
     * bit-identical to an uninterrupted run. With more, the remaining steps take the longer
     * run's learning rates: the same as an uninterrupted longer run for a schedule that does not
     * depend on the run's length (constant), but not for a cosine decay, whose rate then rises
     * again from where the shorter run had lowered it.
     */
    default B resumeFrom(Path checkpoint) {
        trainingRun().resumeFrom(checkpoint);
        return thisBuilder();
    }

    @SuppressWarnings("unchecked")
    private B thisBuilder() {
        return (B) this;
    }
}
