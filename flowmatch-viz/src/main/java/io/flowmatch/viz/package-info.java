/**
 * Pictures of flows and progress display, kept out of flowmatch-core so that core has no
 * plotting dependency and no {@code java.awt}.
 *
 * <p>Pictures of a 2-D flow, drawn with XChart and written atomically as PNG:
 * {@link io.flowmatch.viz.ScatterPlot} (samples beside the data),
 * {@link io.flowmatch.viz.TrajectoryPlot} (paths coloured by time),
 * {@link io.flowmatch.viz.SnapshotPlot} (the particles at chosen times),
 * {@link io.flowmatch.viz.VectorFieldPlot} (the learned field as arrows) and
 * {@link io.flowmatch.viz.LossCurvePlot} (fed by a {@link io.flowmatch.viz.LossRecorder});
 * {@link io.flowmatch.viz.FlowAnimation} writes the flow as an animated GIF.
 *
 * <p>Pictures of images: {@link io.flowmatch.viz.ImageGrid} lays flattened grey images (for
 * instance the samples of flowmatch-image's {@code ImageFlowModel}) out in a grid PNG, or a
 * sequence of grids in an animated GIF. It takes plain arrays, so this module does not depend on
 * the image module. Both animations use the one GIF encoder of this package.
 *
 * <p>Progress: {@link io.flowmatch.viz.ProgressBar}, shown for training by
 * {@link io.flowmatch.viz.TrainingProgressBar} and for sampling by
 * {@link io.flowmatch.viz.ProgressSolver}.
 */
package io.flowmatch.viz;
