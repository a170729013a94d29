package io.flowmatch.core.coupling;

import java.util.SplittableRandom;

/**
 * The built-in {@link Coupling}s. Each re-pairs a labelled batch within its classes through
 * {@link Coupling#couple(SplittableRandom, float[], float[], int[], int, int)}: exact OT and
 * Sinkhorn then solve one transport problem per class, never pairing a data point with noise
 * meant for another class.
 */
public final class Couplings {

    /** The iteration cap of {@link #sinkhorn(double)}. */
    static final int SINKHORN_ITERATIONS = 1000;

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
        return new SinkhornCoupling(reg, SINKHORN_ITERATIONS);
    }

    /** Entropic minibatch OT with an explicit iteration cap. */
    public static Coupling sinkhorn(double reg, int maxIterations) {
        return new SinkhornCoupling(reg, maxIterations);
    }

    /**
     * Parses a command-line name or the {@link Coupling#description() description} a built-in
     * coupling reports: {@code independent}, {@code ot} (or {@code exact-ot}, {@code exact_ot}),
     * {@code sinkhorn:REG}, {@code sinkhorn:REG,ITERATIONS} or
     * {@code sinkhorn(reg=REG[, max_iterations=ITERATIONS])}.
     *
     * @throws IllegalArgumentException naming the text and the valid names for anything else
     */
    public static Coupling parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("coupling name is empty (expected independent, ot or sinkhorn:REG)");
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
        if (s.startsWith("sinkhorn:") || s.startsWith("sinkhorn(") && s.endsWith(")")) {
            String list = s.startsWith("sinkhorn:") ? s.substring(9) : s.substring(9, s.length() - 1);
            String[] parts = list.replace(" ", "").replaceAll("[a-z_]+=", "").split(",");
            double reg;
            try {
                reg = Double.parseDouble(parts[0]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad regularisation in coupling '" + spec + "'", e);
            }
            if (parts.length == 1) {
                return sinkhorn(reg);
            }
            if (parts.length == 2) {
                try {
                    return sinkhorn(reg, Integer.parseInt(parts[1]));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad iteration count in coupling '" + spec + "'", e);
                }
            }
            throw new IllegalArgumentException("coupling '" + spec + "' takes REG or REG,ITERATIONS");
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
        public void couple(SplittableRandom rng, float[] x0, float[] x1, int[] labels, int n, int d) {
            ClassBatches.checkLabels(labels, n);
            // keep the pairs as drawn: each class's x0 rows are its own already
        }

        @Override
        public String description() {
            return "independent";
        }
    }
}
