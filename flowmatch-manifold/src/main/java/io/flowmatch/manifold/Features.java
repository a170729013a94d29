package io.flowmatch.manifold;

import java.util.Locale;

/**
 * What the velocity network sees of a point, and how its output becomes a tangent vector.
 *
 * <ul>
 *   <li>{@link #EMBEDDED} (the default): the point in the manifold's isometric embedding into
 *       Euclidean space (the unit vector itself on the sphere; (cos a, sin a) for each angle a on
 *       the torus, 2k features). The network's output, a vector of that Euclidean space, is
 *       projected orthogonally onto the tangent space. The field is then continuous on the whole
 *       manifold, across the torus's seam at +-pi too.</li>
 *   <li>{@link #ANGLES} (torus only): the raw angles, and the output is the angular velocity as
 *       it is. The network does not know that -pi and pi are the same place, so the field jumps
 *       at the seam; kept for comparison. The jump is a source or sink of mass that no divergence
 *       sees, so log-likelihoods of such a model are not normalised (an untrained network's
 *       density integrated to 1.017 in the tests), and mass piles up at the seam.</li>
 * </ul>
 */
public enum Features {
    /** The point in the manifold's embedding; the output projected onto the tangent space. */
    EMBEDDED,
    /** The raw angle coordinates of a torus; the output used as the angular velocity. */
    ANGLES;

    /**
     * The features named {@code text} ("embedded" or "angles", case-insensitive).
     *
     * @throws IllegalArgumentException naming the text otherwise
     */
    public static Features parse(String text) {
        String key = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        for (Features f : values()) {
            if (f.name().equals(key)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown features '" + text + "', expected embedded or angles");
    }

    /** The lower-case name, as recipes write it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
