package io.flowmatch.datasets;

import java.util.Arrays;

/**
 * Labelled grey images as read from IDX files by {@link IdxFiles}: plain arrays, so that the
 * datasets module stays free of any image model. The image module wraps them
 * ({@code io.flowmatch.image.LabelledImages.of(IdxImages)}), which checks labels and pixels and
 * takes its own copy.
 *
 * <p>The accessors return the arrays themselves, not copies (an IDX training set is tens of
 * megabytes): treat them as read-only.
 *
 * @param pixels  {@code count * height * width} values, image after image, each image row-major;
 *                {@link IdxFiles} maps bytes 0..255 to -1..1
 * @param labels  one label an image
 * @param height  rows of every image, positive
 * @param width   columns of every image, positive
 * @param classes the number of classes, positive ({@link IdxFiles}: the largest label + 1, at least 2)
 */
public record IdxImages(float[] pixels, int[] labels, int height, int width, int classes) {

    /**
     * @throws IllegalArgumentException if an array is missing, a size is not positive, or the
     *                                  number of pixels is not {@code labels.length * height * width}
     */
    public IdxImages {
        if (pixels == null || labels == null) {
            throw new IllegalArgumentException("pixels and labels must not be null");
        }
        if (height < 1 || width < 1 || classes < 1) {
            throw new IllegalArgumentException("image size and number of classes must be positive, got "
                    + height + "x" + width + " in " + classes + " classes");
        }
        if (pixels.length != (long) labels.length * height * width) {
            throw new IllegalArgumentException(labels.length + " labels need " + ((long) labels.length * height * width)
                    + " pixels of " + height + "x" + width + " images, got " + pixels.length);
        }
    }

    /** The number of images. */
    public int count() {
        return labels.length;
    }

    /** A copy of image {@code i}'s pixels, row-major. */
    public float[] image(int i) {
        int p = height * width;
        return Arrays.copyOfRange(pixels, i * p, (i + 1) * p);
    }

    @Override
    public String toString() {
        return count() + " IDX images of " + height + "x" + width + " in " + classes + " classes";
    }
}
