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
 *
 * <p>Every kind of flow (continuous, discrete, Riemannian, image, tabular) is a thin facade over
 * the same machinery here: its recipe extends {@link io.flowmatch.core.train.TrainingRecipe} (the
 * loop's settings, the text form's equality and plumbing), its builders inherit the loop's setters
 * from {@link io.flowmatch.core.train.TrainingSettings} (and the network's from
 * {@link io.flowmatch.core.train.MlpSettings} where it is an MLP), and its matcher's builder takes
 * listeners, checkpoints and resumption through {@link io.flowmatch.core.train.TrainingRunOptions}
 * and trains its {@link io.flowmatch.core.train.Objective} with a
 * {@link io.flowmatch.core.train.TrainingRun}.
 */
package io.flowmatch.core.train;
