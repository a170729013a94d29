package io.flowmatch.core.train;

import io.flowmatch.core.internal.SpecText;

/**
 * The optimizers: {@link #adam()} (the default), {@link #adamW(double)}, and {@link #parse}
 * for their text form, so that a recipe's optimizer survives a file, a checkpoint or a trip to
 * a Spark executor.
 */
public final class Optimizers {

    private Optimizers() {
    }

    /** Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public static Adam adam() {
        return Adam.adam();
    }

    /** AdamW with PyTorch's defaults except the given decoupled weight decay (non-negative). */
    public static Adam adamW(double weightDecay) {
        return Adam.adamW(weightDecay);
    }

    /**
     * Parses a command-line name or a description: {@code adam}, {@code adamw:WD},
     * {@code adam(beta1=0.9, beta2=0.999, eps=1.0E-8, weight_decay=0.0)}, {@code adamw(...)}.
     * {@code parse(o.description())} gives an optimizer with the same arithmetic as {@code o}.
     *
     * @throws IllegalArgumentException naming the text for an unknown name or a bad number
     */
    public static Optimizer parse(String text) {
        SpecText spec = SpecText.parse(text, "optimizer");
        boolean decoupled;
        switch (spec.name()) {
            case "adam":
                decoupled = false;
                break;
            case "adamw":
                decoupled = true;
                break;
            default:
                throw new IllegalArgumentException("unknown optimizer '" + text + "' (expected adam, adamw:WD, "
                        + "or adam(beta1=.., beta2=.., eps=.., weight_decay=..))");
        }
        if (!spec.named().isEmpty()) {
            spec.allowOnly("beta1", "beta2", "eps", "weight_decay");
            double b1 = spec.number("beta1", -1, 0.9);
            double b2 = spec.number("beta2", -1, 0.999);
            double eps = spec.number("eps", -1, 1e-8);
            double wd = spec.number("weight_decay", -1, 0.0);
            return decoupled ? Adam.adamW(b1, b2, eps, wd) : Adam.adam(b1, b2, eps, wd);
        }
        spec.allowOnly("weight_decay");
        double wd = spec.number("weight_decay", 0, 0.0);
        return decoupled ? Adam.adamW(wd) : Adam.adam(0.9, 0.999, 1e-8, wd);
    }
}
