package io.flowmatch.manifold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.datasets.DataSource;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A flow trained on a wrapped Gaussian mixture on the 2-torus whose modes straddle the +-pi seam,
 * judged against the true distribution and against a Euclidean flow on the raw angles.
 */
class TorusFlowTest {

    private static final Logger LOG = LoggerFactory.getLogger(TorusFlowTest.class);

    static final double PI = Math.PI;
    /** Three modes on the seam (one on each circle's, one on both) and one away from it. */
    static final double[][] MEANS = {{PI, 0}, {0, PI}, {PI, PI}, {-1.5, -1.5}};
    static final DataSource DATA = ManifoldDatasets.wrappedGaussianMixture(0.4, MEANS);
    static final FlatTorus T2 = Manifolds.torus(2);
    static final int N = 10_000;
    static final long ITERATIONS = 3_000;

    private static INDArray fresh;
    private static double floor;
    private static INDArray samples;
    private static double energy;

    @BeforeAll
    static void trainAndSample() {
        RiemannianFlowModel model = RiemannianFlowMatcher.builder()
                .manifold(T2)
                .data(DATA)
                .iterations(ITERATIONS)
                .seed(1L)
                .train();
        samples = model.sample(N, 20, 7L);
        fresh = DATA.sample(N, 100L);
        floor = ManifoldMetrics.energyDistance(T2, fresh, DATA.sample(N, 200L), ManifoldMetrics.Distance.GEODESIC);
        energy = ManifoldMetrics.energyDistance(T2, samples, fresh, ManifoldMetrics.Distance.GEODESIC);
    }

    /** The fraction of points with an angle within {@code band} of the seam. */
    static double seamFraction(INDArray x, double band) {
        double[] f = SphereFlowTest.flat(x);
        int count = 0;
        for (int i = 0; i < f.length / 2; i++) {
            if (Math.abs(f[2 * i]) > PI - band || Math.abs(f[2 * i + 1]) > PI - band) {
                count++;
            }
        }
        return count / (double) (f.length / 2);
    }

    @Test
    void samplesMatchTheDataAcrossTheSeam() {
        for (double a : SphereFlowTest.flat(samples)) {
            assertThat(a).isGreaterThanOrEqualTo(-PI).isLessThan(PI);
        }
        double seamModel = seamFraction(samples, 0.1);
        double seamData = seamFraction(fresh, 0.1);
        LOG.info("wrapped energy distance to fresh data: model {}, floor {}, ratio {}; within 0.1 of the seam: model {}, "
                + "data {}", String.format("%.3e", energy), String.format("%.3e", floor),
                String.format("%.2f", energy / floor), String.format("%.4f", seamModel), String.format("%.4f", seamData));
        assertThat(energy).isLessThanOrEqualTo(3 * floor);
        // no mass piles up at (or is pushed away from) the seam: the band holds what the data put there
        assertThat(seamModel).isCloseTo(seamData, within(0.02));
    }

    @Test
    void aEuclideanFlowOnTheRawAnglesTearsTheModesAtTheSeam() {
        FlowModel euclidean = FlowMatcher.builder()
                .data(Datasets.of(DATA.sample(20_000, 9L)))
                .iterations(ITERATIONS)
                .seed(1L)
                .train();
        double[] raw = SphereFlowTest.flat(euclidean.sample(N, Solvers.midpoint(), 20, 7L));
        T2.projectPoints(raw, raw, N); // wrap what left [-pi, pi)
        INDArray wrapped = RiemannianFlowModel.toFloat(T2, raw, N);
        double euclideanEnergy = ManifoldMetrics.energyDistance(T2, wrapped, fresh, ManifoldMetrics.Distance.GEODESIC);
        LOG.info("Euclidean flow on raw angles, wrapped: energy {} ({}x the floor; Riemannian {}x), within 0.1 of the "
                + "seam {}", String.format("%.3e", euclideanEnergy), String.format("%.2f", euclideanEnergy / floor),
                String.format("%.2f", energy / floor), String.format("%.4f", seamFraction(wrapped, 0.1)));
        assertThat(euclideanEnergy).isGreaterThan(3 * floor).isGreaterThan(4 * energy);
    }
}
