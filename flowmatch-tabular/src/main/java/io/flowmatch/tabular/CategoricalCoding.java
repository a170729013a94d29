package io.flowmatch.tabular;

import java.util.Locale;

/**
 * How a tabular flow generates its categorical and binary columns.
 *
 * <ul>
 *   <li>{@link #CONTINUOUS}: a category is a one-hot block (a binary column one coordinate,
 *       -1 or +1) that flows from Gaussian noise along the same straight path as the numbers,
 *       decoded to the category of the largest coordinate;</li>
 *   <li>{@link #DISCRETE}: a category is a token on the masked mixture path of discrete flow
 *       matching (Gat et al. 2024; mixed with continuous numbers as in Campbell et al.'s
 *       Multiflow, 2024): at time t a cell is revealed (its one-hot block, or -1 / +1) with
 *       probability t and masked (all zeros) otherwise; the network's outputs on the block are
 *       the logits of the category (a binary column: one logit) trained with cross-entropy on
 *       the masked cells, and the sampler reveals masked cells at the rate 1 / (1 - t), drawing
 *       from the softmax of the logits, while the numbers follow their ODE.</li>
 * </ul>
 */
public enum CategoricalCoding {
    /** One-hot coordinates on the continuous path. */
    CONTINUOUS,
    /** Masked tokens on the discrete mixture path. */
    DISCRETE;

    /** The text form, {@code continuous} or {@code discrete}. */
    public String description() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads {@link #description()}.
     *
     * @throws IllegalArgumentException naming the text when it is neither
     */
    public static CategoricalCoding parse(String text) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (CategoricalCoding c : values()) {
            if (c.description().equals(s)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown categorical coding '" + text + "' (continuous or discrete)");
    }
}
