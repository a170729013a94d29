package io.flowmatch.core.metrics;

import static io.flowmatch.core.metrics.TestPoints.array;
import static io.flowmatch.core.metrics.TestPoints.gaussian;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The pairwise metrics give the same bits on any number of threads. */
class ParallelDistancesTest {

    // sizes that do not divide into the chunks evenly
    private static final INDArray A = array(gaussian(1003, new double[] {0, 1, 2}, 1L));
    private static final INDArray B = array(gaussian(517, new double[] {0.5, 1, 1.5}, 2L));

    @Test
    void energyDistanceIsBitIdenticalAcrossThreadCounts() {
        double one = SampleDistances.energyDistance(A, B, 1);
        assertThat(one).isPositive();
        for (int threads : new int[] {2, 3, 8}) {
            assertThat(Double.doubleToLongBits(SampleDistances.energyDistance(A, B, threads)))
                    .as("%d threads", threads).isEqualTo(Double.doubleToLongBits(one));
        }
        assertThat(SampleDistances.energyDistance(A, B)).isEqualTo(one);
    }

    @Test
    void mmdIsBitIdenticalAcrossThreadCounts() {
        double one = SampleDistances.mmdSquared(A, B, 1);
        double fixed = SampleDistances.mmdSquared(A, B, 0.7, 1);
        assertThat(one).isPositive();
        for (int threads : new int[] {2, 5}) {
            assertThat(Double.doubleToLongBits(SampleDistances.mmdSquared(A, B, threads))).isEqualTo(
                    Double.doubleToLongBits(one));
            assertThat(Double.doubleToLongBits(SampleDistances.mmdSquared(A, B, 0.7, threads))).isEqualTo(
                    Double.doubleToLongBits(fixed));
        }
        assertThat(SampleDistances.mmdSquared(A, B)).isEqualTo(one);
        assertThatThrownBy(() -> SampleDistances.mmdSquared(A, B, 0)).hasMessageContaining("threads must be positive");
        assertThatThrownBy(() -> SampleDistances.energyDistance(A, B, -1)).hasMessageContaining("threads must be positive");
    }
}
