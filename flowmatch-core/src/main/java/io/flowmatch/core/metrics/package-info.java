/**
 * How close generated samples are to reference data.
 *
 * <p>{@link io.flowmatch.core.metrics.SampleDistances} holds the distances themselves (energy
 * distance, MMD, exact and sliced 2-Wasserstein, mean and covariance gaps), as static functions of
 * two {@code [n, d]} arrays. {@link io.flowmatch.core.metrics.SampleMetric} is the plug-in point a
 * validation run uses: a named distance, with the built-in ones and {@code parse(String)} on the
 * interface. {@link io.flowmatch.core.metrics.LinearAssignment} is the exact assignment solver
 * behind W2 and the exact OT coupling.
 */
package io.flowmatch.core.metrics;
