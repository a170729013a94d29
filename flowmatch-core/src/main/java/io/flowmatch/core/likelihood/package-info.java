/**
 * Log-likelihoods of trained flows by the instantaneous change of variables: integrate
 * d/dt [x, z] = [v(t, x), -div v(t, x)] backward from the data at t = 1 to the source at t = 0,
 * then log p_1(x) = log N(x_0; 0, I) - z(0). The divergence is exact (d Jacobian-vector products)
 * or a Hutchinson estimate.
 */
package io.flowmatch.core.likelihood;
