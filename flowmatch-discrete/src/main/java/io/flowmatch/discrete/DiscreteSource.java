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
