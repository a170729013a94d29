package io.flowmatch.manifold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowmatch.core.model.MlpVelocityModel;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The network's output is projected onto the tangent space; these tests check that gradients and divergences go through it correctly. */
class ProjectionGradientTest {

    private static final List<RiemannianRecipe> RECIPES = List.of(
            RiemannianRecipe.builder().manifold(Manifolds.sphere(3)).hidden(16, 16).batchSize(64).build(),
            RiemannianRecipe.builder().manifold(Manifolds.torus(2)).hidden(16, 16).batchSize(64).build(),
            RiemannianRecipe.builder().manifold(Manifolds.torus(2)).features(Features.ANGLES).hidden(16, 16)
                    .batchSize(64).build());

    @Test
    void readOutAdjointIsTheTransposeOfTheReadOut() {
        SplittableRandom rng = new SplittableRandom(1);
        for (RiemannianRecipe recipe : RECIPES) {
            Embedding emb = recipe.embedding();
            int d = emb.dimension();
            int e = emb.features();
            double[] x = ManifoldTest.uniform(recipe.manifold(), 1, rng.nextLong());
            for (int trial = 0; trial < 100; trial++) {
                double[] o = gaussian(rng, e);
                double[] g = gaussian(rng, d);
                double[] v = new double[d];
                double[] go = new double[e];
                emb.readOut(x, 0, o, 0, v, 0);
                emb.readOutAdjoint(x, 0, g, 0, go, 0);
                assertThat(dot(v, g)).as("%s", recipe.manifold()).isCloseTo(dot(o, go), within(1e-12));
                // the read-out is tangent, and a tangent basis reads out to itself
                double[] proj = new double[d];
                recipe.manifold().projectTangent(x, v, proj, 1);
                assertThat(ManifoldTest.maxDiff(proj, v)).isLessThanOrEqualTo(1e-12);
            }
        }
    }

    @Test
    void parameterGradientMatchesFiniteDifferencesThroughTheProjection() {
        for (RiemannianRecipe recipe : RECIPES) {
            MlpVelocityModel model = MlpVelocityModel.initialise(recipe.architecture(), DataType.FLOAT, 3L);
            RiemannianFlowMatchingObjective objective = new RiemannianFlowMatchingObjective(recipe, model,
                    ManifoldDatasets.uniform(recipe.manifold()));
            INDArray gradient = Nd4j.create(DataType.FLOAT, model.parameterCount());
            objective.lossAndGradient(new SplittableRandom(7), gradient);
            float[] g = gradient.toFloatVector();
            INDArray p = model.parameters();
            long count = model.parameterCount();
            double eps = 1e-2;
            INDArray scratch = Nd4j.create(DataType.FLOAT, count);
            // the output layer (which the projection acts on directly) and a spread of the others
            for (long i = count - 1; i >= 0; i -= (i > count - 40 ? 3 : 97)) {
                float saved = p.getFloat(i);
                p.putScalar(i, saved + eps);
                double up = objective.lossAndGradient(new SplittableRandom(7), scratch);
                p.putScalar(i, saved - eps);
                double down = objective.lossAndGradient(new SplittableRandom(7), scratch);
                p.putScalar(i, saved);
                double fd = (up - down) / (2 * eps);
                assertThat((double) g[(int) i]).as("%s parameter %d", recipe.manifold(), i)
                        .isCloseTo(fd, within(2e-3 + 2e-2 * Math.abs(fd)));
            }
        }
    }

    @Test
    void riemannianDivergenceMatchesFiniteDifferencesAlongTheManifold() {
        SplittableRandom rng = new SplittableRandom(11);
        for (RiemannianRecipe recipe : RECIPES) {
            Manifold m = recipe.manifold();
            Embedding emb = recipe.embedding();
            MlpVelocityModel model = MlpVelocityModel.initialise(recipe.architecture(), DataType.FLOAT, 5L);
            int d = m.dimension();
            int k = m.intrinsicDimension();
            int n = 50;
            double[] x = ManifoldTest.uniform(m, n, rng.nextLong());
            DivergenceField field = new DivergenceField(model, emb, n);
            double[] v = new double[n * d];
            double[] div = new double[n];
            double t = 0.37;
            field.evaluate(t, x, v, div, n);
            // an orthonormal tangent basis in point coordinates, and the field at x +- h b
            double h = 1e-5;
            double[] fd = new double[n];
            double[] basis = new double[n * k * emb.features()];
            for (int i = 0; i < n; i++) {
                emb.tangentBasis(x, i * d, basis, i * k * emb.features());
            }
            for (int q = 0; q < k; q++) {
                double[] b = new double[n * d];
                for (int i = 0; i < n; i++) {
                    double[] pointBasis = new double[d];
                    if (m instanceof Sphere) {
                        System.arraycopy(basis, (i * k + q) * d, pointBasis, 0, d);
                    } else {
                        pointBasis[q] = 1; // the flat torus: the angle directions
                    }
                    System.arraycopy(pointBasis, 0, b, i * d, d);
                }
                double[] step = new double[n * d];
                double[] plus = new double[n * d];
                double[] minus = new double[n * d];
                for (int j = 0; j < step.length; j++) {
                    step[j] = h * b[j];
                }
                m.exp(x, step, plus, n);
                for (int j = 0; j < step.length; j++) {
                    step[j] = -step[j];
                }
                m.exp(x, step, minus, n);
                double[] vp = new double[n * d];
                double[] vm = new double[n * d];
                double[] ignored = new double[n];
                field.evaluate(t, plus, vp, ignored, n);
                field.evaluate(t, minus, vm, ignored, n);
                for (int i = 0; i < n; i++) {
                    for (int j = i * d; j < (i + 1) * d; j++) {
                        fd[i] += b[j] * (vp[j] - vm[j]) / (2 * h);
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                assertThat(div[i]).as("%s %s row %d", m, recipe.features(), i).isCloseTo(fd[i], within(1e-6));
            }
            // and the double-precision field is the sampler's float32 field
            double[] vf = new double[n * d];
            new ModelField(model, emb, n).evaluate(t, x, vf, n);
            assertThat(ManifoldTest.maxDiff(vf, v)).isLessThanOrEqualTo(1e-5);
        }
    }

    private static double[] gaussian(SplittableRandom rng, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextGaussian();
        }
        return a;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
