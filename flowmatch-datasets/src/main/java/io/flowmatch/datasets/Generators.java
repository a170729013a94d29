package io.flowmatch.datasets;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The built-in toy distributions, reached through {@link Datasets}. Each is a small immutable
 * {@link DataSource} whose {@code sample} loop computes in double precision and writes float32
 * values straight into the caller's array: no allocation, no boxing, no per-point virtual call.
 *
 * <p>The exact definitions (and the order in which each draws its random numbers, which fixes
 * what a given seed produces) are documented on the factories in {@link Datasets}.
 */
final class Generators {

    private static final double TWO_PI = 2 * Math.PI;

    private Generators() {
    }

    /** Common part of the generators: a fixed dimension and a description. */
    abstract static class Generator implements DataSource {
        private final int dimension;
        private final String description;

        Generator(int dimension, String description) {
            this.dimension = dimension;
            this.description = description;
        }

        @Override
        public final int dimension() {
            return dimension;
        }

        @Override
        public final String description() {
            return description;
        }

        @Override
        public final String toString() {
            return description;
        }
    }

    /** Two interleaving half circles, see {@link Datasets#moons(double)}. */
    static final class Moons extends Generator {
        private final double noise;

        Moons(double noise) {
            super(2, "moons(noise=" + noise + ")");
            this.noise = noise;
        }

        @Override
        public void sample(RandomGenerator rng, float[] out, int n) {
            Checks.sampleArguments(rng, out, n, 2);
            draw(rng, out, null, n, noise);
        }

        /** The points, and with {@code labels} their moon (0 upper, 1 lower); the same draws either way. */
        static void draw(RandomGenerator rng, float[] out, int[] labels, int n, double sigma) {
            for (int i = 0, at = 0; i < n; i++, at += 2) {
                boolean outer = rng.nextBoolean();
                double theta = Math.PI * rng.nextDouble();
                double c = Math.cos(theta);
                double s = Math.sin(theta);
                double x = outer ? c : 1 - c;
                double y = outer ? s : 0.5 - s;
                if (sigma > 0) {
                    x += sigma * rng.nextGaussian();
                    y += sigma * rng.nextGaussian();
                }
                out[at] = (float) x;
                out[at + 1] = (float) y;
                if (labels != null) {
                    labels[i] = outer ? 0 : 1;
                }
            }
        }
    }

    /** The moons with the moon as the label, see {@link Datasets#labelledMoons(double)}. */
    static final class LabelledMoons extends Generator implements LabelledDataSource {
        private static final List<String> NAMES = List.of("upper", "lower");
        private final double noise;

        LabelledMoons(double noise) {
            super(2, "labelled(moons(noise=" + noise + "))");
            this.noise = noise;
        }

        @Override
        public int classes() {
            return 2;
        }

        @Override
        public List<String> classNames() {
            return NAMES;
        }

        @Override
        public void sample(RandomGenerator rng, float[] out, int n) {
            Checks.sampleArguments(rng, out, n, 2);
            Moons.draw(rng, out, null, n, noise);
        }

        @Override
        public void sample(RandomGenerator rng, float[] out, int[] labels, int n) {
            Checks.sampleArguments(rng, out, n, 2);
            Checks.labelArray(labels, n);
            Moons.draw(rng, out, labels, n, noise);
        }
    }

    /** A three-turn Archimedean spiral, see {@link Datasets#spiral()}. */
    static final class Spiral extends Generator {
        static final double NOISE = 0.1;

        Spiral() {
            super(2, "spiral(turns=3, noise=0.1)");
        }

        @Override
        public void sample(RandomGenerator rng, float[] out, int n) {
            Checks.sampleArguments(rng, out, n, 2);
            for (int i = 0, at = 0; i < n; i++, at += 2) {
                double theta = 3 * TWO_PI * rng.nextDouble();
                double r = theta / TWO_PI;
                out[at] = (float) (r * Math.cos(theta) + NOISE * rng.nextGaussian());
                out[at + 1] = (float) (r * Math.sin(theta) + NOISE * rng.nextGaussian());
            }
        }
    }

    /** An annulus with uniform radius, see {@link Datasets#annulus()}. */
    static final class Annulus extends Generator {
        Annulus() {
            super(2, "annulus(rmin=2, rmax=3)");
        }

        @Override
        public void sample(RandomGenerator rng, float[] out, int n) {
            Checks.sampleArguments(rng, out, n, 2);
            for (int i = 0, at = 0; i < n; i++, at += 2) {
                double a = TWO_PI * rng.nextDouble();
                double r = 2 + rng.nextDouble();
                out[at] = (float) (r * Math.cos(a));
                out[at + 1] = (float) (r * Math.sin(a));
            }
        }
    }

    /** Eight Gaussians on a circle, see {@link Datasets#eightGaussians()}. */
    static final class EightGaussians extends Generator {
        static final double RADIUS = 5;
        static final double STD = 0.5;
        private static final double D = RADIUS / Math.sqrt(2);
        /** Centre k at angle k pi / 4, written exactly (no cos(pi / 2) = 6e-17). */
        static final double[] CX = {RADIUS, D, 0, -D, -RADIUS, -D, 0, D};
        static final double[] CY = {0, D, RADIUS, D, 0, -D, -RADIUS, -D};

