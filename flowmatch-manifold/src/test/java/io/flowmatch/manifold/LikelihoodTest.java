package io.flowmatch.manifold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowmatch.core.model.MlpVelocityModel;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LikelihoodTest {

    private static final Logger LOG = LoggerFactory.getLogger(LikelihoodTest.class);

    /** N points spread evenly over S^2 (the Fibonacci lattice): each stands for an area of 4 pi / N. */
    static INDArray fibonacciSphere(int n) {
        double[][] x = new double[n][];
        double golden = Math.PI * (3 - Math.sqrt(5));
        for (int i = 0; i < n; i++) {
            double z = 1 - (2 * i + 1.0) / n;
            double r = Math.sqrt(1 - z * z);
            x[i] = new double[] {r * Math.cos(golden * i), r * Math.sin(golden * i), z};
        }
        return Nd4j.createFromArray(x);
    }

    /** An m x m grid over [-pi, pi)^2: each point stands for an area of (2 pi / m)^2. */
    static INDArray torusGrid(int m) {
        double[][] x = new double[m * m][];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                x[i * m + j] = new double[] {-Math.PI + 2 * Math.PI * i / m, -Math.PI + 2 * Math.PI * j / m};
            }
        }
        return Nd4j.createFromArray(x);
    }

    /** The integral of exp(logp) over the manifold by the quadrature whose points are {@code nodes}. */
    static double integral(RiemannianFlowModel model, INDArray nodes, int steps) {
        double[] logp = model.logLikelihood(nodes, ManifoldSolvers.defaultSolver(), steps);
        double sum = 0;
        for (double l : logp) {
            sum += Math.exp(l);
        }
        return sum * model.manifold().volume() / logp.length;
    }

    /** A model whose network is the initial one with its output layer scaled: a non-trivial density. */
    static RiemannianFlowModel randomModel(Manifold manifold, Features features, double outputScale) {
        RiemannianRecipe recipe = RiemannianRecipe.builder().manifold(manifold).features(features).seed(4L).build();
        MlpVelocityModel init = MlpVelocityModel.initialise(recipe.architecture(), DataType.FLOAT, 4L);
        INDArray p = init.parameters().dup();
        long last = (recipe.architecture().hiddenWidths().get(2) + 1L) * recipe.architecture().dimension();
        long count = p.length();
        for (long i = count - last; i < count; i++) {
            p.putScalar(i, p.getDouble(i) * outputScale);
        }
        MlpVelocityModel net = MlpVelocityModel.of(recipe.architecture(), p);
        return RiemannianFlowModel.of(recipe, net, null, Map.of());
    }

    @Test
    void aZeroFieldIsTheUniformDensity() {
        for (Manifold m : new Manifold[] {Manifolds.sphere(3), Manifolds.torus(2)}) {
            RiemannianFlowModel zero = randomModel(m, Features.EMBEDDED, 0.0);
            INDArray x = ManifoldDatasets.uniform(m).sample(100, 3L);
            for (double l : zero.logLikelihood(x)) {
                assertThat(l).isEqualTo(-Math.log(m.volume()));
            }
            // and its samples are its uniform starting points
            INDArray s = zero.sample(100, 5, 9L);
            double[] start = new double[100 * m.dimension()];
            m.sampleUniform(new java.util.SplittableRandom(9L), start, 100);
            assertThat(ManifoldTest.maxDiff(s.castTo(DataType.DOUBLE).dup('c').data().asDouble(), start)).isLessThan(1e-6);
        }
    }

    @Test
    void densityOfAnUntrainedFlowIntegratesToOneOnTheSphere() {
        RiemannianFlowModel model = randomModel(Manifolds.sphere(3), Features.EMBEDDED, 4.0);
        INDArray nodes = fibonacciSphere(1500);
        double[] logp = model.logLikelihood(nodes, ManifoldSolvers.defaultSolver(), 20);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logp) {
            min = Math.min(min, l);
            max = Math.max(max, l);
        }
        double integral = integral(model, nodes, 20);
        LOG.info("untrained flow on S^2: log-density from {} to {}, integral {}", String.format("%.3f", min),
                String.format("%.3f", max), String.format("%.5f", integral));
        // a density that is far from uniform (else the check would be empty) and still integrates to 1
        assertThat(max - min).isGreaterThan(1.0);
        assertThat(integral).isCloseTo(1.0, within(0.01));
    }

    @Test
    void densityOfAnUntrainedFlowIntegratesToOneOnTheTorus() {
        for (Features features : Features.values()) {
            RiemannianFlowModel model = randomModel(Manifolds.torus(2), features, 4.0);
            INDArray grid = torusGrid(32);
            double[] logp = model.logLikelihood(grid, ManifoldSolvers.defaultSolver(), 20);
            double spread = java.util.Arrays.stream(logp).max().getAsDouble()
                    - java.util.Arrays.stream(logp).min().getAsDouble();
            double integral = 0;
            for (double l : logp) {
                integral += Math.exp(l) * model.manifold().volume() / logp.length;
            }
            LOG.info("untrained flow on T^2 ({} features): log-density spread {}, integral {}", features.label(),
                    String.format("%.3f", spread), String.format("%.5f", integral));
            if (features == Features.EMBEDDED) {
                assertThat(spread).isGreaterThan(1.0);
                assertThat(integral).isCloseTo(1.0, within(0.01));
            }
            // with raw angles the field jumps at the seam, a source or sink no divergence sees: not normalised
        }
    }

    @Test
    void pointsOffTheManifoldAreRefusedNamingTheRow() {
        RiemannianFlowModel model = randomModel(Manifolds.sphere(3), Features.EMBEDDED, 1.0);
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0, 2, 0}});
        assertThatThrownBy(() -> model.logLikelihood(x)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x row 1").hasMessageContaining("norm is 2");
        assertThatThrownBy(() -> model.logLikelihood(Nd4j.zeros(2, 2))).hasMessageContaining("[n, 3]");
        RiemannianFlowModel torus = randomModel(Manifolds.torus(2), Features.EMBEDDED, 1.0);
        assertThatThrownBy(() -> torus.logLikelihood(Nd4j.createFromArray(new double[][] {{0, 4}})))
                .hasMessageContaining("x row 0, column 1");
    }
}
