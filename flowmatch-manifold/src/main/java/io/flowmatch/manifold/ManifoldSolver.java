package io.flowmatch.manifold;

import io.flowmatch.solvers.ButcherTableau;
import io.flowmatch.solvers.TimeGrid;
import java.util.Locale;

/**
 * A fixed-step explicit Runge-Kutta method that keeps its state on a {@link Manifold}, in one of
 * two ways ({@link Steps}):
 *
 * <ul>
 *   <li>{@link Steps#GEODESIC}: every stage and the step itself move along geodesics with the
 *       exponential map, the stage velocities brought back to the step's starting point by
 *       parallel transport:
 *       <pre>
 *   y_i = exp_x(h sum_j a_ij k_j),   k_i = transport_{y_i -&gt; x} v(t + c_i h, y_i),   x' = exp_x(h sum_i b_i k_i)
 *       </pre></li>
 *   <li>{@link Steps#PROJECTED}: the Euclidean method in the point's coordinates (the sphere's
 *       ambient R^d, the angles of the torus), each stage point and the result projected back
 *       onto the manifold (normalised, or wrapped):
 *       <pre>
 *   y_i = proj(x + h sum_j a_ij k_j),   k_i = v(t + c_i h, y_i),   x' = proj(x + h sum_i b_i k_i)
 *       </pre></li>
 * </ul>
 *
 * On the flat torus both are the same method. On the sphere the projected form keeps the full
 * order of the tableau (the field extended by v(y) = v(y / |y|) is tangent to every sphere around
 * the origin, so the Euclidean method integrates it to full order and the projection moves the
 * result by less than the local error). The geodesic form is a Runge-Kutta-Munthe-Kaas method
 * without its dexp correction: Euler and midpoint keep orders 1 and 2, but RK4 drops to order 3
 * on paths that are not great circles (measured in {@code ManifoldSolverTest}; the module's README
 * has the numbers). Either way every state is on the manifold.
 *
 * <p>Immutable and thread-safe; buffers are allocated once per {@code integrate} call.
 *
 * @see ManifoldSolvers
 */
public final class ManifoldSolver {

    /** How a step moves on the manifold. */
    public enum Steps {
        /** Exponential-map stages and steps, with parallel transport of the stage velocities. */
        GEODESIC,
        /** Euclidean stages and steps in the point's coordinates, each followed by a projection onto the manifold. */
        PROJECTED;

        /** The lower-case name. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Sees every state a solver reaches: row-major {@code [n, dimension()]}, read-only, valid during the call. */
    @FunctionalInterface
    interface Observer {
        void state(int step, double t, double[] x, int n);
    }

    /**
     * A field that also gives the rates of Euclidean side quantities carried along the path
     * (the log-density's change for likelihoods), which the solver integrates with the same
     * tableau.
     */
    interface AugmentedField {
        /** v at x as {@link ManifoldVectorField#evaluate}, and {@code rates[0 .. n * width)} for the side quantities. */
        void evaluate(double t, double[] x, double[] v, double[] rates, int n);
    }

    private final String name;
    private final ButcherTableau tableau;
    private final Steps steps;

    ManifoldSolver(String name, ButcherTableau tableau, Steps steps) {
        this.name = name;
        this.tableau = tableau;
        this.steps = steps;
    }

    /** The Runge-Kutta method's name, e.g. {@code "midpoint"}. */
    public String method() {
        return name;
    }

    /** How steps stay on the manifold. */
    public Steps steps() {
        return steps;
    }

    /** The field evaluations per step. */
    public int stages() {
        return tableau.stages();
    }

    /** The text form {@code method/steps}, e.g. {@code "rk4/projected"}; {@link ManifoldSolvers#parse} reads it. */
    public String description() {
        return name + "/" + steps.label();
    }

    @Override
    public String toString() {
        return description();
    }

    /**
     * Integrates dx/dt = v(t, x) along {@code grid} in place.
     *
     * @param manifold the manifold the points live on
     * @param field    the tangent field
     * @param x        the n starting points, row-major {@code [n, manifold.dimension()]}, on the
     *                 manifold; overwritten with the end points
     * @param n        number of rows, at least 1
     * @param grid     the time points (may run backwards)
     * @throws IllegalArgumentException if an argument is null or x is too short
     * @throws IllegalStateException    if the state becomes NaN or infinite
     */
    public void integrate(Manifold manifold, ManifoldVectorField field, double[] x, int n, TimeGrid grid) {
        if (field == null) {
            throw new IllegalArgumentException("field must not be null");
        }
        integrate(manifold, (t, y, v, rates, rows) -> field.evaluate(t, y, v, rows), x, n, null, 0, grid, null);
    }

