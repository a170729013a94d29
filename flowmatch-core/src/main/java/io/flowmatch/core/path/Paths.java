package io.flowmatch.core.path;

import io.flowmatch.core.path.scheduler.Scheduler;
import io.flowmatch.core.path.scheduler.Schedulers;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Factories for the built-in {@link ProbabilityPath}s. Each returns the most specific type that
 * is useful to a caller: {@link AffinePath} for the affine paths (coefficients, conversions
 * between predictions), {@link SchrodingerBridgePath} for the bridge.
 */
public final class Paths {

    private static final Pattern CALL = Pattern.compile("([a-z_-]+)(?:\\((.*)\\)|:(.*))?");

    private Paths() {
    }

    /**
     * The linear CondOT path, x_t = (1 - t) x0 + t x1 (the default): the affine path with
     * alpha(t) = t and sigma(t) = 1 - t.
     */
    public static AffinePath condOt() {
        return CondOtPath.INSTANCE;
    }

    /**
     * The Gaussian path of Lipman et al. with minimum width {@code sigmaMin} in [0, 1):
     * x_t = (1 - (1 - sigmaMin) t) x0 + t x1, target x1 - (1 - sigmaMin) x0; at t = 1 the
     * conditional distribution is N(x1, sigmaMin^2 I). sigmaMin = 0 is the CondOT path.
     */
    public static AffinePath gaussian(double sigmaMin) {
        return affine(Schedulers.linearWithMinimum(sigmaMin));
    }

    /** The affine path x_t = alpha(t) x1 + sigma(t) x0 with the coefficients of {@code scheduler}. */
    public static AffinePath affine(Scheduler scheduler) {
        return new ScheduledPath(scheduler);
    }

    /** The affine path of {@link Schedulers#cosine()}. */
    public static AffinePath cosine() {
        return affine(Schedulers.cosine());
    }

    /** The affine path of {@link Schedulers#polynomial(double)}. */
    public static AffinePath polynomial(double n) {
        return affine(Schedulers.polynomial(n));
    }

    /** The affine path of {@link Schedulers#variancePreserving(double, double)}. */
    public static AffinePath variancePreserving(double betaMin, double betaMax) {
        return affine(Schedulers.variancePreserving(betaMin, betaMax));
    }

    /** The stochastic Brownian-bridge path of width {@code sigma} (see {@link SchrodingerBridgePath}). */
    public static SchrodingerBridgePath schrodingerBridge(double sigma) {
        return new SchrodingerBridgePath(sigma);
    }

    /**
     * Parses a path by command-line name or by the description a path reports:
     * {@code condot}; {@code gaussian:S} or {@code gaussian(sigma_min=S)}; {@code cosine};
     * {@code poly:N} or {@code polynomial(n=N)}; {@code vp}, {@code vp:MIN,MAX} or
     * {@code vp(beta_min=MIN, beta_max=MAX)}; {@code sb:SIGMA} or
     * {@code schrodinger_bridge(sigma=SIGMA)}.
     *
     * @throws IllegalArgumentException naming the problem for anything else
     */
    public static ProbabilityPath parse(String description) {
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("probability path name is empty");
        }
        String s = description.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        Matcher m = CALL.matcher(s);
        if (!m.matches()) {
            throw unknown(description);
        }
        String name = m.group(1);
        String argText = m.group(2) != null ? m.group(2) : m.group(3);
        double[] args = numbers(description, argText);
        try {
            switch (name) {
                case "condot":
                    if (args.length == 0) {
                        return condOt();
                    }
                    break;
                case "gaussian":
                    if (args.length == 1) {
                        return gaussian(args[0]);
                    }
                    break;
                case "cosine":
                    if (args.length == 0) {
                        return cosine();
                    }
                    break;
                case "poly":
                case "polynomial":
                    if (args.length == 1) {
                        return polynomial(args[0]);
                    }
                    break;
                case "vp":
                    if (args.length == 0) {
                        return affine(Schedulers.variancePreserving());
                    }
                    if (args.length == 2) {
                        return variancePreserving(args[0], args[1]);
                    }
                    break;
                case "sb":
                case "schrodinger_bridge":
                    if (args.length == 1) {
                        return schrodingerBridge(args[0]);
                    }
                    break;
                default:
                    throw unknown(description);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad probability path '" + description + "': " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("wrong number of parameters in probability path '" + description + "'");
    }

    /** The numbers of "a=1,b=2" or "1,2"; empty for null. */
    private static double[] numbers(String description, String text) {
        if (text == null || text.isEmpty()) {
            return new double[0];
        }
        String[] parts = text.split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            int eq = p.indexOf('=');
            try {
                out[i] = Double.parseDouble(eq < 0 ? p : p.substring(eq + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad number '" + p + "' in probability path '" + description + "'");
            }
        }
        return out;
    }

    private static IllegalArgumentException unknown(String description) {
        return new IllegalArgumentException("unknown probability path '" + description
                + "' (expected condot, gaussian:S, cosine, poly:N, vp[:MIN,MAX] or sb:SIGMA)");
    }
}
