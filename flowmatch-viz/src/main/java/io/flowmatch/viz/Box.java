package io.flowmatch.viz;

import java.util.Arrays;
import java.util.List;

/** A square region of the plane shown by a plot: x in [xmin, xmax], y in [ymin, ymax]. */
record Box(double xmin, double xmax, double ymin, double ymax) {

    /** Share of points left out at each end when choosing the region, so that a few outliers do not shrink the rest. */
    private static final double TAIL = 0.005;

    /**
     * The square that covers the 0.5 % to 99.5 % quantiles of every set in both coordinates,
     * widened by 10 %, so that sets drawn in it share one scale and are not distorted.
     */
    static Box covering(List<PlanePoints> sets) {
        double xmin = Double.POSITIVE_INFINITY;
        double xmax = Double.NEGATIVE_INFINITY;
        double ymin = Double.POSITIVE_INFINITY;
        double ymax = Double.NEGATIVE_INFINITY;
        for (PlanePoints s : sets) {
            double[] xs = finiteSorted(s.x);
            double[] ys = finiteSorted(s.y);
            if (xs.length == 0 || ys.length == 0) {
                continue;
            }
            xmin = Math.min(xmin, quantile(xs, TAIL));
            xmax = Math.max(xmax, quantile(xs, 1 - TAIL));
            ymin = Math.min(ymin, quantile(ys, TAIL));
            ymax = Math.max(ymax, quantile(ys, 1 - TAIL));
        }
        if (!Double.isFinite(xmin) || !Double.isFinite(ymin)) {
            throw new IllegalArgumentException("no finite points to plot");
        }
        double span = Math.max(Math.max(xmax - xmin, ymax - ymin) * 1.1, 1e-6);
        double cx = (xmin + xmax) / 2;
        double cy = (ymin + ymax) / 2;
        return new Box(cx - span / 2, cx + span / 2, cy - span / 2, cy + span / 2);
    }

    double width() {
        return xmax - xmin;
    }

    double height() {
        return ymax - ymin;
    }

    private static double[] finiteSorted(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).toArray();
        Arrays.sort(v);
        return v;
    }

    private static double quantile(double[] sorted, double q) {
        int i = (int) Math.round(q * (sorted.length - 1));
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
