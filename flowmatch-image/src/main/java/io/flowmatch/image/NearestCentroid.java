package io.flowmatch.image;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A deliberately simple, independent judge of generated images: each image is first normalised
 * (cropped to the bounding box of its bright pixels, stretched to 16x16, brightness scaled to
 * [0, 1], which removes the shapes' random position, size and brightness), then given the label
 * of the nearest class mean (Euclidean) of the normalised training images.
 * Used to score class-conditional samples: the share of samples it labels with the class they
 * were conditioned on.
 */
public final class NearestCentroid {

    private final float[][] centroids;
    private final int height;
    private final int width;

    private NearestCentroid(float[][] centroids, int height, int width) {
        this.centroids = centroids;
        this.height = height;
        this.width = width;
    }

    /** Fits the class means of {@code images}' centred images. */
    public static NearestCentroid fit(LabelledImages images) {
        float[][] sums = new float[images.classes()][BOX * BOX];
        int[] counts = new int[images.classes()];
        for (int i = 0; i < images.count(); i++) {
            float[] c = normalise(images.image(i), images.height(), images.width());
            float[] s = sums[images.label(i)];
            for (int k = 0; k < c.length; k++) {
                s[k] += c[k];
            }
            counts[images.label(i)]++;
        }
        for (int c = 0; c < sums.length; c++) {
            for (int k = 0; k < sums[c].length; k++) {
                sums[c][k] /= Math.max(1, counts[c]);
            }
        }
        return new NearestCentroid(sums, images.height(), images.width());
    }

    /** The predicted class of one image (row-major pixels in [-1, 1]). */
    public int predict(float[] image) {
        float[] c = normalise(image, height, width);
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int k = 0; k < centroids.length; k++) {
            double d = 0;
            for (int j = 0; j < c.length; j++) {
                double diff = c[j] - centroids[k][j];
                d += diff * diff;
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best;
    }

    /**
     * The share of rows of {@code images} (shape {@code [n, height * width]}) predicted as
     * {@code labels[i]}.
     */
    public double accuracy(INDArray images, int[] labels) {
        if (images.rows() != labels.length || images.columns() != (long) height * width) {
            throw new IllegalArgumentException("expected " + labels.length + " images of " + (height * width)
                    + " pixels, got shape " + java.util.Arrays.toString(images.shape()));
        }
        float[] all = images.dup('c').data().asFloat();
        int p = height * width;
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            float[] image = java.util.Arrays.copyOfRange(all, i * p, (i + 1) * p);
            if (predict(image) == labels[i]) {
                right++;
            }
        }
        return right / (double) labels.length;
    }

    /** The side of the normalised image the classifier compares. */
    static final int BOX = 16;

    /**
     * Crops the image to the bounding box of its bright pixels (above the midpoint between
     * black and the brightest pixel), stretches that box to {@code BOX x BOX} (bilinear) and
     * scales brightness to [0, 1]: the result no longer depends on the shape's position, size or
     * brightness, only on its form.
     */
    static float[] normalise(float[] image, int height, int width) {
        float max = -1f;
        for (float v : image) {
            max = Math.max(max, v);
        }
        float[] out = new float[BOX * BOX];
        if (max <= -0.9f) {
            return out;
        }
        float threshold = (max - 1f) / 2f;
        int top = height;
        int bottom = -1;
        int left = width;
        int right = -1;
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                if (image[r * width + c] > threshold) {
                    top = Math.min(top, r);
                    bottom = Math.max(bottom, r);
                    left = Math.min(left, c);
                    right = Math.max(right, c);
                }
            }
        }
        float range = max + 1f;
        for (int i = 0; i < BOX; i++) {
            double y = top + (bottom - top) * (i + 0.5) / BOX;
            for (int j = 0; j < BOX; j++) {
                double x = left + (right - left) * (j + 0.5) / BOX;
                out[i * BOX + j] = (bilinear(image, height, width, y, x) + 1f) / range;
            }
        }
        return out;
    }

    private static float bilinear(float[] image, int height, int width, double y, double x) {
        int y0 = Math.min(height - 1, Math.max(0, (int) Math.floor(y)));
        int x0 = Math.min(width - 1, Math.max(0, (int) Math.floor(x)));
        int y1 = Math.min(height - 1, y0 + 1);
        int x1 = Math.min(width - 1, x0 + 1);
        double fy = Math.min(1, Math.max(0, y - y0));
        double fx = Math.min(1, Math.max(0, x - x0));
        double top = image[y0 * width + x0] * (1 - fx) + image[y0 * width + x1] * fx;
        double bottom = image[y1 * width + x0] * (1 - fx) + image[y1 * width + x1] * fx;
        return (float) (top * (1 - fy) + bottom * fy);
    }
}
