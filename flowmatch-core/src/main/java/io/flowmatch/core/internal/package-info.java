/**
 * Plumbing shared by flowmatch's modules and not part of the supported API: direct access to the
 * native memory of ND4J arrays ({@link io.flowmatch.core.internal.NativeBuffers}) and matrix
 * products into preallocated arrays ({@link io.flowmatch.core.internal.MatrixProduct}), which keep
 * the training step and the sampler free of allocation. May change in any version.
 */
package io.flowmatch.core.internal;
