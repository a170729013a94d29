package io.flowmatch.core.likelihood;

/**
 * How {@link LogLikelihood} computes the divergence {@code div v = tr(dv/dx)} of the velocity
 * field along the path. (A training run that "diverges" is another matter: see
 * {@link io.flowmatch.core.train.TrainingDivergedException}.)
 *
 * <ul>
 * <li>{@link #exact()}: the sum of the d Jacobian-vector products with the unit vectors, {@code
 * sum_k e_k . J e_k}; costs d tangent evaluations per field evaluation, so it suits small d (the
 * 2-D toy sets, tabular data up to tens of dimensions).</li>
 * <li>{@link #hutchinson(int, Probe)}: the unbiased estimate {@code mean_k eps_k . J eps_k} with
 * {@code probes} random vectors drawn once per point and kept fixed along its whole path (so the
 * augmented ODE is an ordinary ODE the adaptive solver can control), as in FFJORD. Its cost does
 * not grow with d; its variance does. With {@link Probe#RADEMACHER} probes the estimate is exact
 * for a diagonal Jacobian, and in general it has a lower variance than {@link Probe#GAUSSIAN}.</li>
 * </ul>
 *
 * <p>Immutable.
 */
public final class DivergenceEstimator {

    /** The distribution of the Hutchinson probe vectors. */
    public enum Probe {
        /** Independent +1/-1 entries with equal probability. */
        RADEMACHER,
        /** Independent standard normal entries. */
        GAUSSIAN
    }

    private static final DivergenceEstimator EXACT = new DivergenceEstimator(0, null);

    private final int probes;
    private final Probe probe;

    private DivergenceEstimator(int probes, Probe probe) {
        this.probes = probes;
        this.probe = probe;
    }

    /** The exact divergence from d Jacobian-vector products. */
    public static DivergenceEstimator exact() {
        return EXACT;
    }

    /**
     * Hutchinson's estimator with {@code probes} random vectors per point of the given kind.
     *
     * @throws IllegalArgumentException if {@code probes} is not positive or {@code probe} is null
     */
    public static DivergenceEstimator hutchinson(int probes, Probe probe) {
        if (probes < 1) {
            throw new IllegalArgumentException("Hutchinson needs at least 1 probe vector, got " + probes);
        }
        if (probe == null) {
            throw new IllegalArgumentException("probe must not be null");
        }
        return new DivergenceEstimator(probes, probe);
    }

    /**
     * Parses {@code "exact"}, {@code "hutchinson"} (one Rademacher probe), {@code "rademacher:K"}
     * or {@code "gaussian:K"} (K probes), case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted forms otherwise
     */
    public static DivergenceEstimator parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("exact")) {
            return exact();
        }
        if (s.equals("hutchinson")) {
            return hutchinson(1, Probe.RADEMACHER);
        }
        int colon = s.indexOf(':');
        if (colon > 0) {
            String kind = s.substring(0, colon);
            try {
                int k = Integer.parseInt(s.substring(colon + 1));
                if (kind.equals("rademacher")) {
                    return hutchinson(k, Probe.RADEMACHER);
                }
                if (kind.equals("gaussian")) {
                    return hutchinson(k, Probe.GAUSSIAN);
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException("unknown divergence '" + text
                + "', expected exact, hutchinson, rademacher:K or gaussian:K");
    }

    /** Whether this is the exact divergence. */
    public boolean isExact() {
        return probes == 0;
    }

    /** The number of Hutchinson probes per point (0 for exact). */
    public int probes() {
        return probes;
    }

    /** The probe distribution (null for exact). */
    public Probe probe() {
        return probe;
    }

    /** {@code "exact"} or {@code "KIND:K"}, e.g. {@code "rademacher:4"}: the form {@link #parse(String)} reads back. */
    public String description() {
        return isExact() ? "exact" : probe.name().toLowerCase(java.util.Locale.ROOT) + ":" + probes;
    }

    @Override
    public String toString() {
        return description();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DivergenceEstimator other && other.probes == probes && other.probe == probe;
    }

    @Override
    public int hashCode() {
        return 31 * probes + (probe == null ? 0 : probe.hashCode());
    }
}
