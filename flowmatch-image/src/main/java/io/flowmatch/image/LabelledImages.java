package io.flowmatch.image;

import io.flowmatch.datasets.IdxImages;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A finite set of grey images with integer class labels, held in memory. Pixels are float32 in
 * [-1, 1] (-1 black, 1 white), one image a row of {@code height * width} values in row-major order.
 * Immutable: the arrays are copied on the way in and never handed out.
 */
public final class LabelledImages {

    private final float[] pixels;
    private final int[] labels;
    private final int height;
    private final int width;
    private final int classes;
    private volatile long checksum = -1;

    /**
     * @param pixels  {@code count * height * width} values in [-1, 1], image after image
     * @param labels  one label a image, each in [0, classes)
     * @param height  rows of every image, positive
     * @param width   columns of every image, positive
     * @param classes the number of classes, positive
     * @throws IllegalArgumentException if the sizes disagree, a label is out of range or a pixel is
     *                                  not finite
     */
    public LabelledImages(float[] pixels, int[] labels, int height, int width, int classes) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
        }
        if (classes < 1) {
            throw new IllegalArgumentException("number of classes must be positive, got " + classes);
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("an image set needs at least one image");
        }
        long expected = (long) labels.length * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(labels.length + " labels need " + expected + " pixels of "
                    + height + "x" + width + " images, got " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " is outside [0, "
                        + classes + ")");
            }
        }
        for (int i = 0; i < pixels.length; i++) {
            if (!Float.isFinite(pixels[i])) {
                throw new IllegalArgumentException("pixel " + (i % (height * width)) + " of image "
                        + (i / (height * width)) + " is not finite");
            }
        }
        this.pixels = pixels.clone();
        this.labels = labels.clone();
        this.height = height;
        this.width = width;
        this.classes = classes;
    }

    /**
     * The images read from IDX files ({@link io.flowmatch.datasets.IdxFiles#read}), checked and
     * copied as by the constructor.
     *
     * @throws IllegalArgumentException as for the constructor
     */
    public static LabelledImages of(IdxImages idx) {
        return new LabelledImages(idx.pixels(), idx.labels(), idx.height(), idx.width(), idx.classes());
    }

    /** The number of images. */
    public int count() {
        return labels.length;
    }

    /** Rows of every image. */
    public int height() {
        return height;
    }

    /** Columns of every image. */
    public int width() {
        return width;
    }

    /** The number of pixels of one image, {@code height * width}: the dimension of the flow. */
    public int pixelsPerImage() {
        return height * width;
    }

    /** The number of classes; labels are in [0, classes). */
    public int classes() {
        return classes;
    }

    /** The label of image {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** A copy of all labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** A copy of image {@code i}'s pixels, row-major. */
    public float[] image(int i) {
        int p = pixelsPerImage();
        return Arrays.copyOfRange(pixels, i * p, (i + 1) * p);
    }

    /** Every image as a new float32 array of shape {@code [count, height * width]}. */
    public INDArray asMatrix() {
        return Nd4j.create(pixels.clone(), new long[] {count(), pixelsPerImage()}, DataType.FLOAT);
    }

    /**
     * Draws {@code n} images uniformly with replacement, writing their pixels row-major into
     * {@code out[0 .. n * pixelsPerImage())} and their labels into {@code labelsOut[0 .. n)}.
     */
    public void sample(RandomGenerator rng, float[] out, int[] labelsOut, int n) {
        int p = pixelsPerImage();
        if (out.length < (long) n * p || labelsOut.length < n) {
            throw new IllegalArgumentException("buffers too short for " + n + " images");
        }
        for (int i = 0; i < n; i++) {
            int k = rng.nextInt(labels.length);
            System.arraycopy(pixels, k * p, out, i * p, p);
            labelsOut[i] = labels[k];
        }
    }

    /**
     * A CRC-32 of the labels, the pixels (their float bits) and the sizes: two sets with the same
     * checksum are, for all practical purposes, the same data. Computed once, on first use.
     */
    public long checksum() {
        long c = checksum;
        if (c < 0) {
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(1 << 16);
            int[] sizes = {height, width, classes, labels.length};
            for (int v : sizes) {
                buffer.putInt(v);
            }
            for (int v : labels) {
                if (buffer.remaining() < 4) {
                    crc.update(buffer.flip());
                    buffer.clear();
                }
                buffer.putInt(v);
            }
            for (float v : pixels) {
                if (buffer.remaining() < 4) {
                    crc.update(buffer.flip());
                    buffer.clear();
                }
                buffer.putFloat(v);
            }
            crc.update(buffer.flip());
            c = crc.getValue();
            checksum = c;
        }
        return c;
    }

    /** The first {@code n} images (or all, if fewer). */
    public LabelledImages head(int n) {
        int m = Math.min(n, count());
        return new LabelledImages(Arrays.copyOf(pixels, m * pixelsPerImage()), Arrays.copyOf(labels, m), height, width,
                classes);
    }

    @Override
    public String toString() {
        return count() + " images of " + height + "x" + width + " in " + classes + " classes";
    }
}
