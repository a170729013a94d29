/**
 * Plumbing shared by flowmatch's modules and not part of the supported API: direct access to the
 * native memory of ND4J arrays ({@link io.flowmatch.core.internal.NativeBuffers}), matrix products
 * into preallocated arrays ({@link io.flowmatch.core.internal.MatrixProduct}), which keep the
 * training step and the sampler free of allocation, the choice of OpenBLAS's kernels before it
 * loads ({@link io.flowmatch.core.internal.BlasKernels}, run by
 * {@link io.flowmatch.core.internal.BlasCoreHook} when ND4J starts, through
 * {@link io.flowmatch.core.internal.NativeEnvironment}), and chunked work on several threads with
 * results independent of their number ({@link io.flowmatch.core.internal.ParallelChunks}), and
 * the plumbing of every recipe's text form ({@link io.flowmatch.core.internal.RecipeText}). May
 * change in any version.
 */
package io.flowmatch.core.internal;
