package io.flowmatch.manifold;

import io.flowmatch.core.internal.SpecText;

/**
 * The manifolds Riemannian flow matching runs on, by name.
 *
 * <pre>{@code
 * Manifold s2 = Manifolds.sphere(3);          // S^2 in R^3: unit vectors of 3 coordinates
 * Manifold t2 = Manifolds.torus(2);           // two angles in [-pi, pi)
 * Manifold same = Manifolds.parse("sphere:3");
 * }</pre>
 */
public final class Manifolds {

    private Manifolds() {
    }

    /**
     * The unit sphere S^{d-1} in R^d: {@code sphere(3)} is the ordinary sphere S^2, whose points
     * are unit vectors (x, y, z).
     *
     * @param ambientDimension d, the coordinates per point, at least 2
     * @throws IllegalArgumentException naming d if it is out of range
     */
    public static Sphere sphere(int ambientDimension) {
        return new Sphere(ambientDimension);
    }

    /**
     * The flat torus of k unit circles, points given as k angles in radians in [-pi, pi).
     *
     * @param angles k, at least 1
     * @throws IllegalArgumentException naming k if it is out of range
     */
    public static FlatTorus torus(int angles) {
        return new FlatTorus(angles);
    }

    /**
     * The manifold named by {@code text}: {@code sphere:D} or {@code torus:K} (also written
     * {@code sphere(D)}, {@code torus(K)}; case and spaces ignored), the form
     * {@link Manifold#description()} writes.
     *
     * @throws IllegalArgumentException naming the text if it names no manifold or a bad size
     */
    public static Manifold parse(String text) {
        SpecText spec;
        try {
            spec = SpecText.parse(text, "manifold");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad manifold '" + text + "': " + e.getMessage()
                    + " (expected sphere:D or torus:K)", e);
        }
        if (spec.positional().size() != 1 || !spec.named().isEmpty()) {
            throw new IllegalArgumentException("bad manifold '" + text + "': expected sphere:D or torus:K");
        }
        int size;
        try {
            size = Integer.parseInt(spec.positional().get(0).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad manifold '" + text + "': '" + spec.positional().get(0)
                    + "' is not a whole number", e);
        }
        try {
            switch (spec.name()) {
                case "sphere":
                    return sphere(size);
                case "torus":
                    return torus(size);
                default:
                    throw new IllegalArgumentException("unknown manifold '" + spec.name()
                            + "', expected sphere:D or torus:K");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad manifold '" + text + "': " + e.getMessage(), e);
        }
    }
}
