package io.flowmatch.datasets;

import static io.flowmatch.datasets.Stats.assertFraction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** {@link Datasets#of(INDArray)} and sampling a finite set with replacement. */
class PointSetTest {

    @Test
    void copiesTheArrayAsFloat32() {
        INDArray a = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4.25}, {0.1, -5}});
        PointSet set = Datasets.of(a);
        a.putScalar(0, 0, 99);
        assertThat(set.size()).isEqualTo(3);
        assertThat(set.dimension()).isEqualTo(2);
        assertThat(set.description()).isEqualTo("array(3x2)");
        assertThat(set.toINDArray().toFloatMatrix()).isDeepEqualTo(new float[][] {{1, 2}, {3, 4.25f}, {0.1f, -5}});

        INDArray copy = set.toINDArray();
        assertThat(copy.dataType()).isEqualTo(DataType.FLOAT);
        copy.putScalar(0, 0, 42);
        assertThat(set.toINDArray().getFloat(0, 0)).isEqualTo(1f);
    }

    @Test
    void acceptsOtherNumericTypesAndViews() {
        assertThat(Datasets.of(Nd4j.createFromArray(new int[][] {{1, 2}, {3, 4}})).toINDArray().toFloatMatrix())
                .isDeepEqualTo(new float[][] {{1, 2}, {3, 4}});
        assertThat(Datasets.of(Nd4j.createFromArray(new float[][] {{1.5f, 2}}).castTo(DataType.HALF)).toINDArray()
                .toFloatMatrix()).isDeepEqualTo(new float[][] {{1.5f, 2}});

        INDArray base = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}});
        INDArray transposed = base.transpose(); // [3, 2], not C-contiguous
        assertThat(Datasets.of(transposed).toINDArray().toFloatMatrix())
                .isDeepEqualTo(new float[][] {{1, 4}, {2, 5}, {3, 6}});
        INDArray fOrder = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, 'f');
        assertThat(Datasets.of(fOrder).toINDArray().toFloatMatrix()).isDeepEqualTo(fOrder.toFloatMatrix());
        INDArray sub = base.get(NDArrayIndex.interval(1, 2), NDArrayIndex.interval(1, 3)); // [[5, 6]], offset view
        assertThat(Datasets.of(sub).toINDArray().toFloatMatrix()).isDeepEqualTo(new float[][] {{5, 6}});
    }

    @Test
    void rejectsNullOtherRanksEmptyAndNonFiniteArrays() {
        assertThatThrownBy(() -> Datasets.of(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("points must not be null");
        assertThatThrownBy(() -> Datasets.of(Nd4j.ones(DataType.FLOAT, 3)))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("must be a 2-D array [n, d], got rank 1");
        assertThatThrownBy(() -> Datasets.of(Nd4j.ones(DataType.FLOAT, 2, 2, 2)))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("got rank 3 shape [2, 2, 2]");
        assertThatThrownBy(() -> Datasets.of(Nd4j.create(DataType.FLOAT, 0, 2)))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Datasets.of(Nd4j.create(DataType.FLOAT, 2, 0)))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Datasets.of(Nd4j.createFromArray(new double[][] {{1, 2}, {Double.NaN, 3}, {Double.NaN, 4}})))
                .isInstanceOf(DataFormatException.class).hasMessage("points has NaN at row 1, column 0 (0-based)");
        assertThatThrownBy(() -> Datasets.of(Nd4j.createFromArray(new float[][] {{1, 2}, {3, Float.POSITIVE_INFINITY}})))
                .isInstanceOf(DataFormatException.class).hasMessage("points has a non-finite value Infinity at row 1,"
                        + " column 1 (0-based)");
        assertThatThrownBy(() -> Datasets.of(Nd4j.createFromArray(new double[][] {{1, -1e39}})))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("too large for float32")
                .hasMessageContaining("at row 0, column 1 (0-based)");
    }

    @Test
    void samplesOnlyItsOwnPointsWithReplacementAndHitsEachEqually() {
        // one set per sampling path: dimension 1, 2 and more
        for (int d : new int[] {1, 2, 3}) {
            int size = 5;
            float[][] points = new float[size][d];
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < d; j++) {
                    points[i][j] = 10 * i + j + 0.5f;
                }
            }
            PointSet set = Datasets.of(Nd4j.createFromArray(points));
            int n = 5000;
            float[] out = new float[n * d];
            set.sample(new SplittableRandom(d), out, n);
            int[] hits = new int[size];
            for (int i = 0; i < n; i++) {
                float[] row = Arrays.copyOfRange(out, i * d, i * d + d);
                int k = (int) (row[0] / 10);
                assertThat(k).isBetween(0, size - 1);
                assertThat(row).as("drawn point %s", i).containsExactly(points[k]);
                hits[k]++;
            }
            for (int h : hits) {
                assertFraction("draws of one point", h, n, 1.0 / size);
            }
            float[] again = new float[n * d];
            set.sample(new SplittableRandom(d), again, n);
            assertThat(again).containsExactly(out);
        }
    }

    @Test
    void samplingAllocatesNothing() {
        for (int d : new int[] {1, 2, 7}) {
            PointSet set = Datasets.of(Nd4j.rand(DataType.FLOAT, 50, d));
            assertThat(Allocation.bytesDuring(set, 100_000)).as("bytes allocated, dimension %s", d).isLessThan(1024);
        }
    }

    @Test
    void checksSampleArguments() {
        PointSet set = Datasets.of(Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}}));
        SplittableRandom rng = new SplittableRandom(1);
        assertThatThrownBy(() -> set.sample(rng, new float[9], -2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative, got -2");
        assertThatThrownBy(() -> set.sample(rng, new float[8], 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds 8 values but 3 points of dimension 3 need 9");
        float[] out = new float[10];
        Arrays.fill(out, -1f);
        set.sample(rng, out, 3);
        assertThat(out[9]).isEqualTo(-1f);
        assertThat(set.sample(4, 2L).shape()).containsExactly(4, 3);
    }
}
