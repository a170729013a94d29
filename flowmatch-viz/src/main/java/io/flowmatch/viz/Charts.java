package io.flowmatch.viz;

import io.flowmatch.core.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The shared look of every picture (white background, light grid, no legend box unless asked,
 * one font) and the plumbing: rendering an XChart chart to an image, putting panels side by side,
 * writing PNG files atomically.
 *
 * <p>Loading this class sets {@code java.awt.headless=true} unless the application has set the
 * property itself, so that pictures can be drawn on servers and in CI without a display.
 */
final class Charts {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    static final Color DATA = new Color(50, 90, 160);
    static final Color SAMPLES = new Color(215, 80, 40);
    static final Color INK = new Color(60, 60, 60);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

    private Charts() {
    }

    /** A chart of the plane with fixed axes (so that panels can be compared) and no legend. */
    static XYChart plane(int width, int height, String title, Box box) {
        XYChart chart = chart(width, height, title);
        XYStyler style = chart.getStyler();
        style.setXAxisMin(box.xmin());
        style.setXAxisMax(box.xmax());
        style.setYAxisMin(box.ymin());
        style.setYAxisMax(box.ymax());
        style.setXAxisDecimalPattern("0.#");
        style.setYAxisDecimalPattern("0.#");
        return chart;
    }

    /** A chart with the house style and axes fitted to the data. */
    static XYChart chart(int width, int height, String title) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title == null ? "" : title).build();
        XYStyler style = chart.getStyler();
        style.setChartBackgroundColor(Color.WHITE);
        style.setPlotBackgroundColor(Color.WHITE);
        style.setPlotBorderColor(new Color(200, 200, 200));
        style.setPlotGridLinesColor(new Color(235, 235, 235));
        style.setChartFontColor(INK);
        style.setChartTitleBoxVisible(false);
        style.setChartTitleFont(TITLE);
        style.setChartTitleVisible(title != null && !title.isEmpty());
        style.setLegendVisible(false);
        style.setAxisTickLabelsFont(TICKS);
        style.setAxisTickLabelsColor(INK);
        style.setAxisTitlesVisible(false);
        style.setChartPadding(8);
        style.setAntiAlias(true);
        chart.getStyler().setMarkerSize(3);
        return chart;
    }

    /** Adds a scatter series of small filled circles. */
    static XYSeries scatter(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
        s.setShowInLegend(false);
        return s;
    }

    /** Adds a line series without markers; a NaN in {@code y} breaks the line. */
    static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color, float width) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        s.setShowInLegend(false);
        return s;
    }

    /** Shows a legend inside the plot's top right corner. */
    static void legend(XYChart chart) {
        XYStyler style = chart.getStyler();
        style.setLegendVisible(true);
        style.setLegendPosition(Styler.LegendPosition.InsideNE);
        style.setLegendBorderColor(new Color(220, 220, 220));
        style.setLegendFont(TICKS);
    }

    /** The chart drawn into an RGB image of its size. */
    static BufferedImage image(XYChart chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** The images side by side, top-aligned, on white. */
    static BufferedImage row(List<BufferedImage> panels) {
        if (panels.size() == 1) {
            return panels.get(0);
        }
        int width = 0;
        int height = 0;
        for (BufferedImage p : panels) {
            width += p.getWidth();
            height = Math.max(height, p.getHeight());
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int x = 0;
        for (BufferedImage p : panels) {
            g.drawImage(p, x, 0, null);
            x += p.getWidth();
        }
        g.dispose();
        return out;
    }

    /** Writes the image as PNG, atomically, creating parent folders. */
    static void writePng(BufferedImage image, Path path) {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        AtomicFiles.write(path, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    /** Checks a size in pixels. */
    static int checkPixels(String name, int value) {
        if (value < 64 || value > 8192) {
            throw new IllegalArgumentException(name + " must be between 64 and 8192 pixels, got " + value);
        }
        return value;
    }
}
