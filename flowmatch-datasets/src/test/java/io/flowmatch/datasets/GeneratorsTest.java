package io.flowmatch.datasets;

import static io.flowmatch.datasets.Stats.assertFraction;
import static io.flowmatch.datasets.Stats.assertMean;
import static io.flowmatch.datasets.Stats.assertVariance;
import static io.flowmatch.datasets.Stats.column;
import static io.flowmatch.datasets.Stats.radii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Every generator: shape, reproducibility, argument checks, and its moments and geometry. */
class GeneratorsTest {

    private static final int N = 40_000;

    static Stream<Arguments> generators() {
        return Stream.of(
                Arguments.of(Datasets.moons(0.05), 2, "moons(noise=0.05)"),
                Arguments.of(Datasets.spiral(), 2, "spiral(turns=3, noise=0.1)"),
                Arguments.of(Datasets.annulus(), 2, "annulus(rmin=2, rmax=3)"),
                Arguments.of(Datasets.eightGaussians(), 2, "eightGaussians(radius=5, std=0.5)"),
                Arguments.of(Datasets.circles(), 2, "circles(r1=1, r2=0.5, noise=0.05)"),
                Arguments.of(Datasets.swissRoll(), 2, "swissRoll(scale=0.2, noise=0.1)"),
                Arguments.of(Datasets.checkerboard(), 2, "checkerboard(4x4 unit squares over [-2, 2]^2)"),
                Arguments.of(Datasets.gaussian(5), 5, "gaussian(dim=5)"));
    }

    private static float[] draw(DataSource source, long seed) {
        float[] out = new float[N * source.dimension()];
        source.sample(new SplittableRandom(seed), out, N);
        return out;
    }

