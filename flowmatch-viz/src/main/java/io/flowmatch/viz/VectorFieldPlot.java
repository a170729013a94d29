package io.flowmatch.viz;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The learned vector field v(t, x) as arrows on a grid, one panel per chosen time, optionally
 * over faint data points. Arrows share one length scale across panels (the 95th percentile speed
 * of all panels fills 90 % of a grid cell), so longer arrows mean faster flow, and are coloured
 * by speed (viridis: slow purple, fast yellow). Works for 2-D fields.
 *
 * <pre>{@code
 * VectorFieldPlot.builder().times(0, 0.5, 1).build().write(Path.of("field.png"), model::velocity, data);
 * }</pre>
 *
 * <p>Immutable; one instance may draw many pictures.
 */
public final class VectorFieldPlot {

    /** A time-dependent vector field of the plane, evaluated on many points at once. */
    @FunctionalInterface
    public interface Field {
        /**
         * The velocity at time {@code t} of each row of {@code x}.
         *
         * @param x points, shape {@code [n, 2]}, float32
         * @return velocities, shape {@code [n, 2]}
         */
        INDArray velocity(double t, INDArray x);
    }

    private static final int SPEED_BANDS = 8;

    private final int panelSize;
    private final int grid;
    private final double[] times;

    private VectorFieldPlot(Builder b) {
        this.panelSize = b.panelSize;
        this.grid = b.grid;
        this.times = b.times.clone();
    }

    /** A builder with the defaults: panels of 360 pixels, a 21 by 21 grid, t = 0, 0.5, 1. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Draws the field on the region the points cover (0.5 % to 99.5 % quantiles, widened by
     * 10 %); the points are drawn faintly underneath.
     *
     * @param field  the vector field, e.g. {@code model::velocity} of a 2-D {@code FlowModel}
     * @param points where to look, shape {@code [n, 2]}
     * @return an RGB image {@code times.length * panelSize} wide and {@code panelSize} high
     */
    public BufferedImage render(Field field, INDArray points) {
        PlanePoints background = PlanePoints.of(points, "points");
        if (points.columns() != 2) {
            throw new IllegalArgumentException("vector field plots need 2-D points, got dimension " + points.columns());
        }
        return render(field, Box.covering(List.of(background)), background);
    }

    /** Draws the field on the square region [xmin, xmax] by [ymin, ymax], without points. */
    public BufferedImage render(Field field, double xmin, double xmax, double ymin, double ymax) {
        if (!(xmin < xmax) || !(ymin < ymax) || !Double.isFinite(xmax - xmin) || !Double.isFinite(ymax - ymin)) {
            throw new IllegalArgumentException("the region must have xmin < xmax and ymin < ymax, finite, got ["
                    + xmin + ", " + xmax + "] x [" + ymin + ", " + ymax + "]");
        }
        return render(field, new Box(xmin, xmax, ymin, ymax), null);
    }

    /** Renders the field over the points and writes it to {@code path} as PNG, atomically. */
    public void write(Path path, Field field, INDArray points) {
        Charts.writePng(render(field, points), path);
    }

