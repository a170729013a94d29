/**
 * The learnable velocity field v_theta(t, x).
 *
 * <p>The plug-in point is {@link io.flowmatch.core.model.VelocityModel}: parameters in one flat
 * array, and a {@link io.flowmatch.core.model.ModelPass} per batch size that holds the
 * preallocated buffers of a forward and backward pass. The built-in model is
 * {@link io.flowmatch.core.model.MlpVelocityModel}, shaped by an
 * {@link io.flowmatch.core.model.MlpArchitecture} (hidden widths and an
 * {@link io.flowmatch.core.model.Activation}); it is also
 * {@link io.flowmatch.core.model.InputDifferentiable}, giving the
 * {@link io.flowmatch.core.model.TangentField} that log-likelihoods need.
 */
package io.flowmatch.core.model;
