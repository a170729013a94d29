package io.flowmatch.manifold;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmatch.datasets.DataSource;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The manifold lines of the public contract (shared/API.md), compiled exactly as written. */
class ApiSnippetTest {

    @TempDir
    Path dir;

    /** Verbatim from the contract; compiled, and run below with fewer iterations. */
    @SuppressWarnings("unused")
    static void contract(INDArray points, Path path) {
        // manifolds: Manifolds.sphere(3) (S^2 in R^3), Manifolds.torus(k) (k angles in [-pi, pi))
        RiemannianFlowModel r = RiemannianFlowMatcher.builder().manifold(Manifolds.sphere(3)).data(points /* INDArray [n,3] or DataSource */)
                .iterations(5_000).seed(1L).train();
        INDArray x = r.sample(10_000, 100, 7L);          // n, steps, seed
        double[] logp = r.logLikelihood(x);
        r.save(path);  RiemannianFlowModel.load(path);
    }

    @Test
    void theContractRunsWithADataSourceToo() {
        DataSource points = ManifoldDatasets.vonMisesFisherMixture(20, new double[] {0, 0, 1});
        Path path = dir.resolve("r.flow");
        RiemannianFlowModel r = RiemannianFlowMatcher.builder().manifold(Manifolds.sphere(3)).data(points)
                .iterations(10).seed(1L).train();
        INDArray x = r.sample(200, 10, 7L);
        double[] logp = r.logLikelihood(x);
        r.save(path);
        assertThat(RiemannianFlowModel.load(path).sample(200, 10, 7L)).isEqualTo(x);
        assertThat(logp).hasSize(200);
        assertThat(x.shape()).containsExactly(200, 3);
    }
}
