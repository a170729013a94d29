package io.flowmatch.core.reflow;

import io.flowmatch.core.coupling.Coupling;
import java.util.SplittableRandom;

/**
 * A fixed table of (x0, x1) pairs used as a coupling: each batch row is replaced by a pair drawn
 * uniformly with replacement from the table, discarding the independently drawn points. This is
 * how a reflow student learns the teacher's coupling.
 */
final class PairTable implements Coupling {

    private final float[] x0;
    private final float[] x1;
    private final int size;
    private final int d;
    private final String description;

    PairTable(float[] x0, float[] x1, int size, int d, String description) {
        if (x0.length != (long) size * d || x1.length != (long) size * d || size < 1) {
            throw new IllegalArgumentException("pair table needs " + size + " x " + d + " values on each side");
        }
        this.x0 = x0;
        this.x1 = x1;
        this.size = size;
        this.d = d;
        this.description = description;
    }

    @Override
    public void couple(SplittableRandom rng, float[] batch0, float[] batch1, int n, int dim) {
        if (dim != d) {
            throw new IllegalArgumentException("pair table has dimension " + d + ", batch has " + dim);
        }
        for (int r = 0; r < n; r++) {
            int i = rng.nextInt(size);
            System.arraycopy(x0, i * d, batch0, r * d, d);
            System.arraycopy(x1, i * d, batch1, r * d, d);
        }
    }

    @Override
    public String description() {
        return description;
    }
}
