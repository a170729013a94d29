/**
 * Pictures of flows and of training, written as PNG or GIF files: samples beside the data
 * ({@link io.flowmatch.viz.ScatterPlot}), particle paths ({@link io.flowmatch.viz.TrajectoryPlot}),
 * snapshots in time ({@link io.flowmatch.viz.SnapshotPlot}), the vector field
 * ({@link io.flowmatch.viz.VectorFieldPlot}), the loss curve ({@link io.flowmatch.viz.LossCurvePlot})
 * and an animation ({@link io.flowmatch.viz.FlowAnimation}).
 *
 * <p>Each plot is made by its {@code builder()} and written with {@code write(path, ...)};
 * {@link io.flowmatch.viz.Charts} gives them one look. {@link io.flowmatch.viz.LossRecorder} and
 * {@link io.flowmatch.viz.TrainingProgressBar} are training listeners that feed the loss plot and a
 * {@link io.flowmatch.viz.ProgressBar}.
 */
package io.flowmatch.viz;
