package io.flowmatch.core.coupling;

import java.util.SplittableRandom;

/**
 * The built-in {@link Coupling}s.
 */
public final class Couplings {

    private Couplings() {
    }

    /** Pairs as drawn (the default): x0 and x1 independent. */
    public static Coupling independent() {
        return Independent.INSTANCE;
    }

    /**
     * Exact minibatch optimal transport (OT-CFM): data rows are permuted by the assignment that
     * minimises the batch's total squared distance. Batches up to 4096 rows.
     */
    public static Coupling exactOt() {
        return ExactOtCoupling.INSTANCE;
    }

    /**
     * Entropic minibatch OT: pairs drawn from the Sinkhorn plan with regularisation {@code reg}
     * (absolute, in squared-distance units), at most 1000 iterations.
     *
     * <p>Cost: with reg above about 1/600 of the batch's spread of squared distances the
     * iterations are plain matrix-vector products (about 3 ms at batch 256 for reg 0.5 on 2-D
     * data); below it they run in the log domain, with exponentials, and converge slowly (about
     * 0.3-0.6 s at batch 256 for reg 0.05). For a nearly exact plan prefer {@link #exactOt()}
     * (about 10 ms at batch 256). {@code CouplingBenchmark} in the benchmarks module measures them.
     */
    public static Coupling sinkhorn(double reg) {
        return new SinkhornCoupling(reg, 1000);
    }

    /** Entropic minibatch OT with an explicit iteration cap. */
    public static Coupling sinkhorn(double reg, int maxIterations) {
        return new SinkhornCoupling(reg, maxIterations);
    }

    /**
     * Parses a command-line name: {@code independent}, {@code ot} (or {@code exact-ot}),
     * {@code sinkhorn:REG}.
     *
     * @throws IllegalArgumentException naming the problem for anything else
     */
    public static Coupling parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("coupling name is empty");
        }
        String s = spec.trim().toLowerCase(java.util.Locale.ROOT);
        switch (s) {
            case "independent":
                return independent();
            case "ot":
            case "exact-ot":
            case "exact_ot":
                return exactOt();
            default:
                break;
        }
        if (s.startsWith("sinkhorn:") || s.startsWith("sinkhorn(reg=")) {
            String num = s.startsWith("sinkhorn:") ? s.substring(9) : s.substring(13, s.length() - 1);
            try {
                return sinkhorn(Double.parseDouble(num));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad regularisation in coupling '" + spec + "'", e);
            }
        }
        throw new IllegalArgumentException("unknown coupling '" + spec
                + "' (expected independent, ot or sinkhorn:REG)");
    }

    private enum Independent implements Coupling {
        INSTANCE;

        @Override
        public void couple(SplittableRandom rng, float[] x0, float[] x1, int n, int d) {
            // keep the pairs as drawn
        }

        @Override
        public String description() {
            return "independent";
        }
    }
}