        EightGaussians() {
            super(2, "eightGaussians(radius=5, std=0.5)");
        }

        @Override
        public void sample(RandomGenerator rng, float[] out, int n) {
            Checks.sampleArguments(rng, out, n, 2);
            draw(rng, out, null, n);
        }

        /** The points, and with {@code labels} their centre's index; the same draws either way. */
        static void draw(RandomGenerator rng, float[] out, int[] labels, int n) {
            for (int i = 0, at = 0; i < n; i++, at += 2) {
                int k = rng.nextInt(8);
                out[at] = (float) (CX[k] + STD * rng.nextGaussian());
                out[at + 1] = (float) (CY[k] + STD * rng.nextGaussian());
                if (labels != null) {
                    labels[i] = k;
                }
            }
        }
    }

    /** The eight Gaussians with the component as the label, see {@link Datasets#labelledEightGaussians()}. */
    static final class LabelledEightGaussians extends Generator implements LabelledDataSource {
        LabelledEightGaussians() {
            super(2, "labelled(eightGaussians(radius=5, std=0.5))");
        }

        @Override
        public int classes() {
            return 8;
        }

        @Override
        public void sample(RandomGenerator rng, float[] out, int n) {
            Checks.sampleArguments(rng, out, n, 2);
            EightGaussians.draw(rng, out, null, n);
        }

        @Override
        public void sample(RandomGenerator rng, float[] out, int[] labels, int n) {
            Checks.sampleArguments(rng, out, n, 2);
            Checks.labelArray(labels, n);
            EightGaussians.draw(rng, out, labels, n);
        }
    }

    /** Two noisy concentric circles, see {@link Datasets#circles()}. */
    static final class Circles extends Generator {
        static final double NOISE = 0.05;

        Circles() {
            super(2, "circles(r1=1, r2=0.5, noise=0.05)");
        }

        @Override
        public void sample(RandomGenerator rng, float[] out, int n) {
            Checks.sampleArguments(rng, out, n, 2);
            for (int i = 0, at = 0; i < n; i++, at += 2) {
                double r = rng.nextBoolean() ? 1.0 : 0.5;
                double a = TWO_PI * rng.nextDouble();
                out[at] = (float) (r * Math.cos(a) + NOISE * rng.nextGaussian());
                out[at + 1] = (float) (r * Math.sin(a) + NOISE * rng.nextGaussian());
            }
        }
    }

    /** sklearn's swiss roll seen along its axis and scaled by 1/5, see {@link Datasets#swissRoll()}. */
    static final class SwissRoll extends Generator {
        static final double SCALE = 0.2;
        static final double NOISE = 0.1;

        SwissRoll() {
            super(2, "swissRoll(scale=0.2, noise=0.1)");
        }

        @Override
        public void sample(RandomGenerator rng, float[] out, int n) {
            Checks.sampleArguments(rng, out, n, 2);
            for (int i = 0, at = 0; i < n; i++, at += 2) {
                double t = 1.5 * Math.PI * (1 + 2 * rng.nextDouble());
                double r = SCALE * t;
                out[at] = (float) (r * Math.cos(t) + NOISE * rng.nextGaussian());
                out[at + 1] = (float) (r * Math.sin(t) + NOISE * rng.nextGaussian());
            }
        }
    }

    /** The FFJORD/TorchCFM checkerboard on [-2, 2]^2, see {@link Datasets#checkerboard()}. */
    static final class Checkerboard extends Generator {
        Checkerboard() {
            super(2, "checkerboard(4x4 unit squares over [-2, 2]^2)");
        }

        @Override
        public void sample(RandomGenerator rng, float[] out, int n) {
            Checks.sampleArguments(rng, out, n, 2);
            for (int i = 0, at = 0; i < n; i++, at += 2) {
                double x1 = 4 * rng.nextDouble() - 2;
                int column = (int) Math.floor(x1);
                int row = (column & 1) - 2 * rng.nextInt(2);
                double x2 = row + rng.nextDouble();
                out[at] = inCell(x1, column);
                out[at + 1] = inCell(x2, row);
            }
        }

        /**
         * {@code v} in [cell, cell + 1) rounded to float32 without leaving the half-open cell
         * (rounding to nearest could otherwise land on cell + 1, the neighbouring white square).
         */
        private static float inCell(double v, int cell) {
            float f = (float) v;
            return f < cell + 1 ? f : Math.nextDown((float) (cell + 1));
        }
    }

    /** The standard normal distribution in R^d, see {@link Datasets#gaussian(int)}. */
    static final class Gaussian extends Generator {
        Gaussian(int dimension) {
            super(dimension, "gaussian(dim=" + dimension + ")");
        }

        @Override
        public void sample(RandomGenerator rng, float[] out, int n) {
            Checks.sampleArguments(rng, out, n, dimension());
            for (int i = 0, m = n * dimension(); i < m; i++) {
                out[i] = (float) rng.nextGaussian();
            }
        }
    }
}
