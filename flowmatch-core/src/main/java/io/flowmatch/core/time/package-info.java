/**
 * How the trainer draws the times t in [0, 1] at which it regresses the model onto the path.
 *
 * <p>The plug-in point is {@link io.flowmatch.core.time.TimeSampler}; the factory
 * {@link io.flowmatch.core.time.TimeSamplers} makes the built-in ones (uniform; logit-normal,
 * whose mean 0.5 and standard deviation 1 are the default of continuous flows; the cubic time warp) and reads their names with {@code parse(String)}.
 */
package io.flowmatch.core.time;
