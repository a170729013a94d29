package io.flowmatch.discrete;

import java.util.Locale;

/**
 * The source distributions of discrete flows (Gat et al. 2024, section 2): the mask source, from
 * which tokens are revealed one by one, and the uniform source, from which tokens are corrected.
 */
public final class DiscreteSources {

    private static final DiscreteSource MASK = new DiscreteSource(DiscreteSource.Kind.MASK);
    private static final DiscreteSource UNIFORM = new DiscreteSource(DiscreteSource.Kind.UNIFORM);

    private DiscreteSources() {
    }

    /**
     * Every token starts as an extra mask token (numbered {@code vocabulary}); a token, once
     * revealed, is known to be the data's (its posterior is exact), so training scores the
     * masked positions only and sampling never changes a revealed token (except for the optional
     * corrector, which may mask it again).
     */
    public static DiscreteSource mask() {
        return MASK;
    }

    /** Every token starts uniform over the vocabulary; the network must learn to correct any of them. */
    public static DiscreteSource uniform() {
        return UNIFORM;
    }

    /**
     * The source named {@code text} ({@code mask} or {@code uniform}, any case), as
     * {@link DiscreteSource#description()} writes it.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static DiscreteSource parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "mask":
                return MASK;
            case "uniform":
                return UNIFORM;
            default:
                throw new IllegalArgumentException("unknown discrete source '" + text + "' (expected mask or uniform)");
        }
    }
}
