/**
 * The learnable velocity field v_theta(t, x).
 *
 * <p>The plug-in point is {@link io.flowmatch.core.model.VelocityModel}: parameters in one flat
 * array, and a {@link io.flowmatch.core.model.ModelPass} per batch size that holds the
 * preallocated buffers of a forward and backward pass; a training objective feeds one through
 * {@link io.flowmatch.core.model.PassBuffers}. The built-in model is
 * {@link io.flowmatch.core.model.MlpVelocityModel}, shaped by an
 * {@link io.flowmatch.core.model.MlpArchitecture} (hidden widths and an
 * {@link io.flowmatch.core.model.Activation}); it is also
 * {@link io.flowmatch.core.model.InputDifferentiable}, giving the
 * {@link io.flowmatch.core.model.TangentField} that log-likelihoods need.
 *
 * <p>A class-conditional model ({@link io.flowmatch.core.model.VelocityModel#classes()} &gt; 0, an
 * MLP with {@link io.flowmatch.core.model.MlpArchitecture#classes()}) takes a label per row through
 * a {@link io.flowmatch.core.model.ConditionalPass}, the null label standing for "no class";
 * {@link io.flowmatch.core.model.GuidedField} combines the two into classifier-free guidance.
 */
package io.flowmatch.core.model;
