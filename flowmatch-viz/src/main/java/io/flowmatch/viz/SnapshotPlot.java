package io.flowmatch.viz;

import io.flowmatch.solvers.Trajectory;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * The particles at several times side by side, on the same axes, each panel titled with its time
 * and coloured by it: noise at t = 0 turning into data at t = 1 (the snapshots of the tinygrad
 * article). Feed it {@code FlowModel.trajectory(...)}; each requested time shows the nearest
 * recorded state.
 *
 * <p>Immutable; one instance may draw many pictures.
 */
public final class SnapshotPlot {

    private final int panelSize;
    private final double[] times;

    private SnapshotPlot(Builder b) {
        this.panelSize = b.panelSize;
        this.times = b.times.clone();
    }

    /** A builder with the defaults: 5 panels of 300 pixels at t = 0, 0.25, 0.5, 0.75, 1. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Draws one panel per requested time.
     *
     * @return an RGB image {@code times.length * panelSize} wide and {@code panelSize} high
     */
    public BufferedImage render(Trajectory trajectory) {
        Paths2D paths = Paths2D.of(trajectory);
        int[] chosen = new int[times.length];
        for (int i = 0; i < times.length; i++) {
            chosen[i] = paths.nearest(times[i]);
        }
        Box box = paths.box(chosen);
        double t0 = paths.times[0];
        double span = Math.max(1e-12, paths.times[paths.times.length - 1] - t0);
        List<BufferedImage> panels = new ArrayList<>();
        for (int index : chosen) {
            double t = paths.times[index];
            XYChart chart = Charts.plane(panelSize, panelSize, "t = " + TrajectoryPlot.fmt(t), box);
            PlanePoints p = paths.states.get(index);
            Color c = ColorMap.viridis((t - t0) / span);
            Charts.scatter(chart, "points", p.x, p.y, ColorMap.withAlpha(c, ScatterPlot.alpha(p.size())));
            chart.getStyler().setMarkerSize(3);
            panels.add(Charts.image(chart));
        }
        return Charts.row(panels);
    }

    /** Renders the snapshots and writes them to {@code path} as PNG, atomically. */
    public void write(Path path, Trajectory trajectory) {
        Charts.writePng(render(trajectory), path);
    }

    /** Settings for a {@link SnapshotPlot}. */
    public static final class Builder {
        private int panelSize = 300;
        private double[] times = {0, 0.25, 0.5, 0.75, 1};

        private Builder() {
        }

        /** Width and height of each square panel in pixels, 64 to 8192 (default 300). */
        public Builder panelSize(int pixels) {
            this.panelSize = Charts.checkPixels("panel size", pixels);
            return this;
        }

        /** The times to show, one panel each, 1 to 16 of them (default 0, 0.25, 0.5, 0.75, 1). */
        public Builder times(double... times) {
            if (times == null || times.length < 1 || times.length > 16) {
                throw new IllegalArgumentException("give 1 to 16 snapshot times, got "
                        + (times == null ? "null" : times.length));
            }
            for (double t : times) {
                if (!Double.isFinite(t)) {
                    throw new IllegalArgumentException("snapshot times must be finite, got " + t);
                }
            }
            this.times = times.clone();
            return this;
        }

        /** The plot. */
        public SnapshotPlot build() {
            return new SnapshotPlot(this);
        }
    }
}
