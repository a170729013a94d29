package io.flowmatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.io.ModelFormatException;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.datasets.GaussianSource;
import io.flowmatch.solvers.Solvers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class SourceDistributionTest {

    @TempDir
    Path dir;

    @Test
    void aGaussianSourceWithMeanAndCovarianceSurvivesSaveAndLoad() {
        GaussianSource source = Datasets.gaussian(new double[] {1.0, -0.5}, new double[][] {{2.0, 0.3}, {0.3, 0.5}});
        FlowModel model = FlowMatcher.builder().data(Datasets.moons(0.05)).source(source).iterations(50).seed(2L)
                .logEvery(1000).train();
        assertThat(model.hasStandardSource()).isFalse();
        Path file = dir.resolve("m.flow");
        model.save(file);
        FlowModel again = FlowModel.load(file);
        assertThat(again.source().description()).isEqualTo(source.description());
        assertThat(again.sample(100, Solvers.euler(), 10, 3L)).isEqualTo(model.sample(100, Solvers.euler(), 10, 3L));
    }

    @Test
    void theSourceIsWhatSamplingStartsFrom() {
        FlowModel untrained = FlowMatcher.builder().data(Datasets.moons(0.05)).source(Datasets.eightGaussians())
                .iterations(0).seed(2L).train();
        INDArray start = untrained.trajectory(500, Solvers.euler(), 2, 4L).states().get(0);
        INDArray expected = Datasets.eightGaussians().sample(new java.util.SplittableRandom(4L), 500);
        assertThat(start).isEqualTo(expected);
    }

    @Test
    void aCustomSourceMustBeGivenBackWhenLoading() {
        FlowModel model = FlowMatcher.builder().data(Datasets.moons(0.05)).source(Datasets.eightGaussians())
                .iterations(20).seed(2L).logEvery(1000).train();
        Path file = dir.resolve("custom.flow");
        model.save(file);
        assertThatThrownBy(() -> FlowModel.load(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("custom source").hasMessageContaining("eightGaussians");
        FlowModel again = FlowModel.load(file, Datasets.eightGaussians());
        assertThat(again.sample(50, Solvers.euler(), 5, 1L)).isEqualTo(model.sample(50, Solvers.euler(), 5, 1L));
        assertThatThrownBy(() -> FlowModel.load(file, Datasets.gaussian(3))).hasMessageContaining("dimension 3");
    }

    @Test
    void mismatchedSourceDimensionIsRejected() {
        assertThatThrownBy(() -> FlowMatcher.builder().data(Datasets.moons(0.05)).source(Datasets.gaussian(3))
                .iterations(1).train()).hasMessageContaining("source has dimension 3");
    }

    @Test
    void gaussianSourceHasItsMomentsAndRejectsBadCovariances() {
        GaussianSource g = Datasets.gaussian(new double[] {1, 2}, new double[][] {{1.0, 0.8}, {0.8, 1.0}});
        INDArray x = g.sample(100_000, 1L);
        INDArray mean = x.mean(0);
        assertThat(mean.getDouble(0)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(0.02));
        assertThat(mean.getDouble(1)).isCloseTo(2.0, org.assertj.core.api.Assertions.within(0.02));
        INDArray c = x.subRowVector(mean);
        double cov01 = c.getColumn(0).mul(c.getColumn(1)).meanNumber().doubleValue();
        assertThat(cov01).isCloseTo(0.8, org.assertj.core.api.Assertions.within(0.02));
        assertThatThrownBy(() -> Datasets.gaussian(new double[] {0, 0}, new double[][] {{1, 2}, {2, 1}}))
                .hasMessageContaining("not positive definite");
        assertThatThrownBy(() -> Datasets.gaussian(new double[] {0, 0}, new double[][] {{1, 0.1}, {0, 1}}))
                .hasMessageContaining("not symmetric");
        assertThatThrownBy(() -> Datasets.gaussian(new double[] {0}, new double[][] {{1, 0}, {0, 1}}))
                .hasMessageContaining("covariance must be 1 x 1");
    }
}
