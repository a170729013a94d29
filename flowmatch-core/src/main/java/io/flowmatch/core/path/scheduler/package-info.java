/**
 * The coefficients alpha(t), sigma(t) of affine probability paths and their derivatives.
 *
 * <p>The plug-in point is {@link io.flowmatch.core.path.scheduler.Scheduler}; the factory
 * {@link io.flowmatch.core.path.scheduler.Schedulers} makes the built-in ones (linear CondOT,
 * polynomial, cosine, variance preserving, linear with a minimum width). Turn one into a path with
 * {@code Paths.affine(scheduler)}.
 */
package io.flowmatch.core.path.scheduler;
