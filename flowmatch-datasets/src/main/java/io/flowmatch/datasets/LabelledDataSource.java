package io.flowmatch.datasets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A distribution of points that each carry a class label in [0, {@link #classes()}): the
 * mixture p(x) = sum_k p(k) p(x | k) of its classes, e.g. the eight Gaussians with their component
 * as the label ({@link Datasets#labelledEightGaussians()}), or a loaded set of points with a
 * label per point ({@link Datasets#labelled}, {@link Datasets#fromCsv(java.nio.file.Path, String)}).
 * A flow trained on one learns p(x | label) as well as p(x) (classifier-free guidance).
 *
 * <p>It is a {@link DataSource} too: {@link #sample(RandomGenerator, float[], int)} draws the same
 * points as {@link #sample(RandomGenerator, float[], int[], int)} does for the same generator state,
 * without their labels. Immutable, and safe to share between threads.
 */
public interface LabelledDataSource extends DataSource {

    /** The number of classes K, at least 1; every label is in [0, K). */
    int classes();

    /**
     * Draws {@code n} points with their labels: point i goes row-major to
     * {@code out[i * d .. (i + 1) * d)}, its class to {@code labels[i]}.
     *
     * @param rng    the source of randomness; the only one used
     * @param out    destination of the points, length at least {@code n * dimension()}
     * @param labels destination of the labels, length at least {@code n}
     * @param n      number of points, at least 0
     * @throws IllegalArgumentException if {@code n} is negative or an array is null or too short
     */
    void sample(RandomGenerator rng, float[] out, int[] labels, int n);

    /**
     * The name of each class, in label order: what the labels stand for (a CSV column's
     * categories, {@code "upper"} and {@code "lower"} for the moons); by default the labels
     * themselves, {@code "0"} to {@code "K-1"}.
     */
    default List<String> classNames() {
        return numberedClasses(classes());
    }

    /** {@code "0"} to {@code "K-1"}. */
    static List<String> numberedClasses(int classes) {
        List<String> names = new ArrayList<>(classes);
        for (int k = 0; k < classes; k++) {
            names.add(Integer.toString(k));
        }
        return Collections.unmodifiableList(names);
    }
}
