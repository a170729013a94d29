/**
 * Conditional probability paths between a source point x0 and a data point x1: the point x_t
 * and the target velocity u_t the model regresses onto.
 *
 * <p>The plug-in point is {@link io.flowmatch.core.path.ProbabilityPath}; the factory
 * {@link io.flowmatch.core.path.Paths} makes the built-in ones and reads their names with
 * {@code parse(String)}. Most are {@link io.flowmatch.core.path.AffinePath}s,
 * x_t = alpha(t) x1 + sigma(t) x0, whose coefficients come from a
 * {@link io.flowmatch.core.path.scheduler.Scheduler}; an affine path also converts between the
 * {@link io.flowmatch.core.path.Prediction}s a network may learn (velocity, x1, x0), which
 * {@link io.flowmatch.core.path.PredictionField} and
 * {@link io.flowmatch.core.path.ScheduleTransformedField} use at sampling time.
 */
package io.flowmatch.core.path;
