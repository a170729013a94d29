package io.flowmatch.core.train;

/**
 * One validation evaluation.
 *
 * @param step     the optimizer steps done when it ran
 * @param metric   the metric's value (lower is better; +infinity if sampling diverged)
 * @param meanLoss the mean batch loss over the steps since the previous evaluation
 * @param best     whether this value was a new best (the weights were kept)
 * @param seconds  training time so far, including earlier evaluations
 */
public record ValidationRecord(long step, double metric, double meanLoss, boolean best, double seconds) {
}
