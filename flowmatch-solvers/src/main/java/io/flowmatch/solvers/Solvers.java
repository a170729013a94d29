package io.flowmatch.solvers;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in ODE solvers. Fixed-step methods are Butcher tableaus over one stepping loop
 * ({@link ExplicitRungeKuttaSolver}); {@code dopri5} is adaptive ({@link DormandPrince54Solver}).
 * The factories return those types, so that a caller can read a tableau or the tolerances
 * without a cast; {@link #parse(String)} reads a solver's name or description.
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

    /** The names {@link #parse(String)} accepts. */
    public static final String[] NAMES = {"euler", "midpoint", "heun", "rk4", "dopri5"};

    /** The step limit of {@link #dopri5(double, double)}. */
    static final long DOPRI5_MAX_STEPS = 100_000;

    private static final Pattern CALL = Pattern.compile("([a-z0-9_-]+)(?:\\((.*)\\)|:(.*))?");

    private static final ExplicitRungeKuttaSolver EULER = new ExplicitRungeKuttaSolver("euler",
            new ButcherTableau(new double[] {0}, new double[][] {{}}, new double[] {1}, null, 1));

    private static final ExplicitRungeKuttaSolver MIDPOINT = new ExplicitRungeKuttaSolver("midpoint",
            new ButcherTableau(new double[] {0, 0.5}, new double[][] {{}, {0.5}}, new double[] {0, 1}, null, 2));

    private static final ExplicitRungeKuttaSolver HEUN = new ExplicitRungeKuttaSolver("heun",
            new ButcherTableau(new double[] {0, 1}, new double[][] {{}, {1}}, new double[] {0.5, 0.5}, null, 2));

    private static final ExplicitRungeKuttaSolver RK4 = new ExplicitRungeKuttaSolver("rk4",
            new ButcherTableau(new double[] {0, 0.5, 0.5, 1},
                    new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}},
                    new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6}, null, 4));

    private Solvers() {
    }

    /** Forward Euler: x += h v(t, x). Order 1. */
    public static ExplicitRungeKuttaSolver euler() {
        return EULER;
    }

    /** The explicit midpoint rule: x += h v(t + h/2, x + h/2 v(t, x)). Order 2. */
    public static ExplicitRungeKuttaSolver midpoint() {
        return MIDPOINT;
    }

    /** Heun's method (explicit trapezoid): the mean of the slopes at both ends. Order 2. */
    public static ExplicitRungeKuttaSolver heun() {
        return HEUN;
    }

    /** The classical fourth-order Runge-Kutta method. */
    public static ExplicitRungeKuttaSolver rk4() {
        return RK4;
    }

    /**
     * Adaptive Dormand-Prince 5(4) with the given tolerances (at most 100 000 steps).
     *
     * @throws IllegalArgumentException if a tolerance is not positive and finite
     */
    public static DormandPrince54Solver dopri5(double atol, double rtol) {
        return new DormandPrince54Solver(atol, rtol, DOPRI5_MAX_STEPS);
    }

    /** Dormand-Prince 5(4) with atol = rtol = 1e-5. */
    public static DormandPrince54Solver dopri5() {
        return dopri5(1e-5, 1e-5);
    }

    /**
     * The solver with the given name or {@link OdeSolver#description() description}
     * (case-insensitive): {@code euler}, {@code midpoint}, {@code heun}, {@code rk4}, {@code dopri5}
     * (atol = rtol = 1e-5), {@code dopri5:ATOL,RTOL} or {@code dopri5(atol=A, rtol=R[, max_steps=M])}.
     *
     * @throws IllegalArgumentException naming the text and the known solvers otherwise
     */
    public static OdeSolver parse(String text) {
        String key = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        Matcher m = CALL.matcher(key);
        if (!m.matches()) {
            throw unknown(text);
        }
        String argText = m.group(2) != null ? m.group(2) : m.group(3);
        double[] args = numbers(text, argText);
        switch (m.group(1)) {
            case "euler":
                return noArguments(text, args, euler());
            case "midpoint":
                return noArguments(text, args, midpoint());
            case "heun":
                return noArguments(text, args, heun());
            case "rk4":
                return noArguments(text, args, rk4());
            case "dopri5":
                try {
                    if (args.length == 0) {
                        return dopri5();
                    }
                    if (args.length == 2) {
                        return dopri5(args[0], args[1]);
                    }
                    if (args.length == 3 && args[2] == Math.rint(args[2])) {
                        return new DormandPrince54Solver(args[0], args[1], (long) args[2]);
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("bad solver '" + text + "': " + e.getMessage(), e);
                }
                throw new IllegalArgumentException("solver '" + text
                        + "' takes no parameters, ATOL,RTOL or atol=A, rtol=R, max_steps=M");
            default:
                throw unknown(text);
        }
    }

    /**
     * The solver with the given name.
     *
     * @deprecated the factories of this library all read text with {@code parse}: use {@link #parse(String)}
     */
    @Deprecated
    public static OdeSolver byName(String name) {
        return parse(name);
    }

    private static OdeSolver noArguments(String text, double[] args, OdeSolver solver) {
        if (args.length != 0) {
            throw new IllegalArgumentException("solver '" + text + "' takes no parameters");
        }
        return solver;
    }

    /** The numbers of "a=1,b=2" or "1,2"; empty for null. */
    private static double[] numbers(String text, String list) {
        if (list == null || list.isEmpty()) {
            return new double[0];
        }
        String[] parts = list.split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            int eq = p.indexOf('=');
            try {
                out[i] = Double.parseDouble(eq < 0 ? p : p.substring(eq + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad number '" + p + "' in solver '" + text + "'");
            }
        }
        return out;
    }

    private static IllegalArgumentException unknown(String text) {
        return new IllegalArgumentException("unknown solver '" + text + "', expected one of "
                + String.join(", ", NAMES));
    }
}
