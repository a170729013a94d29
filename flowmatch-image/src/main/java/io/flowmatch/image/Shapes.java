package io.flowmatch.image;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A procedural labelled image set that ships as code, so that every example and test runs
 * offline: 28x28 grey images of one simple shape each, in ten classes, with random size,
 * position and brightness, drawn white-ish on black. Pixels are in [-1, 1]; edges are
 * anti-aliased by 4x4 supersampling.
 *
 * <p>Classes, in label order: {@link #CLASS_NAMES}.
 */
public final class Shapes {

    /** The side of every image, in pixels. */
    public static final int SIZE = 28;

    /** The class names; label i is {@code CLASS_NAMES.get(i)}. */
    public static final List<String> CLASS_NAMES = List.of("square", "circle", "triangle", "plus", "hstripes",
            "vstripes", "ring", "cross", "frame", "diamond");

    private static final int SUPER = 4;

    private Shapes() {
    }

    /** The number of classes, 10. */
    public static int classes() {
        return CLASS_NAMES.size();
    }

    /**
     * Draws {@code count} images, label {@code i % 10} for image i (so classes are balanced),
     * reproducibly from {@code seed}.
     *
     * @throws IllegalArgumentException if {@code count} is not positive
     */
    public static LabelledImages generate(int count, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("number of images must be positive, got " + count);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int p = SIZE * SIZE;
        float[] pixels = new float[Math.multiplyExact(count, p)];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % classes();
            draw(labels[i], rng, pixels, i * p);
        }
        return new LabelledImages(pixels, labels, SIZE, SIZE, classes());
    }

    /** Renders one image of class {@code label} into {@code out[offset .. offset + 784)}. */
    static void draw(int label, SplittableRandom rng, float[] out, int offset) {
        double half = 6 + rng.nextDouble() * 5;                  // half-side 6..11 pixels
        double cx = half + 1 + rng.nextDouble() * (SIZE - 2 * half - 2);
        double cy = half + 1 + rng.nextDouble() * (SIZE - 2 * half - 2);
        double brightness = 0.6 + 0.4 * rng.nextDouble();
        double step = 1.0 / SUPER;
        for (int row = 0; row < SIZE; row++) {
            for (int col = 0; col < SIZE; col++) {
                int hits = 0;
                for (int a = 0; a < SUPER; a++) {
                    for (int b = 0; b < SUPER; b++) {
                        double y = row + (a + 0.5) * step;
                        double x = col + (b + 0.5) * step;
                        if (inside(label, (x - cx) / half, (y - cy) / half)) {
                            hits++;
                        }
                    }
                }
                double coverage = hits / (double) (SUPER * SUPER);
                out[offset + row * SIZE + col] = (float) (-1 + 2 * coverage * brightness);
            }
        }
    }

    /** Whether the shape-local point (u, v), both in [-1, 1] for the bounding box, is on the shape. */
    private static boolean inside(int label, double u, double v) {
        double au = Math.abs(u);
        double av = Math.abs(v);
        if (au > 1 || av > 1) {
            return false;
        }
        double r = Math.hypot(u, v);
        switch (label) {
            case 0:
                return au <= 0.8 && av <= 0.8;
            case 1:
                return r <= 1;
            case 2:
                return au <= (v + 1) / 2;
            case 3:
                return au <= 0.3 || av <= 0.3;
            case 4:
                return ((int) Math.floor((v + 1) * 2.5)) % 2 == 0;
            case 5:
                return ((int) Math.floor((u + 1) * 2.5)) % 2 == 0;
            case 6:
                return r <= 1 && r >= 0.6;
            case 7:
                return Math.abs(u - v) <= 0.4 || Math.abs(u + v) <= 0.4;
            case 8:
                return au >= 0.55 || av >= 0.55;
            case 9:
                return au + av <= 1;
            default:
                throw new IllegalArgumentException("no shape class " + label);
        }
    }
}
