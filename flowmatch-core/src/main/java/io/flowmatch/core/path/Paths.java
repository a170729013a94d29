package io.flowmatch.core.path;

import java.util.Locale;

/** Factories for the built-in {@link ProbabilityPath}s. */
public final class Paths {

    private Paths() {
    }

    /** The linear CondOT path, x_t = (1 - t) x0 + t x1 (the default). */
    public static ProbabilityPath condOt() {
        return CondOtPath.INSTANCE;
    }

    /** The Gaussian path with minimum width {@code sigmaMin} in [0, 1). */
    public static ProbabilityPath gaussian(double sigmaMin) {
        return new GaussianPath(sigmaMin);
    }

    /**
     * Parses a path description as written by {@link ProbabilityPath#description()}:
     * {@code "condot"} or {@code "gaussian(sigma_min=0.01)"}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static ProbabilityPath parse(String description) {
        String s = description.trim().toLowerCase(Locale.ROOT);
        if (s.equals("condot")) {
            return condOt();
        }
        String prefix = "gaussian(sigma_min=";
        if (s.startsWith(prefix) && s.endsWith(")")) {
            try {
                return gaussian(Double.parseDouble(s.substring(prefix.length(), s.length() - 1)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("unknown probability path '" + description
                + "', expected 'condot' or 'gaussian(sigma_min=S)'");
    }
}