    private BufferedImage render(Field field, Box box, PlanePoints background) {
        if (field == null) {
            throw new IllegalArgumentException("field must not be null");
        }
        int cells = grid * grid;
        double dx = box.width() / grid;
        double dy = box.height() / grid;
        float[] xy = new float[cells * 2];
        for (int i = 0; i < grid; i++) {
            for (int j = 0; j < grid; j++) {
                int k = i * grid + j;
                xy[2 * k] = (float) (box.xmin() + (j + 0.5) * dx);
                xy[2 * k + 1] = (float) (box.ymin() + (i + 0.5) * dy);
            }
        }
        INDArray x = Nd4j.create(xy, new long[] {cells, 2}, 'c');
        List<double[][]> velocities = new ArrayList<>();
        List<Double> speeds = new ArrayList<>();
        for (double t : times) {
            INDArray v = field.velocity(t, x);
            if (v == null || v.rank() != 2 || v.rows() != cells || v.columns() != 2) {
                throw new IllegalArgumentException("the field must return [" + cells + ", 2] velocities, got "
                        + (v == null ? "null" : java.util.Arrays.toString(v.shape())));
            }
            double[][] m = v.toDoubleMatrix();
            velocities.add(m);
            for (double[] row : m) {
                speeds.add(Math.hypot(row[0], row[1]));
            }
        }
        double[] sorted = speeds.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).sorted().toArray();
        double ref = sorted.length == 0 ? 1 : sorted[(int) (0.95 * (sorted.length - 1))];
        double top = sorted.length == 0 ? 1 : sorted[sorted.length - 1];
        double scale = ref > 0 ? 0.9 * Math.min(dx, dy) / ref : 0;
        List<BufferedImage> panels = new ArrayList<>();
        for (int p = 0; p < times.length; p++) {
            XYChart chart = Charts.plane(panelSize, panelSize, "v(t, x) at t = " + TrajectoryPlot.fmt(times[p]), box);
            if (background != null) {
                Charts.scatter(chart, "points", background.x, background.y, new java.awt.Color(150, 150, 150, 80));
                chart.getStyler().setMarkerSize(2);
            }
            addArrows(chart, xy, velocities.get(p), scale, top, 1.3 * Math.min(dx, dy));
            panels.add(Charts.image(chart));
        }
        return Charts.row(panels);
    }

    /**
     * One line series per speed band; each arrow is a shaft and a two-stroke head, NaN-separated,
     * centred on its grid point; arrows longer than {@code maxLength} are shortened to it.
     */
    private static void addArrows(XYChart chart, float[] xy, double[][] v, double scale, double top, double maxLength) {
        List<List<double[]>> bands = new ArrayList<>();
        for (int b = 0; b < SPEED_BANDS; b++) {
            bands.add(new ArrayList<>());
        }
        for (int k = 0; k < v.length; k++) {
            double vx = v[k][0];
            double vy = v[k][1];
            double speed = Math.hypot(vx, vy);
            if (!Double.isFinite(speed) || speed == 0 || scale == 0) {
                continue;
            }
            double len = Math.min(speed * scale, maxLength);
            double ux = vx / speed;
            double uy = vy / speed;
            double x0 = xy[2 * k] - 0.5 * len * ux;
            double y0 = xy[2 * k + 1] - 0.5 * len * uy;
            double x1 = x0 + len * ux;
            double y1 = y0 + len * uy;
            double head = 0.3 * len;
            double cos = Math.cos(Math.toRadians(25));
            double sin = Math.sin(Math.toRadians(25));
            double hx1 = x1 - head * (ux * cos - uy * sin);
            double hy1 = y1 - head * (uy * cos + ux * sin);
            double hx2 = x1 - head * (ux * cos + uy * sin);
            double hy2 = y1 - head * (uy * cos - ux * sin);
            int band = (int) Math.min(SPEED_BANDS - 1, Math.floor(speed / top * SPEED_BANDS));
            List<double[]> out = bands.get(band);
            out.add(new double[] {x0, y0});
            out.add(new double[] {x1, y1});
            out.add(new double[] {x1, Double.NaN});
            out.add(new double[] {hx1, hy1});
            out.add(new double[] {x1, y1});
            out.add(new double[] {hx2, hy2});
            out.add(new double[] {hx2, Double.NaN});
        }
        for (int b = 0; b < SPEED_BANDS; b++) {
            List<double[]> pts = bands.get(b);
            if (pts.isEmpty()) {
                continue;
            }
            double[] px = new double[pts.size()];
            double[] py = new double[pts.size()];
            for (int i = 0; i < px.length; i++) {
                px[i] = pts.get(i)[0];
                py[i] = pts.get(i)[1];
            }
            Charts.line(chart, "speed " + b, px, py, ColorMap.viridis(0.1 + 0.8 * b / (SPEED_BANDS - 1.0)), 1.3f);
        }
    }

    /** Settings for a {@link VectorFieldPlot}. */
    public static final class Builder {
        private int panelSize = 360;
        private int grid = 21;
        private double[] times = {0, 0.5, 1};

        private Builder() {
        }

        /** Width and height of each square panel in pixels, 64 to 8192 (default 360). */
        public Builder panelSize(int pixels) {
            this.panelSize = Charts.checkPixels("panel size", pixels);
            return this;
        }

        /** Arrows per side of the grid, 2 to 100 (default 21). */
        public Builder grid(int arrowsPerSide) {
            if (arrowsPerSide < 2 || arrowsPerSide > 100) {
                throw new IllegalArgumentException("grid must be between 2 and 100 arrows per side, got " + arrowsPerSide);
            }
            this.grid = arrowsPerSide;
            return this;
        }

        /** The times to show, one panel each, 1 to 16 of them (default 0, 0.5, 1). */
        public Builder times(double... times) {
            if (times == null || times.length < 1 || times.length > 16) {
                throw new IllegalArgumentException("give 1 to 16 times, got " + (times == null ? "null" : times.length));
            }
            for (double t : times) {
                if (!Double.isFinite(t)) {
                    throw new IllegalArgumentException("times must be finite, got " + t);
                }
            }
            this.times = times.clone();
            return this;
        }

        /** The plot. */
        public VectorFieldPlot build() {
            return new VectorFieldPlot(this);
        }
    }
}
