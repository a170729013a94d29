package io.flowmatch.datasets;

import java.util.random.RandomGenerator;

/**
 * The built-in 2-D toy distributions (and the d-dimensional Gaussian), each a small immutable
 * {@link DataSource} that writes points straight into the caller's array. Reached through
 * {@link Datasets}.
 */
final class Generators {

    private static final double TWO_PI = 2 * Math.PI;

    private Generators() {
    }

    static void checkSampleArguments(float[] out, int n, int dimension) {
        if (n < 0) {
            throw new IllegalArgumentException("number of points must not be negative, got " + n);
        }
        if (out == null) {
            throw new IllegalArgumentException("output array must not be null");
        }
        if ((long) n * dimension > out.length) {
            throw new IllegalArgumentException("output array holds " + out.length + " values but " + n
                    + " points of dimension " + dimension + " need " + (long) n * dimension);
        }
    }

    /** A 2-D generator: one point per call of {@link #point}. */
    abstract static class Planar implements DataSource {
        private final String description;

        Planar(String description) {
            this.description = description;
        }

        @Override
        public final int dimension() {
            return 2;
        }

        @Override
        public final void sample(RandomGenerator rng, float[] out, int n) {
            checkSampleArguments(out, n, 2);
            for (int i = 0; i < n; i++) {
                point(rng, out, 2 * i);
            }
        }

        /** Writes one point to out[at], out[at + 1]. */
        abstract void point(RandomGenerator rng, float[] out, int at);

        @Override
        public final String description() {
            return description;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** sklearn's make_moons with a random angle: two interleaved half circles plus Gaussian noise. */
    static final class Moons extends Planar {
        private final double noise;

        Moons(double noise) {
            super("moons(noise=" + noise + ")");
            this.noise = noise;
        }

        @Override
        void point(RandomGenerator rng, float[] out, int at) {
            double theta = Math.PI * rng.nextDouble();
            double c = Math.cos(theta);
            double s = Math.sin(theta);
            boolean outer = rng.nextBoolean();
            double x = outer ? c : 1 - c;
            double y = outer ? s : 0.5 - s;
            out[at] = (float) (x + noise * rng.nextGaussian());
            out[at + 1] = (float) (y + noise * rng.nextGaussian());
        }
    }

    /** Archimedean spiral: theta ~ U[0, 6 pi], radius theta / 2 pi, noise N(0, 0.1^2). */
    static final class Spiral extends Planar {
        Spiral() {
            super("spiral(turns=3, noise=0.1)");
        }

        @Override
        void point(RandomGenerator rng, float[] out, int at) {
            double theta = 3 * TWO_PI * rng.nextDouble();
            double r = theta / TWO_PI;
            out[at] = (float) (r * Math.cos(theta) + 0.1 * rng.nextGaussian());
            out[at + 1] = (float) (r * Math.sin(theta) + 0.1 * rng.nextGaussian());
        }
    }

    /** Annulus: angle ~ U[0, 2 pi), radius ~ U[2, 3] (uniform in radius, not in area). */
    static final class Annulus extends Planar {
        Annulus() {
            super("annulus(r=[2, 3])");
        }

        @Override
        void point(RandomGenerator rng, float[] out, int at) {
            double a = TWO_PI * rng.nextDouble();
            double r = 2 + rng.nextDouble();
            out[at] = (float) (r * Math.cos(a));
            out[at + 1] = (float) (r * Math.sin(a));
        }
    }

    /** Eight Gaussians of std 0.5 centred at radius 5 on the angles k pi / 4, chosen uniformly. */
    static final class EightGaussians extends Planar {
        EightGaussians() {
            super("eightGaussians(scale=5, std=0.5)");
        }

        @Override
        void point(RandomGenerator rng, float[] out, int at) {
            double a = rng.nextInt(8) * Math.PI / 4;
            out[at] = (float) (5 * Math.cos(a) + 0.5 * rng.nextGaussian());
            out[at + 1] = (float) (5 * Math.sin(a) + 0.5 * rng.nextGaussian());
        }
    }

    /** sklearn's make_circles: radius 1 or 0.5 with probability 1/2, uniform angle, noise 0.05. */
    static final class Circles extends Planar {
        Circles() {
            super("circles(r=1 and 0.5, noise=0.05)");
        }

        @Override
        void point(RandomGenerator rng, float[] out, int at) {
            double a = TWO_PI * rng.nextDouble();
            double r = rng.nextBoolean() ? 1.0 : 0.5;
            out[at] = (float) (r * Math.cos(a) + 0.05 * rng.nextGaussian());
            out[at + 1] = (float) (r * Math.sin(a) + 0.05 * rng.nextGaussian());
        }
    }

    /**
     * sklearn's make_swiss_roll seen from above: t = 1.5 pi (1 + 2u), u ~ U[0, 1], point
     * (t cos t, t sin t) / 5 plus noise N(0, 0.1^2), so that the roll lies within about [-3, 3].
     */
    static final class SwissRoll extends Planar {
        SwissRoll() {
            super("swissRoll(scale=1/5, noise=0.1)");
        }

        @Override
        void point(RandomGenerator rng, float[] out, int at) {
            double t = 1.5 * Math.PI * (1 + 2 * rng.nextDouble());
            out[at] = (float) (t * Math.cos(t) / 5 + 0.1 * rng.nextGaussian());
            out[at + 1] = (float) (t * Math.sin(t) / 5 + 0.1 * rng.nextGaussian());
        }
    }

    /**
     * The FFJORD/TorchCFM checkerboard: uniform on the 8 "black" squares of side 2 of a 4 x 4
     * board over [-4, 4]^2. In board units: x ~ U[-2, 2), y = v - 2b + (floor(x) mod 2) with
     * v ~ U[0, 1) and b ~ {0, 1}; the point is 2 (x, y).
     */
    static final class Checkerboard extends Planar {
        Checkerboard() {
            super("checkerboard(4x4 over [-4, 4])");
        }

        @Override
        void point(RandomGenerator rng, float[] out, int at) {
            double x = 4 * rng.nextDouble() - 2;
            double y = rng.nextDouble() - 2 * rng.nextInt(2) + Math.floorMod((int) Math.floor(x), 2);
            out[at] = (float) (2 * x);
            out[at + 1] = (float) (2 * y);
        }
    }

    /** The standard Gaussian N(0, I) in R^d. */
    static final class Gaussian implements DataSource {
        private final int dimension;

        Gaussian(int dimension) {
            this.dimension = dimension;
        }

        @Override
        public int dimension() {
            return dimension;
        }

        @Override
        public void sample(RandomGenerator rng, float[] out, int n) {
            checkSampleArguments(out, n, dimension);
            for (int i = 0, m = n * dimension; i < m; i++) {
                out[i] = (float) rng.nextGaussian();
            }
        }

        @Override
        public String description() {
            return "gaussian(" + dimension + ")";
        }

        @Override
        public String toString() {
            return description();
        }
    }
}
