package io.flowmatch.discrete;

import java.util.Locale;

/**
 * What the posterior network p_theta(x1 | x_t) is trained with, per position, averaged over the
 * batch and the positions (Gat et al. 2024, section 3; Meta's {@code flow_matching.loss}).
 * With the mask source only masked positions are scored: a revealed token's posterior is exact.
 */
public enum DiscreteLoss {

    /** -log p_theta(x1 | x_t): the cross-entropy of the data token. */
    CROSS_ENTROPY,

    /**
     * The generalized KL of the mixture path, Meta's {@code MixturePathGeneralizedKL}:
     * -kappa'/(1-kappa) [p(x_t) - delta(x1, x_t) + (1 - delta(x1, x_t)) log p(x1)], the
     * time-weighted bound on the data's negative log-likelihood; with the mask source it is the
     * cross-entropy of the masked positions weighted by kappa'(t)/(1 - kappa(t)).
     */
    GENERALIZED_KL;

    /** The text form: {@code cross_entropy} or {@code generalized_kl}. */
    public String description() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The loss named {@code text}: {@code cross_entropy} ({@code ce}) or {@code generalized_kl}
     * ({@code kl}), any case, {@code -} for {@code _}.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static DiscreteLoss parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        switch (s) {
            case "cross_entropy":
            case "ce":
                return CROSS_ENTROPY;
            case "generalized_kl":
            case "kl":
                return GENERALIZED_KL;
            default:
                throw new IllegalArgumentException("unknown discrete loss '" + text + "' (expected cross_entropy or generalized_kl)");
        }
    }
}