    /**
     * The general loop: the manifold state x and, if {@code width > 0}, {@code aux} ({@code [n,
     * width]}, Euclidean) integrated together; the observer (may be null) sees the initial state
     * and the state after every step.
     */
    void integrate(Manifold manifold, AugmentedField field, double[] x, int n, double[] aux, int width,
            TimeGrid grid, Observer observer) {
        if (manifold == null || field == null || grid == null) {
            throw new IllegalArgumentException("manifold, field and grid must not be null");
        }
        int d = manifold.dimension();
        if (n < 1 || x == null || x.length < n * d || (width > 0 && (aux == null || aux.length < n * width))) {
            throw new IllegalArgumentException("the state must hold " + n + " rows of " + d + " coordinates");
        }
        int s = tableau.stages();
        int len = n * d;
        double[][] k = new double[s][len];
        double[][] r = width > 0 ? new double[s][n * width] : null;
        double[] y = new double[len];
        double[] w = new double[len];
        double[] g = steps == Steps.GEODESIC ? new double[len] : null;
        if (observer != null) {
            observer.state(0, grid.start(), x, n);
        }
        for (int step = 0; step < grid.steps(); step++) {
            double t0 = grid.time(step);
            double h = grid.time(step + 1) - t0;
            for (int i = 0; i < s; i++) {
                double[] at = x;
                if (i > 0) {
                    combine(x, k, i, h, tableau, true, w, len);
                    at = y;
                    move(manifold, x, w, y, n);
                }
                double[] out = steps == Steps.GEODESIC && i > 0 ? g : k[i];
                double ti = t0 + tableau.c(i) * h;
                field.evaluate(ti, at, out, r == null ? null : r[i], n);
                requireFinite(out, len, d, ti);
                if (steps == Steps.GEODESIC && i > 0) {
                    manifold.transport(y, x, g, k[i], n); // back to the tangent space at x
                }
            }
            combine(x, k, s, h, tableau, false, w, len);
            move(manifold, x, w, x, n);
            if (r != null) {
                for (int i = 0; i < s; i++) {
                    double bh = tableau.b(i) * h;
                    if (bh != 0) {
                        double[] ri = r[i];
                        for (int j = 0, m = n * width; j < m; j++) {
                            aux[j] += bh * ri[j];
                        }
                    }
                }
            }
            for (int j = 0; j < len; j++) {
                if (!Double.isFinite(x[j])) {
                    throw new IllegalStateException("the solution became " + x[j] + " at row " + j / d + " in step "
                            + (step + 1) + " (t = " + grid.time(step + 1) + ")");
                }
            }
            if (r != null) {
                requireFinite(aux, n * width, width, grid.time(step + 1));
            }
            if (observer != null) {
                observer.state(step + 1, grid.time(step + 1), x, n);
            }
        }
    }

    private static void requireFinite(double[] v, int len, int d, double t) {
        for (int j = 0; j < len; j++) {
            if (!Double.isFinite(v[j])) {
                throw new IllegalStateException("the field gave " + v[j] + " at row " + j / d + " (t = " + t + ")");
            }
        }
    }

    /**
     * The increment of stage {@code i} (h sum_{j &lt; i} a_ij k_j) or, with {@code stage} false, of
     * the step (h sum_j b_j k_j), into w.
     */
    private static void combine(double[] x, double[][] k, int i, double h, ButcherTableau tableau, boolean stage,
            double[] w, int len) {
        java.util.Arrays.fill(w, 0, len, 0.0);
        for (int j = 0; j < i; j++) {
            double c = h * (stage ? tableau.a(i, j) : tableau.b(j));
            if (c != 0) {
                double[] kj = k[j];
                for (int q = 0; q < len; q++) {
                    w[q] += c * kj[q];
                }
            }
        }
    }

    /** out = exp_x(w) (geodesic) or proj(x + w) (projected); out may be x. */
    private void move(Manifold manifold, double[] x, double[] w, double[] out, int n) {
        if (steps == Steps.GEODESIC) {
            manifold.exp(x, w, out, n);
        } else {
            for (int q = 0, len = n * manifold.dimension(); q < len; q++) {
                out[q] = x[q] + w[q];
            }
            manifold.projectPoints(out, out, n);
        }
    }
}
