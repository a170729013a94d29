package io.flowmatch.viz;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.XYStyler;

/**
 * The training loss against the step: every step's batch loss as a pale line and a moving
 * average (centred, over {@code window} steps) as a dark one, on a linear or logarithmic loss
 * axis. Flow matching's loss does not go to zero (it keeps the conditional paths' variance), so
 * a flat smoothed curve means training has converged, not that it failed.
 *
 * <p>Immutable; one instance may draw many pictures.
 */
public final class LossCurvePlot {

    /** Above this many steps the pale curve shows the mean of consecutive blocks, to keep the picture light. */
    private static final int MAX_RAW_POINTS = 10_000;

    private final int width;
    private final int height;
    private final int window;
    private final boolean logScale;

    private LossCurvePlot(Builder b) {
        this.width = b.width;
        this.height = b.height;
        this.window = b.window;
        this.logScale = b.logScale;
    }

    /** A builder with the defaults: 720 by 400 pixels, automatic window, linear axis. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Draws the curve.
     *
     * @param losses the loss of each step (e.g. {@link LossRecorder#losses()}), at least one, finite
     * @return an RGB image {@code width} by {@code height}
     * @throws IllegalArgumentException if there are no losses, one is not finite, or one is not
     *                                  positive on a log axis
     */
    public BufferedImage render(double[] losses) {
        if (losses == null || losses.length == 0) {
            throw new IllegalArgumentException("no losses to plot");
        }
        for (int i = 0; i < losses.length; i++) {
            if (!Double.isFinite(losses[i]) || (logScale && losses[i] <= 0)) {
                throw new IllegalArgumentException("loss " + (i + 1) + " is " + losses[i]
                        + (logScale ? "; a log axis needs positive finite losses" : "; losses must be finite"));
            }
        }
        int n = losses.length;
        int w = window > 0 ? window : Math.max(1, n / 50);
        double[] smooth = movingAverage(losses, w);
        int block = Math.max(1, (n + MAX_RAW_POINTS - 1) / MAX_RAW_POINTS);
        int m = (n + block - 1) / block;
        double[] rawX = new double[m];
        double[] rawY = new double[m];
        for (int b = 0; b < m; b++) {
            int from = b * block;
            int to = Math.min(n, from + block);
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += losses[i];
            }
            rawX[b] = (from + to + 1) / 2.0;
            rawY[b] = sum / (to - from);
        }
        double[] steps = new double[n];
        for (int i = 0; i < n; i++) {
            steps[i] = i + 1;
        }
        XYChart chart = Charts.chart(width, height, "training loss (" + n + " steps" + (logScale ? ", log scale" : "") + ")");
        chart.setXAxisTitle("step");
        chart.setYAxisTitle("loss");
        XYStyler style = chart.getStyler();
        style.setAxisTitlesVisible(true);
        style.setYAxisLogarithmic(logScale);
        style.setYAxisLogarithmicDecadeOnly(false);
        // a little room past the last step: with the axis ending on the data's own grid XChart
        // would put its ticks on data points (odd numbers) instead of round ones
        style.setXAxisMin(0.0);
        style.setXAxisMax(Math.ceil(n * 1.02) + 0.5);
        style.setXAxisDecimalPattern("#,###");
        if (!logScale) {
            style.setYAxisMin(0.0);
            style.setYAxisDecimalPattern("0.###");
        }
        Charts.line(chart, block == 1 ? "batch loss" : "batch loss (mean of " + block + ")", rawX, rawY,
                new Color(215, 80, 40, 70), 1f).setShowInLegend(true);
        Charts.line(chart, "moving average of " + w, steps, smooth, Charts.DATA, 2f).setShowInLegend(true);
        Charts.legend(chart);
        return Charts.image(chart);
    }

    /** Renders the curve and writes it to {@code path} as PNG, atomically. */
    public void write(Path path, double[] losses) {
        Charts.writePng(render(losses), path);
    }

    /** The mean of the values within {@code w / 2} places of each index (fewer at the ends). */
    static double[] movingAverage(double[] v, int w) {
        int n = v.length;
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + v[i];
        }
        double[] out = new double[n];
        int half = w / 2;
        for (int i = 0; i < n; i++) {
            int from = Math.max(0, i - half);
            int to = Math.min(n, i + half + 1);
            out[i] = (prefix[to] - prefix[from]) / (to - from);
        }
        return out;
    }

    /** Settings for a {@link LossCurvePlot}. */
    public static final class Builder {
        private int width = 720;
        private int height = 400;
        private int window;
        private boolean logScale;

        private Builder() {
        }

        /** Picture size in pixels, each 64 to 8192 (default 720 by 400). */
        public Builder size(int width, int height) {
            this.width = Charts.checkPixels("width", width);
            this.height = Charts.checkPixels("height", height);
            return this;
        }

        /** Steps in the moving average; 0 (the default) means 2 % of the steps, at least 1. */
        public Builder window(int steps) {
            if (steps < 0) {
                throw new IllegalArgumentException("window must not be negative, got " + steps);
            }
            this.window = steps;
            return this;
        }

        /** Whether the loss axis is logarithmic (default false). */
        public Builder logScale(boolean logScale) {
            this.logScale = logScale;
            return this;
        }

        /** The plot. */
        public LossCurvePlot build() {
            return new LossCurvePlot(this);
        }
    }
}
