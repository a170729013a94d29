package io.flowmatch.core.coupling;

import java.util.SplittableRandom;

/**
 * The default of {@link Coupling#couple(SplittableRandom, float[], float[], int[], int, int)}: a
 * labelled batch re-paired class by class.
 */
final class ClassBatches {

    private ClassBatches() {
    }

    static void checkLabels(int[] labels, int n) {
        if (labels == null) {
            throw new IllegalArgumentException("labels must not be null");
        }
        if (labels.length < n) {
            throw new IllegalArgumentException("there are " + labels.length + " labels for a batch of " + n);
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("label " + labels[i] + " of row " + i
                        + " is negative: couple within classes before replacing labels by the null label");
            }
        }
    }

    /**
     * Splits the batch by label (a stable counting sort of the rows), couples each class's rows as
     * a batch of their own, in increasing class order, and writes them back to their positions.
     */
    static void coupleWithinClasses(Coupling coupling, SplittableRandom rng, float[] x0, float[] x1, int[] labels,
            int n, int d) {
        checkLabels(labels, n);
        if (n == 0) {
            return;
        }
        int min = labels[0];
        int max = labels[0];
        for (int i = 1; i < n; i++) {
            min = Math.min(min, labels[i]);
            max = Math.max(max, labels[i]);
        }
        if (min == max) {
            // one class: the batch itself, in its own order
            coupling.couple(rng, x0, x1, n, d);
            return;
        }
        int span = max - min + 1;
        int[] start = new int[span + 1];
        for (int i = 0; i < n; i++) {
            start[labels[i] - min + 1]++;
        }
        for (int k = 0; k < span; k++) {
            start[k + 1] += start[k];
        }
        int[] order = new int[n];
        int[] next = start.clone();
        for (int i = 0; i < n; i++) {
            order[next[labels[i] - min]++] = i;
        }
        for (int k = 0; k < span; k++) {
            int from = start[k];
            int m = start[k + 1] - from;
            if (m == 0) {
                continue;
            }
            float[] a = new float[m * d];
            float[] b = new float[m * d];
            for (int r = 0; r < m; r++) {
                int row = order[from + r];
                System.arraycopy(x0, row * d, a, r * d, d);
                System.arraycopy(x1, row * d, b, r * d, d);
            }
            coupling.couple(rng, a, b, m, d);
            for (int r = 0; r < m; r++) {
                int row = order[from + r];
                System.arraycopy(a, r * d, x0, row * d, d);
                System.arraycopy(b, r * d, x1, row * d, d);
            }
        }
    }
}
