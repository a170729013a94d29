package io.flowmatch.manifold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.model.Activation;
import io.flowmatch.core.time.TimeSamplers;
import io.flowmatch.core.train.TrainingListener;
import io.flowmatch.core.train.TrainingProgress;
import io.flowmatch.datasets.DataSource;
import io.flowmatch.datasets.Datasets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RiemannianFlowMatcherTest {

    @TempDir
    Path dir;

    private static RiemannianFlowMatcher.Builder small(Manifold m) {
        return RiemannianFlowMatcher.builder().manifold(m).hidden(16, 16).batchSize(32).iterations(30).seed(2L);
    }

    @Test
    void theIssueSnippetCompilesAndRunsWithDefaults() {
        INDArray points = ManifoldDatasets.vonMisesFisherMixture(50, SphereFlowTest.MEANS).sample(500, 1L);
        RiemannianFlowModel model = RiemannianFlowMatcher.builder()
                .manifold(Manifolds.sphere(3))
                .data(points)
                .iterations(20)
                .seed(1L)
                .train();
        INDArray x = model.sample(100, 10, 7L);
        assertThat(x.shape()).containsExactly(100, 3);
        assertThat(model.logLikelihood(x, ManifoldSolvers.defaultSolver(), 4)).hasSize(100);
        assertThat(model.recipe().hidden()).containsExactly(64, 64, 64);
        assertThat(model.provenance()).containsEntry("data", "array(500x3)").containsEntry("steps_done", "20");
        assertThat(model.sample(5)).isEqualTo(model.sample(5, ManifoldSolvers.defaultSolver(),
                RiemannianFlowModel.DEFAULT_STEPS, 1L));
        INDArray v = model.velocity(0.5, x);
        double[] tangent = SphereFlowTest.flat(v);
        double[] p = SphereFlowTest.flat(x);
        for (int i = 0; i < 100; i++) {
            double dot = tangent[3 * i] * p[3 * i] + tangent[3 * i + 1] * p[3 * i + 1] + tangent[3 * i + 2] * p[3 * i + 2];
            assertThat(Math.abs(dot)).isLessThan(1e-5);
        }
    }

    @Test
    void dataOffTheSphereAreAnErrorNamingTheRow() {
        INDArray points = Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1.01}});
        assertThatThrownBy(() -> small(Manifolds.sphere(3)).data(points).train())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data row 2").hasMessageContaining("norm is 1.01");
        INDArray nan = Nd4j.createFromArray(new double[][] {{1, 0, 0}, {Double.NaN, 1, 0}});
        assertThatThrownBy(() -> small(Manifolds.sphere(3)).data(nan).train())
                .hasMessageContaining("data row 1 has NaN in column 0");
        assertThatThrownBy(() -> small(Manifolds.sphere(3)).data(Nd4j.zeros(4, 2)).train())
                .hasMessageContaining("[n, 3]");
        // a loaded point set is checked whole, naming its row
        assertThatThrownBy(() -> small(Manifolds.sphere(3)).data(Datasets.of(points)).train())
                .hasMessageContaining("row 2").hasMessageContaining("array(3x3)");
        // norms within 1e-3 of 1 are fine (normalised)
        small(Manifolds.sphere(3)).data(Nd4j.createFromArray(new double[][] {{1.0005, 0, 0}, {0, 0.9995, 0}})).train();
    }

    @Test
    void anglesOutsideTheRangeAreAnErrorUnlessWrapped() {
        INDArray angles = Nd4j.createFromArray(new double[][] {{0, 1}, {2, 3.5}, {-3, 0}});
        assertThatThrownBy(() -> small(Manifolds.torus(2)).data(angles).train())
                .hasMessageContaining("data row 1, column 1").hasMessageContaining("3.5")
                .hasMessageContaining("wrap angles");
        RiemannianFlowModel wrapped = small(Manifolds.torus(2)).wrapAngles(true).data(angles.mul(5)).train();
        assertThat(wrapped.recipe().wrapAngles()).isTrue();
        // the model wraps the points it is asked about too
        double[] a = wrapped.logLikelihood(Nd4j.createFromArray(new double[][] {{7.0, -1.0}}),
                ManifoldSolvers.defaultSolver(), 4);
        double[] b = wrapped.logLikelihood(Nd4j.createFromArray(new double[][] {{7.0 - 2 * Math.PI, -1.0}}),
                ManifoldSolvers.defaultSolver(), 4);
        assertThat(a[0]).isCloseTo(b[0], org.assertj.core.api.Assertions.within(1e-9));
        assertThatThrownBy(() -> small(Manifolds.torus(2)).wrapAngles(true)
                .data(Nd4j.createFromArray(new double[][] {{0, Double.POSITIVE_INFINITY}})).train())
                .hasMessageContaining("row 0 has Infinity in column 1");
    }

    @Test
    void aGeneratorOffTheManifoldIsCaughtBeforeTraining() {
        DataSource bad = new DataSource() {
            @Override
            public int dimension() {
                return 3;
            }

            @Override
            public void sample(RandomGenerator rng, float[] out, int n) {
                for (int i = 0; i < n * 3; i++) {
                    out[i] = 0.5f;
                }
            }

            @Override
            public String description() {
                return "halves";
            }
        };
        assertThatThrownBy(() -> small(Manifolds.sphere(3)).data(bad).train())
                .hasMessageContaining("probe sample of data halves").hasMessageContaining("row 0");
    }

    @Test
    void aGeneratorThatLeavesTheManifoldLaterStopsTrainingWithTheSameKindOfError() {
        AtomicInteger drawn = new AtomicInteger();
        DataSource drifting = new DataSource() {
            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public void sample(RandomGenerator rng, float[] out, int n) {
                for (int i = 0; i < n; i++) {
                    // fine for the probe, then an angle outside [-pi, pi]
                    out[2 * i] = drawn.incrementAndGet() > RiemannianFlowMatcher.PROBE_POINTS + 100 ? 4f : 1f;
                    out[2 * i + 1] = 0f;
                }
            }

            @Override
            public String description() {
                return "drifting";
            }
        };
        assertThatThrownBy(() -> small(Manifolds.torus(2)).data(drifting).train())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a batch drawn from drifting").hasMessageContaining("column 0");
    }

    @Test
    void settersCheckAtOnce() {
        assertThatThrownBy(() -> RiemannianFlowMatcher.builder().manifold(Manifolds.sphere(3)).wrapAngles(true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sphere:3");
        assertThatThrownBy(() -> RiemannianFlowMatcher.builder().features(Features.ANGLES).manifold(Manifolds.sphere(3)))
                .hasMessageContaining("angles").hasMessageContaining("sphere:3");
        assertThatThrownBy(() -> RiemannianFlowMatcher.builder().hidden(0)).hasMessageContaining("0");
        assertThatThrownBy(() -> RiemannianFlowMatcher.builder().iterations(-1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> RiemannianFlowMatcher.builder().manifold(null)).hasMessageContaining("null");
        assertThatThrownBy(() -> RiemannianFlowMatcher.builder().data((INDArray) null)).hasMessageContaining("null");
        assertThatThrownBy(() -> RiemannianFlowMatcher.builder().data(Nd4j.zeros(3)))
                .hasMessageContaining("2-D");
        assertThatThrownBy(() -> RiemannianFlowMatcher.builder().data(Nd4j.zeros(3, 3)).train())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("manifold");
        assertThatThrownBy(() -> RiemannianFlowMatcher.builder().manifold(Manifolds.torus(2)).train())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("data");
    }

    @Test
    void recipeTextFormRoundTrips() {
        RiemannianRecipe recipe = RiemannianRecipe.builder().manifold(Manifolds.torus(3)).features(Features.ANGLES)
                .hidden(32, 16).activation(Activation.GELU).timeSampler(TimeSamplers.logitNormal(0.5, 1.0))
                .wrapAngles(true).iterations(123).batchSize(64).seed(9L).ema(0.95).build();
        Map<String, String> map = recipe.toMap();
        assertThat(map).containsEntry("manifold", "torus:3").containsEntry("features", "angles")
                .containsEntry("hidden", "32,16").containsEntry("wrap_angles", "true").containsEntry("iterations", "123");
        assertThat(RiemannianRecipe.fromMap(map)).isEqualTo(recipe);
        assertThat(recipe.toBuilder().build()).isEqualTo(recipe);
        // absent keys take the defaults, the manifold is required, unknown keys and bad values are named
        RiemannianRecipe minimal = RiemannianRecipe.fromMap(Map.of("manifold", "sphere:3"));
        assertThat(minimal).isEqualTo(RiemannianRecipe.builder().manifold(Manifolds.sphere(3)).build());
        assertThat(minimal.training().emaDecay()).isEqualTo(0.99);
        assertThatThrownBy(() -> RiemannianRecipe.fromMap(Map.of("hidden", "8"))).hasMessageContaining("manifold");
        Map<String, String> unknown = new LinkedHashMap<>(map);
        unknown.put("colour", "blue");
        assertThatThrownBy(() -> RiemannianRecipe.fromMap(unknown)).hasMessageContaining("colour");
        Map<String, String> bad = new LinkedHashMap<>(map);
        bad.put("hidden", "32,x");
        assertThatThrownBy(() -> RiemannianRecipe.fromMap(bad)).hasMessageContaining("hidden").hasMessageContaining("x");
        Map<String, String> sphereAngles = new LinkedHashMap<>(map);
        sphereAngles.put("manifold", "sphere:3");
        assertThatThrownBy(() -> RiemannianRecipe.fromMap(sphereAngles)).hasMessageContaining("sphere:3");
        assertThatThrownBy(() -> RiemannianRecipe.builder().build()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aResumedRunIsBitIdenticalToAnUninterruptedOne() {
        DataSource data = ManifoldDatasets.wrappedGaussianMixture(0.5, new double[] {3, 3});
        Path checkpoint = dir.resolve("run.ckpt");
        RiemannianFlowModel whole = small(Manifolds.torus(2)).data(data).iterations(40).ema(0.9).train();
        small(Manifolds.torus(2)).data(data).iterations(20).ema(0.9).checkpoints(checkpoint, 20).train();
        AtomicInteger steps = new AtomicInteger();
        RiemannianFlowModel resumed = small(Manifolds.torus(2)).data(data).iterations(40).ema(0.9)
                .resumeFrom(checkpoint).listener(new TrainingListener() {
                    @Override
                    public void onStep(TrainingProgress progress) {
                        steps.incrementAndGet();
                    }
                }).train();
        assertThat(steps.get()).isEqualTo(20);
        assertThat(resumed.trainedVelocityModel().parameters()).isEqualTo(whole.trainedVelocityModel().parameters());
        assertThat(resumed.velocityModel().parameters()).isEqualTo(whole.velocityModel().parameters());
        assertThat(resumed.provenance()).containsEntry("resumed_from", "run.ckpt");
        // a checkpoint of another recipe is refused
        assertThatThrownBy(() -> small(Manifolds.torus(2)).data(data).iterations(40).ema(0.9).hidden(8)
                .resumeFrom(checkpoint).train()).isInstanceOf(IllegalArgumentException.class);
    }
}
