package io.flowmatch.manifold;

import io.flowmatch.solvers.ExplicitRungeKuttaSolver;
import io.flowmatch.solvers.OdeSolver;
import io.flowmatch.solvers.Solvers;

/**
 * The {@link ManifoldSolver}s: any fixed-step Runge-Kutta method of flowmatch-solvers (euler,
 * midpoint, heun, rk4), stepping along geodesics or projecting back onto the manifold.
 *
 * <pre>{@code
 * ManifoldSolver a = ManifoldSolvers.projected(Solvers.rk4());
 * ManifoldSolver b = ManifoldSolvers.geodesic(Solvers.euler());    // exp-map Euler
 * ManifoldSolver c = ManifoldSolvers.parse("midpoint/projected");
 * }</pre>
 */
public final class ManifoldSolvers {

    /** The solver {@link RiemannianFlowModel#sample(int, int, long)} uses: the midpoint rule with projection. */
    public static final String DEFAULT = "midpoint/projected";

    private ManifoldSolvers() {
    }

    /**
     * {@code solver}'s method with exponential-map stages and steps.
     *
     * @throws IllegalArgumentException if the solver is not a fixed-step Runge-Kutta method (dopri5 is adaptive)
     */
    public static ManifoldSolver geodesic(OdeSolver solver) {
        return of(solver, ManifoldSolver.Steps.GEODESIC);
    }

    /**
     * {@code solver}'s method in the point's coordinates, each stage and step projected back.
     *
     * @throws IllegalArgumentException if the solver is not a fixed-step Runge-Kutta method (dopri5 is adaptive)
     */
    public static ManifoldSolver projected(OdeSolver solver) {
        return of(solver, ManifoldSolver.Steps.PROJECTED);
    }

    /**
     * {@code solver}'s method stepping as {@code steps} says.
     *
     * @throws IllegalArgumentException if an argument is null or the solver is not a fixed-step Runge-Kutta method
     */
    public static ManifoldSolver of(OdeSolver solver, ManifoldSolver.Steps steps) {
        if (solver == null || steps == null) {
            throw new IllegalArgumentException("solver and steps must not be null");
        }
        if (!(solver instanceof ExplicitRungeKuttaSolver rk)) {
            throw new IllegalArgumentException("solver " + solver.name() + " cannot step on a manifold; use a "
                    + "fixed-step Runge-Kutta method: euler, midpoint, heun or rk4");
        }
        return new ManifoldSolver(rk.name(), rk.tableau(), steps);
    }

    /** The default solver, {@value #DEFAULT}. */
    public static ManifoldSolver defaultSolver() {
        return parse(DEFAULT);
    }

    /**
     * The solver named {@code method/steps} (e.g. {@code "rk4/geodesic"}, {@code "euler/projected"}),
     * or just {@code method} for its projected form; as {@link ManifoldSolver#description()} writes it.
     *
     * @throws IllegalArgumentException naming the text if the method or the steps are unknown
     */
    public static ManifoldSolver parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("manifold solver is empty; expected e.g. midpoint/projected");
        }
        String[] parts = text.trim().split("/", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("bad manifold solver '" + text + "': expected METHOD/geodesic or "
                    + "METHOD/projected");
        }
        ManifoldSolver.Steps steps = ManifoldSolver.Steps.PROJECTED;
        if (parts.length == 2) {
            String s = parts[1].trim().toLowerCase(java.util.Locale.ROOT);
            if (s.equals("geodesic")) {
                steps = ManifoldSolver.Steps.GEODESIC;
            } else if (!s.equals("projected")) {
                throw new IllegalArgumentException("bad manifold solver '" + text + "': steps '" + parts[1]
                        + "' are neither geodesic nor projected");
            }
        }
        try {
            return of(Solvers.byName(parts[0]), steps);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad manifold solver '" + text + "': " + e.getMessage(), e);
        }
    }
}
