/**
 * Batched ODE solvers for dx/dt = v(t, x), with no dependency on the rest of flowmatch.
 *
 * <p>The plug-in points are {@link io.flowmatch.solvers.VectorField} (the right-hand side, written
 * into a caller's array) and {@link io.flowmatch.solvers.OdeSolver} (the method). Start from
 * {@link io.flowmatch.solvers.Solvers}, the factory of the built-in methods (Euler, midpoint, Heun,
 * RK4 as {@link io.flowmatch.solvers.ButcherTableau}s over one stepping loop, adaptive dopri5),
 * whose {@code parse(String)} reads their names. A solver walks a
 * {@link io.flowmatch.solvers.TimeGrid} and reports each grid point to a
 * {@link io.flowmatch.solvers.StepHandler}; {@link io.flowmatch.solvers.Trajectory} is the handler
 * that records states.
 */
package io.flowmatch.solvers;
