/**
 * Class-conditional image flows with classifier-free guidance, built on flowmatch-core's
 * velocity-model and training pieces.
 *
 * <p>How the parts fit:
 * <ul>
 *   <li><b>Data.</b> {@link io.flowmatch.image.LabelledImages} is a training set of grey images
 *       with class labels, pixels in [-1, 1]. {@link io.flowmatch.image.Shapes} generates one
 *       procedurally (ten classes of 28x28 shapes, offline); {@link io.flowmatch.image.FashionMnist}
 *       reads Fashion-MNIST as the Debian package dataset-fashion-mnist installs it; other files
 *       in the MNIST IDX format are read by {@code io.flowmatch.datasets.IdxFiles}
 *       (flowmatch-datasets) and wrapped with {@link io.flowmatch.image.LabelledImages#of}.</li>
 *   <li><b>Model.</b> {@link io.flowmatch.image.UNetVelocityModel}, a small U-Net laid out by
 *       {@link io.flowmatch.image.UNetArchitecture}, is a core
 *       {@link io.flowmatch.core.model.VelocityModel}: flat parameters and a preallocated pass with
 *       a hand-written backward. Its pass is a {@link io.flowmatch.core.model.ConditionalPass}, a
 *       {@link io.flowmatch.core.model.ModelPass} that also takes a label per row (or the null
 *       label). Package-private helpers do the arithmetic: a float32 pass whose convolutions are
 *       im2col plus one BLAS product each on heap feature maps (the hot path), the reference
 *       pass it is tested against (also the double-precision one that gradient checks use), the
 *       time embedding, and a runner that lets threads share a batch's parts.</li>
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
 *   <li><b>Sampling and files.</b> {@link io.flowmatch.image.ImageFlowModel} integrates
 *       {@link io.flowmatch.core.model.GuidedField}, v_uncond + w (v_cond - v_uncond), from noise at
 *       t = 0 to images at t = 1 with a flowmatch-solvers ODE solver, in chunks that threads may
 *       share; it saves to and loads from core's checked model-file container
 *       (format {@code flowmatch-image-model}).</li>
 *   <li><b>Evaluation.</b> {@link io.flowmatch.image.ImageJudge} is an independent judge trained
 *       on real images: a small convolutional classifier
 *       ({@link io.flowmatch.image.ClassifierArchitecture}, the same im2col convolutions, trained
 *       by the shared loop) that scores samples by the fraction labelled as their class and by
 *       the Frechet distance of its penultimate features to those of real test images, beside
 *       the floor of real training images. {@link io.flowmatch.image.NearestCentroid} is the
 *       simpler judge of the shapes.</li>
 *   <li><b>Pictures</b> are not here: {@code io.flowmatch.viz.ImageGrid} (flowmatch-viz) lays
 *       samples out in a grid PNG or an animated GIF, from plain arrays.</li>
 * </ul>
 */
package io.flowmatch.image;
