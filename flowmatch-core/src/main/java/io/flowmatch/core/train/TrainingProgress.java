package io.flowmatch.core.train;

/**
 * Where training stands, passed to {@link TrainingListener}s. The trainer reuses one instance
 * (no allocation per step), so listeners must copy what they want to keep.
 */
public final class TrainingProgress {

    private final long totalSteps;
    private final long startNanos;
    private long step;
    private double loss;
    private double meanLoss;
    private double learningRate;
    private boolean stopRequested;

    TrainingProgress(long totalSteps, long startNanos) {
        this.totalSteps = totalSteps;
        this.startNanos = startNanos;
    }

    void update(long step, double loss, double learningRate) {
        this.step = step;
        this.loss = loss;
        this.learningRate = learningRate;
    }

    void meanLoss(double meanLoss) {
        this.meanLoss = meanLoss;
    }

    /** The number of optimizer steps done so far (1 after the first). */
    public long step() {
        return step;
    }

    /** The number of steps training was asked to run. */
    public long totalSteps() {
        return totalSteps;
    }

    /** The loss (mean squared velocity error) of the last step's batch. */
    public double loss() {
        return loss;
    }

    /** The mean batch loss since the previous log call (meaningful in {@link TrainingListener#onLog}). */
    public double meanLoss() {
        return meanLoss;
    }

    /** The learning rate used by the last step. */
    public double learningRate() {
        return learningRate;
    }

    /** Seconds since training started. */
    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Asks the trainer to stop after this step; the model keeps the weights it has now. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Whether a listener asked to stop. */
    public boolean stopRequested() {
        return stopRequested;
    }
}
