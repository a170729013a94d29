package io.flowmatch.core.path;

/**
 * What a network's output stands for on an affine path x_t = alpha x1 + sigma x0: the velocity
 * u_t, the data point x1 it is heading to, or the source point (noise) x0 it came from. Given
 * x_t, any one determines the others (see {@link AffinePath#conversion}).
 */
public enum Prediction {
    /** The velocity dx_t/dt (flow matching's usual target). */
    VELOCITY,
    /** The data point x1 (an "x-prediction" or denoiser). */
    DATA,
    /** The source point x0 (an "epsilon-prediction", as in diffusion models). */
    NOISE;

    /** The lower-case name, {@code "velocity"}, {@code "data"} or {@code "noise"}, as models record it. */
    public String description() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Parses a name case-insensitively: {@code velocity}; {@code data} or {@code x1};
     * {@code noise}, {@code x0} or {@code epsilon}.
     *
     * @throws IllegalArgumentException naming the text and the valid names otherwise
     */
    public static Prediction parse(String name) {
        switch (name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "velocity":
                return VELOCITY;
            case "data":
            case "x1":
                return DATA;
            case "noise":
            case "x0":
            case "epsilon":
                return NOISE;
            default:
                throw new IllegalArgumentException("unknown prediction '" + name + "' (expected velocity, data or noise)");
        }
    }
}
