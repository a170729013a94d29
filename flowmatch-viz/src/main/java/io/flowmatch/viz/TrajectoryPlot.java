package io.flowmatch.viz;

import io.flowmatch.solvers.Trajectory;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import org.knowm.xchart.XYChart;

/**
 * The paths of a few hundred particles from the source (t = 0) to the data (t = 1), each path
 * coloured by time along the viridis map (purple at 0, yellow at 1) with a colour bar in the
 * corner; the end points are drawn as dark dots. Feed it {@code FlowModel.trajectory(...)}.
 *
 * <p>Immutable; one instance may draw many pictures.
 */
public final class TrajectoryPlot {

    private final int size;
    private final int particles;
    private final int colourBands;

    private TrajectoryPlot(Builder b) {
        this.size = b.size;
        this.particles = b.particles;
        this.colourBands = b.colourBands;
    }

    /** A builder with the defaults: 560 pixels square, 300 particles, 20 colour bands. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Draws the first {@code particles} paths of the trajectory (all, if it holds fewer).
     *
     * @param trajectory states [n, d] (d &ge; 2) at increasing times, e.g. from {@code FlowModel.trajectory}
     * @return an RGB image {@code size} pixels square
     */
    public BufferedImage render(Trajectory trajectory) {
        Paths2D paths = Paths2D.of(trajectory);
        int n = Math.min(particles, paths.points());
        int frames = paths.times.length;
        double t0 = paths.times[0];
        double t1 = paths.times[frames - 1];
        Box box = Box.covering(java.util.List.of(head(paths.states.get(0), n), head(paths.states.get(frames - 1), n)));
        XYChart chart = Charts.plane(size, size, n + " paths, t = " + fmt(t0) + " to " + fmt(t1), box);
        int bands = Math.max(1, Math.min(colourBands, frames - 1));
        for (int b = 0; b < bands; b++) {
            int from = (int) ((long) b * (frames - 1) / bands);
            int to = (int) ((long) (b + 1) * (frames - 1) / bands);
            if (frames == 1) {
                to = 0;
            }
            int per = to - from + 2;
            double[] x = new double[n * per];
            double[] y = new double[n * per];
            int k = 0;
            for (int p = 0; p < n; p++) {
                for (int f = from; f <= to; f++) {
                    x[k] = paths.states.get(f).x[p];
                    y[k] = paths.states.get(f).y[p];
                    k++;
                }
                x[k] = x[k - 1];
                y[k] = Double.NaN;
                k++;
            }
            double u = bands == 1 ? 0.5 : b / (double) (bands - 1);
            Charts.line(chart, "band " + b, x, y, ColorMap.viridis(u), 0.9f);
        }
        PlanePoints end = paths.states.get(frames - 1);
        Charts.scatter(chart, "end", Arrays.copyOf(end.x, n), Arrays.copyOf(end.y, n), new Color(30, 30, 30, 170));
        chart.getStyler().setMarkerSize(3);
        BufferedImage image = Charts.image(chart);
        drawColourBar(image, fmt(t0), fmt(t1));
        return image;
    }

    /** Renders the trajectory and writes it to {@code path} as PNG, atomically. */
    public void write(Path path, Trajectory trajectory) {
        Charts.writePng(render(trajectory), path);
    }

    private static PlanePoints head(PlanePoints p, int n) {
        return PlanePoints.wrap(Arrays.copyOf(p.x, n), Arrays.copyOf(p.y, n));
    }

    /** A small horizontal gradient from viridis(0) to viridis(1), labelled, in the top right corner. */
    static void drawColourBar(BufferedImage image, String left, String right) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int w = Math.min(100, image.getWidth() / 4);
        int x0 = image.getWidth() - w - 40;
        int y0 = 10;
        for (int i = 0; i < w; i++) {
            g.setColor(ColorMap.viridis(i / (double) (w - 1)));
            g.fillRect(x0 + i, y0, 1, 8);
        }
        g.setColor(Charts.INK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.drawString("t=" + left, x0 - 6 - g.getFontMetrics().stringWidth("t=" + left), y0 + 8);
        g.drawString(right, x0 + w + 4, y0 + 8);
        g.dispose();
    }

    static String fmt(double t) {
        return String.format(java.util.Locale.ROOT, "%.2f", t).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** Settings for a {@link TrajectoryPlot}. */
    public static final class Builder {
        private int size = 560;
        private int particles = 300;
        private int colourBands = 20;

        private Builder() {
        }

        /** Width and height in pixels, 64 to 8192 (default 560). */
        public Builder size(int pixels) {
            this.size = Charts.checkPixels("size", pixels);
            return this;
        }

        /** How many paths to draw at most, the first rows of the trajectory (default 300). */
        public Builder particles(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("particles must be positive, got " + count);
            }
            this.particles = count;
            return this;
        }

        /** How many time bands the colour changes in along a path, 1 to 256 (default 20). */
        public Builder colourBands(int bands) {
            if (bands < 1 || bands > 256) {
                throw new IllegalArgumentException("colour bands must be between 1 and 256, got " + bands);
            }
            this.colourBands = bands;
            return this;
        }

        /** The plot. */
        public TrajectoryPlot build() {
            return new TrajectoryPlot(this);
        }
    }
}
