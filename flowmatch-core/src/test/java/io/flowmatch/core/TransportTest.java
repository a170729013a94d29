package io.flowmatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import io.flowmatch.solvers.TimeGrid;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TransportTest {

    private static final FlowModel MODEL = FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(20)
            .seed(3L).logEvery(1000).train();

    @Test
    void transportingTheSourceDrawsOfASeedGivesThatSeedsSamplesAcrossChunks() {
        int n = FlowModel.CHUNK_ROWS * 2 + 5;
        INDArray x0 = MODEL.source().sample(new SplittableRandom(9L), n);
        INDArray x0Before = x0.dup();
        INDArray moved = MODEL.transport(x0, Solvers.rk4(), TimeGrid.uniform(0, 1, 6));
        assertThat(moved).isEqualTo(MODEL.sample(n, Solvers.rk4(), 6, 9L));
        assertThat(x0).isEqualTo(x0Before);
        INDArray asDouble = MODEL.transport(x0.castTo(DataType.DOUBLE), Solvers.rk4(), TimeGrid.uniform(0, 1, 6));
        assertThat(asDouble.dataType()).isEqualTo(DataType.FLOAT);
    }

    @Test
    void badStartingPointsAndGridsAreRejected() {
        TimeGrid grid = TimeGrid.uniform(0, 1, 4);
        assertThatThrownBy(() -> MODEL.transport(Nd4j.zeros(DataType.FLOAT, 3, 3), Solvers.euler(), grid))
                .hasMessageContaining("shape [n, 2]");
        INDArray nan = Nd4j.zeros(DataType.FLOAT, 3, 2);
        nan.putScalar(1, 1, Double.NaN);
        assertThatThrownBy(() -> MODEL.transport(nan, Solvers.euler(), grid)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> MODEL.transport(Nd4j.zeros(DataType.FLOAT, 3, 2), Solvers.euler(), TimeGrid.of(0, 0.5)))
                .hasMessageContaining("from 0 to 1");
        assertThatThrownBy(() -> MODEL.transport(Nd4j.zeros(DataType.FLOAT, 3, 2), null, grid))
                .hasMessageContaining("solver");
    }
}
