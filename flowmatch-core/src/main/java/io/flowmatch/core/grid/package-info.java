/**
 * Time grids for sampling fitted to a trained flow.
 *
 * <p>{@link io.flowmatch.core.grid.CurvatureGrid} measures where a flow's paths bend and returns a
 * {@link io.flowmatch.solvers.TimeGrid} that spends the steps there; pass it to
 * {@code FlowModel.sample(n, solver, grid, seed)} in place of a uniform grid.
 */
package io.flowmatch.core.grid;
