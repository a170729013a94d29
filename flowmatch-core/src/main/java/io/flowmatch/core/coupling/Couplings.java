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

    private enum Independent implements Coupling {
        INSTANCE;

        @Override
        public void couple(float[] x0, float[] x1, int n, int d, SplittableRandom rng) {
            // keep the pairs as drawn
        }

        @Override
        public String description() {
            return "independent";
        }
    }
}
