package io.flowmatch.solvers;

import java.util.Locale;

/**
 * The built-in ODE solvers. Fixed-step methods are Butcher tableaus over one stepping loop
 * ({@link ExplicitRungeKuttaSolver}); {@code dopri5} is adaptive ({@link DormandPrince54Solver}).
 *
 * <table>
 * <caption>Solvers</caption>
 * <tr><th>name</th><th>order</th><th>evaluations per step</th></tr>
 * <tr><td>euler</td><td>1</td><td>1</td></tr>
 * <tr><td>midpoint</td><td>2</td><td>2</td></tr>
 * <tr><td>heun</td><td>2</td><td>2</td></tr>
 * <tr><td>rk4</td><td>4</td><td>4</td></tr>
 * <tr><td>dopri5</td><td>5(4)</td><td>6 (adaptive steps)</td></tr>
 * </table>
 */
public final class Solvers {

    /** The names {@link #byName(String)} accepts. */
    public static final String[] NAMES = {"euler", "midpoint", "heun", "rk4", "dopri5"};

    private static final OdeSolver EULER = new ExplicitRungeKuttaSolver("euler",
            new ButcherTableau(new double[] {0}, new double[][] {{}}, new double[] {1}, null, 1));

    private static final OdeSolver MIDPOINT = new ExplicitRungeKuttaSolver("midpoint",
            new ButcherTableau(new double[] {0, 0.5}, new double[][] {{}, {0.5}}, new double[] {0, 1}, null, 2));

    private static final OdeSolver HEUN = new ExplicitRungeKuttaSolver("heun",
            new ButcherTableau(new double[] {0, 1}, new double[][] {{}, {1}}, new double[] {0.5, 0.5}, null, 2));

    private static final OdeSolver RK4 = new ExplicitRungeKuttaSolver("rk4",
            new ButcherTableau(new double[] {0, 0.5, 0.5, 1},
                    new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}},
                    new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6}, null, 4));

    private Solvers() {
    }

    /** Forward Euler: x += h v(t, x). Order 1. */
    public static OdeSolver euler() {
        return EULER;
    }

    /** The explicit midpoint rule: x += h v(t + h/2, x + h/2 v(t, x)). Order 2. */
    public static OdeSolver midpoint() {
        return MIDPOINT;
    }

    /** Heun's method (explicit trapezoid): the mean of the slopes at both ends. Order 2. */
    public static OdeSolver heun() {
        return HEUN;
    }

    /** The classical fourth-order Runge-Kutta method. */
    public static OdeSolver rk4() {
        return RK4;
    }

    /**
     * Adaptive Dormand-Prince 5(4) with the given tolerances (at most 100 000 steps).
     *
     * @throws IllegalArgumentException if a tolerance is not positive and finite
     */
    public static OdeSolver dopri5(double atol, double rtol) {
        return new DormandPrince54Solver(atol, rtol, 100_000);
    }

    /** Dormand-Prince 5(4) with atol = rtol = 1e-5. */
    public static OdeSolver dopri5() {
        return dopri5(1e-5, 1e-5);
    }

    /**
     * The solver with the given name (case-insensitive): euler, midpoint, heun, rk4 or dopri5.
     *
     * @throws IllegalArgumentException naming the known solvers otherwise
     */
    public static OdeSolver byName(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case "euler":
                return euler();
            case "midpoint":
                return midpoint();
            case "heun":
                return heun();
            case "rk4":
                return rk4();
            case "dopri5":
                return dopri5();
            default:
                throw new IllegalArgumentException("unknown solver '" + name + "', expected one of "
                        + String.join(", ", NAMES));
        }
    }
}
