package io.flowmatch.examples;

import io.flowmatch.core.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Side-by-side scatter plots of 2-D point sets on shared axes, drawn with java.awt (headless)
 * and written as PNG atomically.
 */
final class ScatterPlot {

    private static final int PANEL = 480;
    private static final int MARGIN = 30;

    private ScatterPlot() {
    }

    /** Draws each set in its own panel, titled, on the same axes, and writes a PNG. */
    static void write(Path file, String[] titles, INDArray... sets) {
        if (titles.length != sets.length) {
            throw new IllegalArgumentException("one title per point set");
        }
        double[] box = bounds(sets);
        BufferedImage img = new BufferedImage(PANEL * sets.length, PANEL, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        Color[] colours = {new Color(40, 90, 170, 90), new Color(200, 70, 40, 90)};
        for (int p = 0; p < sets.length; p++) {
            int x0 = p * PANEL;
            g.setColor(Color.LIGHT_GRAY);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(x0 + MARGIN, MARGIN, PANEL - 2 * MARGIN, PANEL - 2 * MARGIN);
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            g.drawString(titles[p], x0 + MARGIN, MARGIN - 8);
            g.setColor(colours[p % colours.length]);
            float[][] pts = sets[p].toFloatMatrix();
            for (float[] pt : pts) {
                int px = x0 + MARGIN + (int) ((pt[0] - box[0]) / (box[1] - box[0]) * (PANEL - 2 * MARGIN));
                int py = PANEL - MARGIN - (int) ((pt[1] - box[2]) / (box[3] - box[2]) * (PANEL - 2 * MARGIN));
                g.fillOval(px - 2, py - 2, 4, 4);
            }
        }
        g.dispose();
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    /** [xmin, xmax, ymin, ymax] over all sets, padded by 5 %, from the 0.5 % and 99.5 % quantiles. */
    private static double[] bounds(INDArray... sets) {
        double xmin = Double.POSITIVE_INFINITY;
        double xmax = Double.NEGATIVE_INFINITY;
        double ymin = Double.POSITIVE_INFINITY;
        double ymax = Double.NEGATIVE_INFINITY;
        for (INDArray s : sets) {
            if (s.rank() != 2 || s.columns() < 2) {
                throw new IllegalArgumentException("scatter plots need [n, 2] points, got " + java.util.Arrays.toString(s.shape()));
            }
            double[] xs = s.getColumn(0).toDoubleVector();
            double[] ys = s.getColumn(1).toDoubleVector();
            java.util.Arrays.sort(xs);
            java.util.Arrays.sort(ys);
            int lo = (int) (xs.length * 0.005);
            int hi = Math.max(lo, xs.length - 1 - lo);
            xmin = Math.min(xmin, xs[lo]);
            xmax = Math.max(xmax, xs[hi]);
            ymin = Math.min(ymin, ys[lo]);
            ymax = Math.max(ymax, ys[hi]);
        }
        double span = Math.max(xmax - xmin, ymax - ymin) * 1.1 + 1e-9;
        double cx = (xmin + xmax) / 2;
        double cy = (ymin + ymax) / 2;
        return new double[] {cx - span / 2, cx + span / 2, cy - span / 2, cy + span / 2};
    }
}
