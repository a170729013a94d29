package io.flowmatch.viz;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Point sets side by side, one square panel each, on the same axes: typically the true data
 * beside the model's samples, so that a reader can see whether the shapes match. Only the first
 * two coordinates are drawn. The axes cover the 0.5 % to 99.5 % quantiles of all sets.
 *
 * <pre>{@code
 * ScatterPlot.builder().build().write(Path.of("samples.png"), data, samples);
 * }</pre>
 *
 * <p>Immutable; one instance may draw many pictures.
 */
public final class ScatterPlot {

    private final int panelSize;
    private final int markerSize;
    private final List<String> titles;

    private ScatterPlot(Builder b) {
        this.panelSize = b.panelSize;
        this.markerSize = b.markerSize;
        this.titles = List.copyOf(b.titles);
    }

    /** A builder with the defaults: 480-pixel panels, 3-pixel markers, titles "data" and "samples". */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Draws each set in its own panel; set {@code i} gets title {@code i} (or none past the last
     * title) and the i-th house colour (data blue, samples orange, then viridis).
     *
     * @param sets point sets, each {@code [n, d]} with d &ge; 2
     * @return an RGB image {@code sets.length * panelSize} wide and {@code panelSize} high
     * @throws IllegalArgumentException if there is no set or a set cannot be plotted
     */
    public BufferedImage render(INDArray... sets) {
        if (sets == null || sets.length == 0) {
            throw new IllegalArgumentException("at least one point set is needed");
        }
        List<PlanePoints> planes = new ArrayList<>();
        for (int i = 0; i < sets.length; i++) {
            planes.add(PlanePoints.of(sets[i], "point set " + i));
        }
        Box box = Box.covering(planes);
        List<BufferedImage> panels = new ArrayList<>();
        for (int i = 0; i < planes.size(); i++) {
            String title = i < titles.size() ? titles.get(i) : "";
            XYChart chart = Charts.plane(panelSize, panelSize, title, box);
            chart.getStyler().setMarkerSize(markerSize);
            PlanePoints p = planes.get(i);
            Charts.scatter(chart, "points", p.x, p.y, ColorMap.withAlpha(colour(i, planes.size()), alpha(p.size())));
            panels.add(Charts.image(chart));
        }
        return Charts.row(panels);
    }

    /** Renders the sets and writes the picture to {@code path} as PNG, atomically. */
    public void write(Path path, INDArray... sets) {
        Charts.writePng(render(sets), path);
    }

    private static Color colour(int i, int count) {
        if (i == 0) {
            return Charts.DATA;
        }
        if (i == 1) {
            return Charts.SAMPLES;
        }
        return ColorMap.viridis(i / (double) Math.max(1, count - 1));
    }

    /** More transparent markers for more points, so dense regions read as darker. */
    static int alpha(int points) {
        return points <= 500 ? 200 : points <= 5000 ? 110 : 50;
    }

    /** Settings for a {@link ScatterPlot}. */
    public static final class Builder {
        private int panelSize = 480;
        private int markerSize = 3;
        private List<String> titles = List.of("data", "samples");

        private Builder() {
        }

        /** Width and height of each square panel in pixels, 64 to 8192 (default 480). */
        public Builder panelSize(int pixels) {
            this.panelSize = Charts.checkPixels("panel size", pixels);
            return this;
        }

        /** Diameter of a point in pixels, 1 to 20 (default 3). */
        public Builder markerSize(int pixels) {
            if (pixels < 1 || pixels > 20) {
                throw new IllegalArgumentException("marker size must be between 1 and 20 pixels, got " + pixels);
            }
            this.markerSize = pixels;
            return this;
        }

        /** Panel titles, in the order of the sets (default "data", "samples"). */
        public Builder titles(String... titles) {
            if (titles == null) {
                throw new IllegalArgumentException("titles must not be null");
            }
            List<String> copy = new ArrayList<>();
            for (String t : titles) {
                copy.add(t == null ? "" : t);
            }
            this.titles = copy;
            return this;
        }

        /** The plot. */
        public ScatterPlot build() {
            return new ScatterPlot(this);
        }
    }
}
