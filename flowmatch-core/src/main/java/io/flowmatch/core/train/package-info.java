/**
 * The training loop and what it is made of.
 *
 * <p>{@link io.flowmatch.core.train.TrainingSession} runs the steps of one run, configured by an
 * immutable {@link io.flowmatch.core.train.TrainingConfig}: the plug-in points are the
 * {@link io.flowmatch.core.train.Optimizer} (built-in: {@link io.flowmatch.core.train.Adam}), the
 * {@link io.flowmatch.core.train.LearningRateSchedule} and the
 * {@link io.flowmatch.core.train.TrainingListener}s that watch or stop a run (progress,
 * {@link io.flowmatch.core.train.Validation} with early stopping, the
 * {@link io.flowmatch.core.train.Checkpointer}). Applications use {@code FlowMatcher.builder()},
 * which builds all of these.
 */
package io.flowmatch.core.train;
