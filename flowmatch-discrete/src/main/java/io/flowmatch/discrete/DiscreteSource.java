package io.flowmatch.discrete;

import java.util.SplittableRandom;

/**
 * The source distribution p0 of a discrete flow, per position and independent across positions:
 * every token the mask token ({@link DiscreteSources#mask()}), or a token drawn uniformly from
 * the vocabulary ({@link DiscreteSources#uniform()}). Immutable; make one with
 * {@link DiscreteSources}.
 *
 * <p>The network reads tokens from an alphabet of {@link #states(int)} symbols: the vocabulary,
 * plus the mask token (numbered {@code vocabulary}) for the mask source. It predicts only
 * vocabulary tokens.
 */
public final class DiscreteSource {

    enum Kind { MASK, UNIFORM }

    private final Kind kind;

    DiscreteSource(Kind kind) {
        this.kind = kind;
    }

    /** Whether this is the mask source (every x0 token is the mask token). */
    public boolean isMask() {
        return kind == Kind.MASK;
    }

    /**
     * How many symbols the network reads for a vocabulary of {@code vocabulary} tokens:
     * {@code vocabulary + 1} for the mask source, {@code vocabulary} for the uniform one.
     */
    public int states(int vocabulary) {
        return isMask() ? vocabulary + 1 : vocabulary;
    }

    /** The mask token of a vocabulary ({@code vocabulary}), or -1 for a source without one. */
    public int maskToken(int vocabulary) {
        return isMask() ? vocabulary : -1;
    }

    /** One x0 token: the mask token, or a uniform draw from [0, vocabulary). */
    public int sample(SplittableRandom rng, int vocabulary) {
        return isMask() ? vocabulary : rng.nextInt(vocabulary);
    }

    /**
     * What the mixture path adds to the network's logit of a position's own noisy token x_t^l:
     * log p_t(x_t^l | x1^l = x_t^l) - log p_t(x_t^l | x1^l != x_t^l), the one factor of the
     * posterior p(x1^l | x_t) that is known in closed form, so that the network only models the
     * rest (what the other positions say). For the uniform source, log(1 + kappa V / (1 - kappa));
     * for the mask source 0 (a masked token's likelihood is the same for every x1, and a revealed
     * token's posterior is the token itself).
     */
    double ownTokenBonus(double kappa, int vocabulary) {
        return isMask() ? 0 : Math.log1p(kappa * vocabulary / (1 - kappa));
    }

    /** The text form, read back by {@link DiscreteSources#parse(String)}: {@code mask} or {@code uniform}. */
    public String description() {
        return isMask() ? "mask" : "uniform";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DiscreteSource other && other.kind == kind;
    }

    @Override
    public int hashCode() {
        return kind.hashCode();
    }

    @Override
    public String toString() {
        return description();
    }
}
