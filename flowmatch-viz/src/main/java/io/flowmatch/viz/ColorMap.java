package io.flowmatch.viz;

import java.awt.Color;

/** The viridis colour map (dark blue at 0 through green to yellow at 1), readable in grey and by colour-blind readers. */
final class ColorMap {

    /** Viridis sampled at 0, 1/8, ..., 1 (matplotlib's values). */
    private static final int[][] VIRIDIS = {
        {68, 1, 84}, {71, 44, 122}, {59, 81, 139}, {44, 113, 142}, {33, 144, 141},
        {39, 173, 129}, {92, 200, 99}, {170, 220, 50}, {253, 231, 37},
    };

    private ColorMap() {
    }

    /** The colour at {@code u} in [0, 1] (clamped), linearly interpolated. */
    static Color viridis(double u) {
        double v = Math.max(0, Math.min(1, Double.isNaN(u) ? 0 : u)) * (VIRIDIS.length - 1);
        int i = Math.min((int) v, VIRIDIS.length - 2);
        double f = v - i;
        int[] a = VIRIDIS[i];
        int[] b = VIRIDIS[i + 1];
        return new Color(mix(a[0], b[0], f), mix(a[1], b[1], f), mix(a[2], b[2], f));
    }

    /** The same colour with alpha in [0, 255]. */
    static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
