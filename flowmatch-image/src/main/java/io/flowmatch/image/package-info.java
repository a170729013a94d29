/**
 * Class-conditional image flows with classifier-free guidance, built on flowmatch-core's
 * velocity-model and training pieces.
 *
 * <p>How the parts fit:
 * <ul>
 *   <li><b>Data.</b> {@link io.flowmatch.image.LabelledImages} is a training set of grey images
 *       with class labels, pixels in [-1, 1]. {@link io.flowmatch.image.Shapes} generates one
 *       procedurally (ten classes of 28x28 shapes, offline); real files in the MNIST IDX format
 *       are read by {@code io.flowmatch.datasets.IdxFiles} (flowmatch-datasets) and wrapped with
 *       {@link io.flowmatch.image.LabelledImages#of}.</li>
 *   <li><b>Model.</b> {@link io.flowmatch.image.UNetVelocityModel}, a small U-Net laid out by
 *       {@link io.flowmatch.image.UNetArchitecture}, is a core
 *       {@link io.flowmatch.core.model.VelocityModel}: flat parameters and a preallocated pass with
 *       a hand-written backward. Its pass is a {@link io.flowmatch.image.ConditionalPass}, a
 *       {@link io.flowmatch.core.model.ModelPass} that also takes a label per row (or the null
 *       label). Package-private helpers do the arithmetic: im2col convolutions over core's BLAS
 *       products, the time embedding and the channels-last cell kernels.</li>
 *   <li><b>Training.</b> {@link io.flowmatch.image.ImageFlowMatcher} is a thin builder over
 *       core's shared training loop ({@code TrainingSession}, {@code TrainingRun}: optimizer,
 *       schedule, weight average, divergence handling, checkpoints, resume, listeners). What the
 *       loop minimises is {@link io.flowmatch.image.ConditionalImageObjective}: the U-Net regressed
 *       onto the straight-path velocity x - z, labels dropped to the null label now and then so
 *       that one network learns the conditional and the unconditional field, each batch computed
 *       in parts that threads may share. Every setting is part of an
 *       {@link io.flowmatch.image.ImageRecipe} (with a text form), from which the model's
 *       provenance, the checkpoint fingerprint and the model file header derive. Training
 *       returns an {@link io.flowmatch.image.ImageFlowModel}.</li>
 *   <li><b>Sampling.</b> {@link io.flowmatch.image.ImageFlowModel} integrates
 *       {@link io.flowmatch.image.GuidedField}, v_uncond + w (v_cond - v_uncond), from noise at
 *       t = 0 to images at t = 1 with a flowmatch-solvers ODE solver.</li>
 *   <li><b>Evaluation.</b> {@link io.flowmatch.image.NearestCentroid}, an independent classifier
 *       fitted on real images, scores how often a guided sample shows the class it was asked for.</li>
 *   <li><b>Pictures</b> are not here: {@code io.flowmatch.viz.ImageGrid} (flowmatch-viz) lays
 *       samples out in a grid PNG or an animated GIF, from plain arrays.</li>
 * </ul>
 */
package io.flowmatch.image;
