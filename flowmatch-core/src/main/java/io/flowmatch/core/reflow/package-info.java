/**
 * Rectified flow's reflow: retrain a flow on the (x0, x1) pairs of its own trajectories so that
 * its paths straighten and few-step sampling improves.
 *
 * <p>Start from {@link io.flowmatch.core.reflow.Reflow#from}; {@code run()} gives a
 * {@link io.flowmatch.core.reflow.ReflowResult} with the last student and a
 * {@link io.flowmatch.core.reflow.RoundReport} per round, which measures
 * {@link io.flowmatch.core.reflow.Straightness} and few-step quality.
 */
package io.flowmatch.core.reflow;