    @ParameterizedTest
    @MethodSource("generators")
    void hasItsDimensionShapeAndDescription(DataSource source, int dimension, String description) {
        assertThat(source.dimension()).isEqualTo(dimension);
        assertThat(source.description()).isEqualTo(description);
        assertThat(source).hasToString(description);
        INDArray batch = source.sample(100, 3L);
        assertThat(batch.shape()).containsExactly(100, dimension);
        assertThat(batch.dataType()).isEqualTo(DataType.FLOAT);
        for (float v : draw(source, 1L)) {
            assertThat(Float.isFinite(v)).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("generators")
    void sameSeedSamePointsOtherSeedOtherPoints(DataSource source, int dimension, String description) {
        float[] a = new float[500 * dimension];
        float[] b = new float[500 * dimension];
        float[] c = new float[500 * dimension];
        source.sample(new SplittableRandom(11), a, 500);
        source.sample(new SplittableRandom(11), b, 500);
        source.sample(new SplittableRandom(12), c, 500);
        assertThat(b).containsExactly(a);
        assertThat(Arrays.equals(a, c)).isFalse();

        RandomGeneratorFactory<RandomGenerator> lxm = RandomGeneratorFactory.of("L64X128MixRandom");
        float[] d = new float[500 * dimension];
        float[] e = new float[500 * dimension];
        source.sample(lxm.create(5), d, 500);
        source.sample(lxm.create(5), e, 500);
        assertThat(e).containsExactly(d);

        // the INDArray default draws the same points as the float[] method from the same seed
        float[] viaArray = source.sample(500, 11L).data().asFloat();
        assertThat(viaArray).containsExactly(a);
    }

    @ParameterizedTest
    @MethodSource("generators")
    void writesOnlyTheFirstNPointsAndChecksItsArguments(DataSource source, int dimension, String description) {
        float[] out = new float[10 * dimension + 3];
        Arrays.fill(out, -7f);
        source.sample(new SplittableRandom(1), out, 10);
        for (int i = 10 * dimension; i < out.length; i++) {
            assertThat(out[i]).isEqualTo(-7f);
        }
        float[] untouched = new float[4];
        source.sample(new SplittableRandom(1), untouched, 0);
        assertThat(untouched).containsOnly(0f);
        source.sample(new SplittableRandom(1), new float[0], 0);

        SplittableRandom rng = new SplittableRandom(1);
        assertThatThrownBy(() -> source.sample(rng, new float[10 * dimension], -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative, got -1");
        assertThatThrownBy(() -> source.sample(rng, new float[3 * dimension - 1], 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too short")
                .hasMessageContaining("holds " + (3 * dimension - 1) + " values")
                .hasMessageContaining("need " + 3 * dimension);
        assertThatThrownBy(() -> source.sample(rng, null, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out must not be null");
        assertThatThrownBy(() -> source.sample(null, new float[dimension], 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rng must not be null");
        assertThatThrownBy(() -> source.sample(0, 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
    }

    @ParameterizedTest
    @MethodSource("generators")
    void samplingAllocatesNothing(DataSource source, int dimension, String description) {
        assertThat(Allocation.bytesDuring(source, 100_000)).as("bytes allocated drawing 100k points").isLessThan(1024);
    }

    @Test
    void moonsHaveTheirMeanVarianceAndArcs() {
        double noise = 0.3;
        float[] p = draw(Datasets.moons(noise), 1L);
        assertMean("x", column(p, 0, 2), 0.5);
        assertMean("y", column(p, 1, 2), 0.25);
        // x is cos(theta) or 1 - cos(theta) with probability 1/2: E[x^2] = 1, Var = 3/4, plus the noise
        assertVariance("x", column(p, 0, 2), 0.75 + noise * noise);

        float[] clean = draw(Datasets.moons(0), 2L);
        int outer = 0;
        double[] outerX = new double[N];
        int k = 0;
        for (int i = 0; i < N; i++) {
            double x = clean[2 * i];
            double y = clean[2 * i + 1];
            boolean onOuter = Math.abs(Math.hypot(x, y) - 1) < 1e-6 && y >= 0;
            boolean onInner = Math.abs(Math.hypot(x - 1, y - 0.5) - 1) < 1e-6 && y <= 0.5;
            assertThat(onOuter || onInner).as("(%s, %s) on an arc", x, y).isTrue();
            if (onOuter && !onInner) {
                outer++;
                outerX[k++] = x;
            }
        }
        assertFraction("points on the outer moon", outer, N, 0.5);
        // theta ~ U[0, pi]: E[cos theta] = 0 on the outer moon
        assertMean("x on the outer moon", Arrays.copyOf(outerX, k), 0);
    }

    @Test
    void moonsRejectABadNoise() {
        for (double bad : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Datasets.moons(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("noise").hasMessageContaining("" + bad);
        }
    }

    @Test
    void spiralRadiusIsTheAngleOverTwoPi() {
        float[] p = draw(Datasets.spiral(), 3L);
        double[] r = radii(p);
        // clean radius theta / 2 pi ~ U[0, 3]; noise 0.1 adds about 0.006 to the mean radius
        assertThat(Stats.mean(r)).isCloseTo(1.5, within(
                Stats.Z * Math.sqrt(Stats.variance(r) / N) + 0.01));
        long inner = Arrays.stream(r).filter(v -> v < 1.5).count();
        assertFraction("radius below 1.5", inner, N, 0.5);
        assertThat(Arrays.stream(r).max().getAsDouble()).isBetween(2.9, 3.6);

        // away from the centre, r - phi / 2 pi (phi the polar angle in [0, 2 pi)) is an integer plus
        // the radial noise: its distance to the nearest integer has RMS 0.1 (0.29 for no spiral)
        double sum = 0;
        int m = 0;
        for (int i = 0; i < N; i++) {
            if (r[i] > 1) {
                double phi = Math.atan2(p[2 * i + 1], p[2 * i]);
                double u = r[i] - (phi < 0 ? phi + 2 * Math.PI : phi) / (2 * Math.PI);
                double d = u - Math.rint(u);
                sum += d * d;
                m++;
            }
        }
        assertThat(Math.sqrt(sum / m)).as("RMS distance to the spiral arm").isBetween(0.095, 0.106);
    }

    @Test
    void annulusRadiiAreUniformInTwoToThreeAndAnglesUniform() {
        float[] p = draw(Datasets.annulus(), 4L);
        double[] r = radii(p);
        for (double v : r) {
            assertThat(v).isBetween(2.0 - 1e-6, 3.0 + 1e-6);
        }
        assertMean("radius", r, 2.5);
        assertVariance("radius", r, 1.0 / 12);
        assertFraction("radius below 2.5", Arrays.stream(r).filter(v -> v < 2.5).count(), N, 0.5);
        double[] cos = new double[N];
        double[] sin = new double[N];
        int[] quadrant = new int[4];
        for (int i = 0; i < N; i++) {
            cos[i] = p[2 * i] / r[i];
            sin[i] = p[2 * i + 1] / r[i];
            quadrant[(p[2 * i] >= 0 ? 0 : 1) + (p[2 * i + 1] >= 0 ? 0 : 2)]++;
        }
        assertMean("cos of the angle", cos, 0);
        assertMean("sin of the angle", sin, 0);
        for (int q : quadrant) {
            assertFraction("points in a quadrant", q, N, 0.25);
        }
    }

    @Test
    void eightGaussiansSitAroundTheirCentresInEqualShares() {
        float[] p = draw(Datasets.eightGaussians(), 5L);
        int[] counts = new int[8];
        double[] squared = new double[N];
        double[] dx = new double[N];
        for (int i = 0; i < N; i++) {
            double best = Double.MAX_VALUE;
            int nearest = -1;
            for (int k = 0; k < 8; k++) {
                double d = Math.hypot(p[2 * i] - 5 * Math.cos(k * Math.PI / 4), p[2 * i + 1] - 5 * Math.sin(k * Math.PI / 4));
                if (d < best) {
                    best = d;
                    nearest = k;
                }
            }
            assertThat(best).as("distance to the nearest centre").isLessThan(6 * 0.5);
            counts[nearest]++;
            squared[i] = best * best;
            dx[i] = p[2 * i] - 5 * Math.cos(nearest * Math.PI / 4);
        }
        for (int c : counts) {
            assertFraction("points at one centre", c, N, 1.0 / 8);
        }
        // std 0.5 in each of two coordinates: E|x - centre|^2 = 2 * 0.25
        assertMean("squared distance to the centre", squared, 0.5);
        assertMean("x offset from the centre", dx, 0);
        assertVariance("x offset from the centre", dx, 0.25);
    }

    @Test
    void circlesHaveRadiusOneAndOneHalfWithNoise() {
        float[] p = draw(Datasets.circles(), 6L);
        double[] r = radii(p);
        int outer = 0;
        double outerSquares = 0;
        double innerSquares = 0;
        for (double v : r) {
            double ring = v > 0.75 ? 1 : 0.5;
            assertThat(Math.abs(v - ring)).isLessThan(6 * 0.05);
            if (ring == 1) {
                outer++;
                outerSquares += (v - 1) * (v - 1);
            } else {
                innerSquares += (v - 0.5) * (v - 0.5);
            }
        }
        assertFraction("points on the outer circle", outer, N, 0.5);
        assertThat(Math.sqrt(outerSquares / outer)).as("RMS radial noise, outer").isBetween(0.0485, 0.0515);
        assertThat(Math.sqrt(innerSquares / (N - outer))).as("RMS radial noise, inner").isBetween(0.0485, 0.0515);
        assertMean("x", column(p, 0, 2), 0);
        assertMean("y", column(p, 1, 2), 0);
    }

    @Test
    void swissRollIsTheScaledRollWithinThreeByThree() {
        float[] p = draw(Datasets.swissRoll(), 7L);
        double[] r = radii(p);
        for (double v : r) {
            // clean radius t / 5 in [0.3 pi, 0.9 pi] = [0.94, 2.83], noise 0.1
            assertThat(v).isBetween(0.3 * Math.PI - 0.6, 0.9 * Math.PI + 0.6);
        }
        for (float v : p) {
            assertThat(Math.abs(v)).isLessThan(3.5f);
        }
        double[] sorted = r.clone();
        Arrays.sort(sorted);
        assertThat(sorted[N / 20]).isCloseTo(0.3 * Math.PI + 0.05 * 0.6 * Math.PI, within(0.03));
        assertThat(sorted[N - N / 20]).isCloseTo(0.9 * Math.PI - 0.05 * 0.6 * Math.PI, within(0.03));
        // E[t] / 5 = 3 pi / 5, plus about 0.003 from the noise
        assertThat(Stats.mean(r)).isCloseTo(0.6 * Math.PI, within(
                Stats.Z * Math.sqrt(Stats.variance(r) / N) + 0.006));
        // r - phi / 5 is a multiple of 2 pi / 5 plus the radial noise of RMS 0.1
        double spacing = 2 * Math.PI / 5;
        double sum = 0;
        for (int i = 0; i < N; i++) {
            double phi = Math.atan2(p[2 * i + 1], p[2 * i]);
            double u = (r[i] - (phi < 0 ? phi + 2 * Math.PI : phi) / 5) / spacing;
            double d = (u - Math.rint(u)) * spacing;
            sum += d * d;
        }
        assertThat(Math.sqrt(sum / N)).as("RMS distance to the roll").isBetween(0.095, 0.107);
    }

    @Test
    void checkerboardFillsTheEightBlackUnitSquaresUniformly() {
        float[] p = draw(Datasets.checkerboard(), 8L);
        int[] counts = new int[16];
        double[] fx = new double[N];
        double[] fy = new double[N];
        for (int i = 0; i < N; i++) {
            float x = p[2 * i];
            float y = p[2 * i + 1];
            assertThat(x).isGreaterThanOrEqualTo(-2f).isLessThan(2f);
            assertThat(y).isGreaterThanOrEqualTo(-2f).isLessThan(2f);
            int cx = (int) Math.floor(x);
            int cy = (int) Math.floor(y);
            assertThat(Math.floorMod(cx + cy, 2)).as("square [%s, %s) x [%s, %s) is black", cx, cx + 1, cy, cy + 1)
                    .isZero();
            counts[(cx + 2) * 4 + cy + 2]++;
            fx[i] = x - cx;
            fy[i] = y - cy;
        }
        int used = 0;
        for (int c : counts) {
            if (c > 0) {
                used++;
                assertFraction("points in one black square", c, N, 1.0 / 8);
            }
        }
        assertThat(used).isEqualTo(8);
        assertMean("x within its square", fx, 0.5);
        assertMean("y within its square", fy, 0.5);
        assertVariance("x within its square", fx, 1.0 / 12);
        assertVariance("y within its square", fy, 1.0 / 12);
    }

    @Test
    void gaussianIsStandardNormalWithIndependentCoordinates() {
        int d = 3;
        float[] p = draw(Datasets.gaussian(d), 9L);
        for (int j = 0; j < d; j++) {
            double[] x = column(p, j, d);
            assertMean("coordinate " + j, x, 0);
            assertVariance("coordinate " + j, x, 1);
            assertFraction("|x| < 1", Arrays.stream(x).filter(v -> Math.abs(v) < 1).count(), N, 0.6826894921370859);
        }
        double[] products = new double[N];
        for (int i = 0; i < N; i++) {
            products[i] = p[i * d] * p[i * d + 1];
        }
        assertMean("x0 * x1", products, 0);
        assertThat(Datasets.gaussian(1).dimension()).isEqualTo(1);
        for (int bad : new int[] {0, -3}) {
            assertThatThrownBy(() -> Datasets.gaussian(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1, got " + bad);
        }
    }
}
