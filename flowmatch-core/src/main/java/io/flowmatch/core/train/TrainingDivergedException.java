package io.flowmatch.core.train;

/**
 * Thrown when a step's loss or gradient norm is NaN or infinite; the message names the step and
 * which of the two. The step is refused before it changes anything, so the model keeps the
 * parameters of the last good step (and a configured checkpoint is written from them).
 */
public final class TrainingDivergedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;
    private final long step;

    TrainingDivergedException(long step, double loss) {
        this(step, "loss", loss);
    }

    TrainingDivergedException(long step, String what, double value) {
        super("training diverged at step " + step + ": " + what + " is " + value
                + " (try a lower learning rate, gradient clipping, or normalising the data)");
        this.step = step;
    }

    /** The step whose loss or gradient was not finite. */
    public long step() {
        return step;
    }
}
