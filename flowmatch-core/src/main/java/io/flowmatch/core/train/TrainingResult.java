package io.flowmatch.core.train;

/**
 * How a training run ended.
 *
 * @param steps          optimizer steps taken
 * @param finalLoss      the last batch loss (NaN if no step was taken)
 * @param meanFinalLoss  the mean batch loss over the last log interval (NaN if no step was taken)
 * @param stoppedEarly   whether a listener stopped training before the requested steps
 * @param seconds        wall-clock training time
 */
public record TrainingResult(long steps, double finalLoss, double meanFinalLoss, boolean stoppedEarly,
        double seconds) {
}
