package io.flowmatch.core.metrics;

import static io.flowmatch.core.metrics.TestPoints.array;
import static io.flowmatch.core.metrics.TestPoints.gaussian;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class InputValidationTest {

    private static final Map<String, BiFunction<INDArray, INDArray, Double>> METRICS = Map.of(
            "energyDistance", SampleDistances::energyDistance,
            "wasserstein2", SampleDistances::wasserstein2,
            "meanDistance", SampleDistances::meanDistance,
            "covarianceDistance", SampleDistances::covarianceDistance,
            "mmdSquared", SampleDistances::mmdSquared,
            "mmdSquared(h=0.7)", (a, b) -> SampleDistances.mmdSquared(a, b, 0.7),
            "medianBandwidth", SampleDistances::medianBandwidth,
            "slicedWasserstein2", SampleDistances::slicedWasserstein2,
            "slicedWasserstein2(7, 3)", (a, b) -> SampleDistances.slicedWasserstein2(a, b, 7, 3L));

    private static INDArray points(int n, int d) {
        return array(gaussian(n, new double[d], 1));
    }

    private static void rejects(INDArray a, INDArray b, String message) {
        METRICS.forEach((name, metric) -> assertThatThrownBy(() -> metric.apply(a, b))
                .as(name).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message));
    }

    @Test
    void rejectsNull() {
        rejects(null, points(4, 2), "a must not be null");
        rejects(points(4, 2), null, "b must not be null");
    }

    @Test
    void rejectsArraysThatAreNotTwoDimensional() {
        rejects(Nd4j.createFromArray(1.0, 2.0, 3.0), points(3, 1),
                "a must be a 2-D [n, d] array of points, got shape [3] (rank 1)");
        rejects(points(4, 2), Nd4j.create(DataType.DOUBLE, 4, 2, 1),
                "b must be a 2-D [n, d] array of points, got shape [4, 2, 1] (rank 3)");
        rejects(Nd4j.scalar(1.0), points(1, 1), "got shape [] (rank 0)");
    }

    @Test
    void rejectsEmptyArrays() {
        rejects(Nd4j.create(DataType.DOUBLE, 0, 2), points(4, 2), "a is empty: shape [0, 2]");
        rejects(points(4, 2), Nd4j.create(DataType.DOUBLE, 4, 0), "b is empty: shape [4, 0]");
    }

    @Test
    void rejectsDifferentDimensions() {
        rejects(points(4, 2), points(4, 3), "dimensions differ: a has 2 columns, b has 3");
    }

    @Test
    void namesTheFirstNonFiniteEntry() {
        INDArray a = points(6, 2);
        a.putScalar(3, 1, Double.NaN);
        a.putScalar(5, 0, Double.NaN);
        rejects(a, points(6, 2), "a has NaN at row 3, column 1");
        INDArray b = points(6, 2).castTo(DataType.FLOAT);
        b.putScalar(0, 1, Float.POSITIVE_INFINITY);
        rejects(points(6, 2), b, "b has Infinity at row 0, column 1");
        INDArray c = points(6, 2);
        c.putScalar(2, 0, Double.NEGATIVE_INFINITY);
        rejects(c, points(6, 2), "a has -Infinity at row 2, column 0");
    }

    @Test
    void rejectsNonNumericData() {
        rejects(points(4, 2).gt(0), points(4, 2), "a must hold numbers, got data type BOOL");
    }

    @Test
    void wasserstein2NeedsEqualSizesWithinTheLimit() {
        assertThatThrownBy(() -> SampleDistances.wasserstein2(points(10, 2), points(11, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("equal size, got a with 10 points and b with 11")
                .hasMessageContaining("subsample the larger one to 10 points");
        int over = SampleDistances.MAX_EXACT_W2_POINTS + 1;
        assertThatThrownBy(() -> SampleDistances.wasserstein2(points(over, 1), points(over, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limited to 5000 points").hasMessageContaining("got 5001");
    }

    @Test
    void covarianceDistanceNeedsTwoPoints() {
        assertThatThrownBy(() -> SampleDistances.covarianceDistance(points(5, 2), points(1, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a sample covariance needs at least 2 points, b has 1");
    }

    @Test
    void mmdNeedsAPositiveBandwidthAndDistinctPoints() {
        for (double h : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> SampleDistances.mmdSquared(points(4, 2), points(4, 2), h))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the kernel bandwidth must be positive and finite, got " + h);
        }
        INDArray same = Nd4j.zeros(DataType.DOUBLE, 3, 2);
        assertThatThrownBy(() -> SampleDistances.mmdSquared(same, same))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("median heuristic needs distinct points");
        assertThatThrownBy(() -> SampleDistances.medianBandwidth(points(1, 2).reshape(1, 2), Nd4j.create(DataType.DOUBLE, 0, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b is empty");
    }

    @Test
    void slicedW2NeedsAtLeastOneProjection() {
        assertThatThrownBy(() -> SampleDistances.slicedWasserstein2(points(4, 2), points(4, 2), 0, 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the number of projections must be positive, got 0");
    }

    @Test
    void acceptsViewsColumnMajorAndSinglePrecisionAlike() {
        INDArray big = points(50, 3);
        INDArray view = big.get(NDArrayIndex.interval(10, 30), NDArrayIndex.interval(1, 3));
        INDArray copy = view.dup('c');
        INDArray other = array(gaussian(20, new double[] {1, 0}, 2));
        METRICS.forEach((name, metric) -> {
            double expected = metric.apply(copy, other);
            assertThat(metric.apply(view, other)).as(name).isEqualTo(expected);
            assertThat(metric.apply(copy.dup('f'), other)).as(name).isEqualTo(expected);
            // a float copy of the data rounds each coordinate to float precision only
            assertThat(metric.apply(copy.castTo(DataType.FLOAT), other)).as(name)
                    .isCloseTo(expected, within(1e-5));
        });
    }
}
