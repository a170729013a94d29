package io.flowmatch.discrete;

import io.flowmatch.core.internal.SpecText;
import java.util.Locale;

/** The schedulers kappa(t) of the mixture path (see {@link ConvexScheduler}). */
public final class ConvexSchedulers {

    private ConvexSchedulers() {
    }

    /**
     * kappa(t) = t^n, Meta's {@code PolynomialConvexScheduler}: n = 1 reveals tokens at a
     * constant pace, larger n keeps them in the source longer and reveals them late.
     *
     * @param n the exponent, in [1, 100] (below 1 the jump rate n t^(n-1) / (1 - t^n) is
     *          infinite at t = 0, where the Euler sampler starts)
     * @throws IllegalArgumentException for an exponent outside [1, 100]
     */
    public static ConvexScheduler polynomial(double n) {
        if (!(n >= 1 && n <= 100)) {
            throw new IllegalArgumentException("the polynomial scheduler's exponent must be in [1, 100], got " + n);
        }
        return new Polynomial(n);
    }

    /**
     * The scheduler named by {@code text}: {@code polynomial(n=2.0)} as
     * {@link ConvexScheduler#description()} writes it, or the short forms {@code poly:2},
     * {@code polynomial(2)}, {@code linear} (n = 1).
     *
     * @throws IllegalArgumentException for an unknown name or a bad exponent
     */
    public static ConvexScheduler parse(String text) {
        SpecText spec = SpecText.parse(text, "scheduler");
        switch (spec.name()) {
            case "linear":
                spec.allowOnly();
                return polynomial(1);
            case "poly":
            case "polynomial":
                spec.allowOnly("n");
                return polynomial(spec.number("n", 0));
            default:
                throw new IllegalArgumentException("unknown scheduler '" + text + "' (expected polynomial(n=N), poly:N or linear)");
        }
    }

    private record Polynomial(double n) implements ConvexScheduler {
        @Override
        public double kappa(double t) {
            return Math.pow(t, n);
        }

        @Override
        public double kappaDerivative(double t) {
            return n == 1 ? 1.0 : n * Math.pow(t, n - 1);
        }

        @Override
        public String description() {
            return String.format(Locale.ROOT, "polynomial(n=%s)", n);
        }
    }
}
