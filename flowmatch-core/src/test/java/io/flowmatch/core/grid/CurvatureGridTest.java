package io.flowmatch.core.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.metrics.SampleDistances;
import io.flowmatch.core.train.LearningRateSchedule;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import io.flowmatch.solvers.TimeGrid;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class CurvatureGridTest {

    @Test
    void gridFollowsTheDensity() {
        // density 3 on the second half, 1 on the first: with 4 steps, one step in [0, 0.5)
        // covers a quarter of the mass: 0.5 * 1 / 2 = 0.25 is exactly the first half
        TimeGrid grid = CurvatureGrid.fromDensity(new double[] {1, 3}, 0, 4);
        assertThat(grid.times()).hasSize(5);
        assertThat(grid.time(0)).isEqualTo(0.0);
        assertThat(grid.time(1)).isCloseTo(0.5, within(1e-12));
        assertThat(grid.time(2)).isCloseTo(0.5 + 0.5 / 3, within(1e-12));
        assertThat(grid.time(4)).isEqualTo(1.0);
        TimeGrid flat = CurvatureGrid.fromDensity(new double[] {2, 2, 2, 2}, 0.1, 2);
        assertThat(flat.time(1)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void aFittedGridBeatsTheUniformOneAtFewEulerSteps() {
        FlowModel model = FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(2_000)
                .schedule(LearningRateSchedule.cosine(0.0)).seed(4L).logEvery(10_000).train();
        INDArray truth = Datasets.moons(0.05).sample(1000, 99L);
        TimeGrid fitted = CurvatureGrid.fit(model, 6, 1L);
        double uniform = SampleDistances.wasserstein2(model.sample(1000, Solvers.euler(), 6, 5L), truth);
        double curved = SampleDistances.wasserstein2(model.sample(1000, Solvers.euler(), fitted, 5L), truth);
        // measured: fitted [0, 0.198, 0.396, 0.558, 0.698, 0.837, 1] gives 0.2369 against 0.2398
        // uniform - a small gain on this flow, whose bending is spread over the whole path
        assertThat(curved).as("W2 on the fitted grid vs uniform %s", uniform).isLessThan(uniform);
        assertThatThrownBy(() -> CurvatureGrid.fit(model, 0, 1L)).hasMessageContaining("steps");
        assertThatThrownBy(() -> model.sample(10, Solvers.euler(), TimeGrid.of(0, 0.5), 1L))
                .hasMessageContaining("from 0 to 1");
    }
}
