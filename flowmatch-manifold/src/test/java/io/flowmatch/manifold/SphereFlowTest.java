package io.flowmatch.manifold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowmatch.datasets.DataSource;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A flow trained on four von Mises-Fisher clusters on S^2 (concentration 50), judged against the true distribution. */
class SphereFlowTest {

    private static final Logger LOG = LoggerFactory.getLogger(SphereFlowTest.class);

    static final double KAPPA = 50;
    /** The vertices of a tetrahedron: four clusters, pairwise 109.5 degrees apart. */
    static final double[][] MEANS = {{1, 1, 1}, {1, -1, -1}, {-1, 1, -1}, {-1, -1, 1}};
    static final DataSource DATA = ManifoldDatasets.vonMisesFisherMixture(KAPPA, MEANS);
    static final Sphere S2 = Manifolds.sphere(3);
    static final int N = 10_000;

    private static RiemannianFlowModel model;
    private static INDArray samples;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        long start = System.nanoTime();
        model = RiemannianFlowMatcher.builder()
                .manifold(S2)
                .data(DATA)
                .iterations(5_000)
                .seed(1L)
                .train();
        LOG.info("trained on {} in {} s", DATA.description(), String.format("%.1f", (System.nanoTime() - start) / 1e9));
        samples = model.sample(N, 20, 7L);
    }

    static double[] flat(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    /** How many of the points lie nearest to each cluster mean. */
    static int[] clusterCounts(INDArray x) {
        double[] f = flat(x);
        int[] counts = new int[MEANS.length];
        for (int i = 0; i < f.length / 3; i++) {
            int best = 0;
            double bestDot = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < MEANS.length; c++) {
                double dot = f[3 * i] * MEANS[c][0] + f[3 * i + 1] * MEANS[c][1] + f[3 * i + 2] * MEANS[c][2];
                if (dot > bestDot) {
                    bestDot = dot;
                    best = c;
                }
            }
            counts[best]++;
        }
        return counts;
    }

    @Test
    void everySampleAndEveryTrajectoryStateIsOnTheSphere() {
        double[] x = flat(samples);
        double worst = 0;
        for (int i = 0; i < N; i++) {
            double norm = Math.sqrt(x[3 * i] * x[3 * i] + x[3 * i + 1] * x[3 * i + 1] + x[3 * i + 2] * x[3 * i + 2]);
            worst = Math.max(worst, Math.abs(norm - 1));
        }
        LOG.info("largest | |x| - 1 | over {} float32 samples: {}", N, worst);
        assertThat(worst).isLessThanOrEqualTo(1e-5);
        for (String solver : new String[] {"euler/geodesic", "rk4/projected"}) {
            List<INDArray> path = model.trajectory(500, ManifoldSolvers.parse(solver), 10, 3L);
            assertThat(path).hasSize(11);
            for (INDArray state : path) {
                double[] s = flat(state);
                for (int i = 0; i < 500; i++) {
                    double norm = Math.sqrt(s[3 * i] * s[3 * i] + s[3 * i + 1] * s[3 * i + 1] + s[3 * i + 2] * s[3 * i + 2]);
                    assertThat(Math.abs(norm - 1)).isLessThanOrEqualTo(1e-5);
                }
            }
            assertThat(path.get(10)).isEqualTo(model.sample(500, ManifoldSolvers.parse(solver), 10, 3L));
        }
    }

    @Test
    void samplesAreWithinThreeTimesTheFloorOfTheEnergyDistance() {
        INDArray fresh = DATA.sample(N, 100L);
        INDArray fresh2 = DATA.sample(N, 200L);
        double floor = ManifoldMetrics.energyDistance(S2, fresh, fresh2, ManifoldMetrics.Distance.CHORDAL);
        double energy = ManifoldMetrics.energyDistance(S2, samples, fresh, ManifoldMetrics.Distance.CHORDAL);
        double uniform = ManifoldMetrics.energyDistance(S2, ManifoldDatasets.uniform(S2).sample(2_000, 5L), fresh,
                ManifoldMetrics.Distance.CHORDAL);
        LOG.info("chordal energy distance to fresh data: model {}, floor (two data samples) {}, ratio {}; uniform {}",
                String.format("%.3e", energy), String.format("%.3e", floor), String.format("%.2f", energy / floor),
                String.format("%.3e", uniform));
        assertThat(energy).isLessThanOrEqualTo(3 * floor);
        assertThat(uniform).isGreaterThan(50 * floor); // what a model that learned nothing scores
        int[] counts = clusterCounts(samples);
        LOG.info("samples nearest each cluster: {}", java.util.Arrays.toString(counts));
        for (int c : counts) {
            assertThat(c).isCloseTo(N / 4, within(N / 40)); // 25 % +- 2.5 %
        }
    }

    @Test
    void densityIntegratesToOneAndMatchesTheTrueDensity() {
        INDArray nodes = LikelihoodTest.fibonacciSphere(3000);
        double integral = LikelihoodTest.integral(model, nodes, 20);
        INDArray fresh = DATA.sample(1000, 300L);
        double[] logp = model.logLikelihood(fresh, ManifoldSolvers.defaultSolver(), 20);
        double[] x = flat(fresh);
        double model = 0;
        double truth = 0;
        for (int i = 0; i < logp.length; i++) {
            model += logp[i] / logp.length;
            truth += ManifoldDatasets.vonMisesFisherLogDensity(KAPPA, MEANS, x, i) / logp.length;
        }
        LOG.info("integral of exp(log-likelihood) over S^2: {}; mean log-likelihood of fresh data {} (true density {}, "
                + "uniform {})", String.format("%.4f", integral), String.format("%.3f", model),
                String.format("%.3f", truth), String.format("%.3f", -Math.log(4 * Math.PI)));
        assertThat(integral).isCloseTo(1.0, within(0.02));
        // the true density is the most any model can score on average (Gibbs); a good model comes close
        assertThat(model).isLessThan(truth + 0.05).isGreaterThan(truth - 0.15);
    }

    @Test
    void savedModelLoadsAndSamplesBitIdentically() {
        Path file = dir.resolve("sphere.flow");
        model.save(file);
        RiemannianFlowModel again = RiemannianFlowModel.load(file);
        assertThat(again.sample(300, 10, 9L)).isEqualTo(model.sample(300, 10, 9L));
        assertThat(again.recipe()).isEqualTo(model.recipe());
        assertThat(again.provenance()).isEqualTo(model.provenance());
        assertThat(again.usesWeightAverage()).isTrue();
        INDArray some = samples.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 50),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertThat(again.logLikelihood(some, ManifoldSolvers.defaultSolver(), 5))
                .isEqualTo(model.logLikelihood(some, ManifoldSolvers.defaultSolver(), 5));
        assertThat(model.provenance()).containsEntry("manifold", "sphere:3").containsEntry("iterations", "5000")
                .containsKeys("data", "final_loss", "train_seconds", "library_version");
    }
}
