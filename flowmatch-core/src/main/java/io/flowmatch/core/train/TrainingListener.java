package io.flowmatch.core.train;

/**
 * Callbacks from the {@link Trainer}: after every step, at every log interval and at the end.
 * A listener may stop training early with {@link TrainingProgress#requestStop()}.
 *
 * <p>Callbacks run on the training thread, between steps; keep {@link #onStep} cheap.
 */
public interface TrainingListener {

    /** After every optimizer step. The progress object is reused: read it, do not keep it. */
    default void onStep(TrainingProgress progress) {
    }

    /** Every {@code logEvery} steps and after the last step, with the mean loss since the last call. */
    default void onLog(TrainingProgress progress) {
    }

    /** Once, when training ends (normally or by a stop request). */
    default void onEnd(TrainingResult result) {
    }
}
