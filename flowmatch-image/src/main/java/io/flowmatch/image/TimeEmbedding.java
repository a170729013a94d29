package io.flowmatch.image;

/**
 * Sinusoidal features of time, as in transformers and diffusion U-Nets: for t in [0, 1] and
 * {@code n} features, [sin(f_0 t), ..., sin(f_{n/2-1} t), cos(f_0 t), ..., cos(f_{n/2-1} t)] with
 * frequencies f_k geometric from 1 to {@link #MAX_FREQUENCY} radians per unit time.
 */
final class TimeEmbedding {

    /** The highest angular frequency. */
    static final double MAX_FREQUENCY = 200;

    private TimeEmbedding() {
    }

    /** Row-major {@code [times.length, n]} features. */
    static double[] features(double[] times, int n) {
        int half = n / 2;
        double[] out = new double[times.length * n];
        for (int i = 0; i < times.length; i++) {
            for (int k = 0; k < half; k++) {
                double f = half == 1 ? 1 : Math.exp(Math.log(MAX_FREQUENCY) * k / (half - 1));
                out[i * n + k] = Math.sin(f * times[i]);
                out[i * n + half + k] = Math.cos(f * times[i]);
            }
        }
        return out;
    }
}
