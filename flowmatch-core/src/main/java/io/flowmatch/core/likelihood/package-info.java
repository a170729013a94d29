/**
 * Log-likelihoods of trained flows by the instantaneous change of variables: integrate
 * d/dt [x, z] = [v(t, x), -div v(t, x)] backward from the data at t = 1 to the source at t = 0,
 * then log p_1(x) = log N(x_0; 0, I) - z(0).
 *
 * <p>Start from {@link io.flowmatch.core.likelihood.LogLikelihood#builder}; it takes a
 * {@code FlowModel} or any {@link io.flowmatch.core.model.TangentField}. The divergence of the
 * velocity field is computed as a {@link io.flowmatch.core.likelihood.DivergenceEstimator} says:
 * exactly (d Jacobian-vector products) or by Hutchinson's estimate. For a class-conditional
 * model, {@code label(k)} / {@code labels(perRow)} give log p(x | label) and {@code guidance(w)}
 * the density of the guided field; the field then is a
 * {@link io.flowmatch.core.model.ConditionalTangentField}.
 */
package io.flowmatch.core.likelihood;
