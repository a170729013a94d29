package io.flowmatch.core.time;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The built-in {@link TimeSampler}s: uniform, logit-normal and the cubic time warp.
 */
public final class TimeSamplers {

    private TimeSamplers() {
    }

    /** t ~ U[0, 1): the toy recipe's ({@link io.flowmatch.core.Recipes#toyExperiments()}). */
    public static TimeSampler uniform() {
        return Uniform.INSTANCE;
    }

    /**
     * t = sigmoid(m + s z) with z ~ N(0, 1): the logit-normal density of Stable Diffusion 3,
     * which puts more samples in the middle of the path for s around 1. With m = 0.5, s = 1 (the
     * default of continuous flows, see {@link io.flowmatch.core.Recipe}) the median time is 0.62:
     * more samples in the second half of the path, where the data's fine structure forms.
     *
     * @param mean the mean m of logit(t)
     * @param std  the standard deviation s of logit(t), positive
     */
    public static TimeSampler logitNormal(double mean, double std) {
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("logit-normal mean must be finite, got " + mean);
        }
        if (!(std > 0) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("logit-normal std must be positive and finite, got " + std);
        }
        return new LogitNormal(mean, std);
    }

    /**
     * t = warp(u, s) with u ~ U[0, 1) and warp(u, s) = 4(1 - s)u^3 + 6(s - 1)u^2 + (3 - 2s)u, the
     * cubic that fixes 0, 1/2 and 1 and has slope s at u = 1/2. With s = 1 it is the identity; with
     * s &lt; 1 the density of t is 1/s at the middle, so more samples fall there; s must lie in
     * (0, 1.5) for the warp to be increasing.
     *
     * @param s the slope at the midpoint, in (0, 1.5)
     */
    public static TimeSampler warp(double s) {
        if (!(s > 0 && s < 1.5)) {
            throw new IllegalArgumentException("time warp slope must be in (0, 1.5), got " + s);
        }
        return new Warp(s);
    }

    /**
     * Parses a command-line name or the {@link TimeSampler#description() description} a built-in
     * sampler reports: {@code uniform}; {@code logit-normal}, {@code logit-normal:M,S} or
     * {@code logit_normal(mean=M, std=S)}; {@code warp:S} or {@code warp(s=S)}.
     *
     * @throws IllegalArgumentException naming the text and the valid names for an unknown name or bad numbers
     */
    public static TimeSampler parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("time sampler name is empty (expected uniform, logit-normal[:M,S] or warp:S)");
        }
        String s = spec.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        String name;
        String args;
        int open = s.indexOf('(');
        if (open > 0 && s.endsWith(")")) {
            name = s.substring(0, open);
            args = s.substring(open + 1, s.length() - 1).replaceAll("[a-z_]+=", "");
        } else {
            int colon = s.indexOf(':');
            name = colon < 0 ? s : s.substring(0, colon);
            args = colon < 0 ? "" : s.substring(colon + 1);
        }
        try {
            switch (name) {
                case "uniform":
                    requireNoArgs(spec, args);
                    return uniform();
                case "logit-normal":
                case "logit_normal":
                case "logitnormal":
                    if (args.isEmpty()) {
                        return logitNormal(0, 1);
                    }
                    String[] parts = args.split(",");
                    if (parts.length != 2) {
                        throw new IllegalArgumentException("logit-normal takes MEAN,STD, got '" + spec + "'");
                    }
                    return logitNormal(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
                case "warp":
                    if (args.isEmpty()) {
                        throw new IllegalArgumentException("warp needs a slope, e.g. warp:0.5");
                    }
                    return warp(Double.parseDouble(args));
                default:
                    throw new IllegalArgumentException("unknown time sampler '" + spec
                            + "' (expected uniform, logit-normal[:M,S] or warp:S)");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number in time sampler '" + spec + "'", e);
        }
    }

    private static void requireNoArgs(String spec, String args) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("time sampler '" + spec + "' takes no parameters");
        }
    }

    /** The cubic warp of {@link #warp(double)} applied to u. */
    static double warp(double u, double s) {
        return ((4 * (1 - s) * u + 6 * (s - 1)) * u + (3 - 2 * s)) * u;
    }

    private enum Uniform implements TimeSampler {
        INSTANCE;

        @Override
        public void sample(SplittableRandom rng, float[] t, int n) {
            for (int i = 0; i < n; i++) {
                t[i] = rng.nextFloat();
            }
        }

        @Override
        public String description() {
            return "uniform";
        }
    }

    private record LogitNormal(double mean, double std) implements TimeSampler {
        @Override
        public void sample(SplittableRandom rng, float[] t, int n) {
            for (int i = 0; i < n; i++) {
                t[i] = sigmoid(mean + std * rng.nextGaussian());
            }
        }

        private static float sigmoid(double z) {
            return (float) (1 / (1 + Math.exp(-z)));
        }

        @Override
        public String description() {
            return String.format(Locale.ROOT, "logit_normal(mean=%s, std=%s)", mean, std);
        }
    }

    private record Warp(double s) implements TimeSampler {
        @Override
        public void sample(SplittableRandom rng, float[] t, int n) {
            for (int i = 0; i < n; i++) {
                t[i] = (float) Math.min(1.0, Math.max(0.0, warp(rng.nextDouble(), s)));
            }
        }

        @Override
        public String description() {
            return String.format(Locale.ROOT, "warp(s=%s)", s);
        }
    }
}
