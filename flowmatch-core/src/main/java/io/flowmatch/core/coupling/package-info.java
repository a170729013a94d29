/**
 * How the source points x0 and data points x1 of a training batch are paired.
 *
 * <p>The plug-in point is {@link io.flowmatch.core.coupling.Coupling}; the factory
 * {@link io.flowmatch.core.coupling.Couplings} makes the built-in ones (independent, the default;
 * exact minibatch optimal transport; entropic Sinkhorn OT) and reads their names with
 * {@code parse(String)}. {@link io.flowmatch.core.coupling.Sinkhorn} is the transport-plan solver
 * the entropic coupling uses, public for other uses of a plan. A labelled batch is paired within
 * each class, never across
 * ({@link io.flowmatch.core.coupling.Coupling#couple(java.util.SplittableRandom, float[], float[], int[], int, int)}).
 */
package io.flowmatch.core.coupling;
