package io.flowmatch.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** CSV, NPY and array loaders: round trips of files the test writes, and every bad-file message. */
class LoadersTest {

    @TempDir
    Path dir;

    private Path csv(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void csvWithAndWithoutHeaderRoundTrips() throws IOException {
        PointSet withHeader = Datasets.fromCsv(csv("a.csv", "x,y,z\n1,2,3\n 4.5 , -6e-1 ,7\n\n"));
        assertThat(withHeader.size()).isEqualTo(2);
        assertThat(withHeader.dimension()).isEqualTo(3);
        assertThat(withHeader.toINDArray()).isEqualTo(Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4.5f, -0.6f, 7}}));
        PointSet plain = Datasets.fromCsv(csv("b.csv", "0.25\n-1\n"));
        assertThat(plain.dimension()).isEqualTo(1);
        assertThat(plain.toINDArray()).isEqualTo(Nd4j.createFromArray(new float[][] {{0.25f}, {-1f}}));
        assertThat(plain.description()).contains("b.csv").contains("2x1");
    }

    @Test
    void csvErrorsNameTheFileAndThePlace() throws IOException {
        assertThatThrownBy(() -> Datasets.fromCsv(dir.resolve("missing.csv")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("no such file").hasMessageContaining("missing.csv");
        assertThatThrownBy(() -> Datasets.fromCsv(csv("empty.csv", "")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("contains no points");
        assertThatThrownBy(() -> Datasets.fromCsv(csv("header.csv", "x,y\n\n")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("contains no points");
        assertThatThrownBy(() -> Datasets.fromCsv(csv("ragged.csv", "x,y\n1,2\n3,4,5\n")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("line 3 has 3 columns, expected 2");
        assertThatThrownBy(() -> Datasets.fromCsv(csv("text.csv", "1,2\n3,abc\n")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("line 2, column 2: 'abc' is not a number");
        assertThatThrownBy(() -> Datasets.fromCsv(csv("nan.csv", "1,2\nNaN,4\n")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("line 2, column 1: NaN is not allowed");
        assertThatThrownBy(() -> Datasets.fromCsv(csv("inf.csv", "1,Infinity\n")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("line 1, column 2").hasMessageContaining("non-finite");
        assertThatThrownBy(() -> Datasets.fromCsv(csv("big.csv", "1,1e39\n")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("too large for float32");
        assertThatThrownBy(() -> Datasets.fromCsv(csv("mixed.csv", "1,abc\n2,3\n")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("line 1, column 2");
    }

    /** Writes a .npy file the way numpy.save does (header padded to a multiple of 64). */
    private Path npy(String name, String descr, boolean fortran, String shape, int major, double[] values, int itemSize)
            throws IOException {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                + shape + ", }";
        int prefix = major == 1 ? 10 : 12;
        int pad = 64 - (prefix + dict.length() + 1) % 64;
        String header = dict + " ".repeat(pad % 64) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(prefix + header.length() + values.length * itemSize).order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) major).put((byte) 0);
        if (major == 1) {
            buf.putShort((short) header.length());
        } else {
            buf.putInt(header.length());
        }
        buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (double v : values) {
            if (itemSize == 4) {
                buf.putFloat((float) v);
            } else if (itemSize == 8) {
                buf.putDouble(v);
            } else {
                buf.putLong((long) v);
            }
        }
        Path p = dir.resolve(name);
        Files.write(p, buf.array());
        return p;
    }

    @Test
    void npyFloat32AndFloat64RoundTrip() throws IOException {
        double[] v = {1, 2, 3, 4, 5, -6.5};
        INDArray expected = Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}, {5, -6.5f}});
        assertThat(Datasets.fromNpy(npy("f4.npy", "<f4", false, "(3, 2)", 1, v, 4)).toINDArray()).isEqualTo(expected);
        assertThat(Datasets.fromNpy(npy("f8.npy", "<f8", false, "(3, 2)", 2, v, 8)).toINDArray()).isEqualTo(expected);
        PointSet oneD = Datasets.fromNpy(npy("v.npy", "<f8", false, "(6,)", 1, v, 8));
        assertThat(oneD.dimension()).isEqualTo(1);
        assertThat(oneD.size()).isEqualTo(6);
    }

    @Test
    void npyErrorsAreClear() throws IOException {
        double[] v = {1, 2, 3, 4};
        assertThatThrownBy(() -> Datasets.fromNpy(npy("i8.npy", "<i8", false, "(2, 2)", 1, v, 8)))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("unsupported dtype '<i8'");
        assertThatThrownBy(() -> Datasets.fromNpy(npy("f.npy", "<f4", true, "(2, 2)", 1, v, 4)))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("Fortran order");
        assertThatThrownBy(() -> Datasets.fromNpy(npy("short.npy", "<f4", false, "(3, 2)", 1, v, 4)))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> Datasets.fromNpy(npy("huge.npy", "<f4", false, "(4611686018427387904, 4)", 1, v, 4)))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> Datasets.fromNpy(npy("nan.npy", "<f8", false, "(2, 2)", 1, new double[] {1, Double.NaN, 3, 4}, 8)))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("row 0, column 1");
        assertThatThrownBy(() -> Datasets.fromNpy(npy("zero.npy", "<f4", false, "(0, 2)", 1, new double[0], 4)))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("no points");
        Path notNpy = csv("fake.npy", "1,2,3\n4,5,6\n");
        assertThatThrownBy(() -> Datasets.fromNpy(notNpy)).isInstanceOf(DataFormatException.class).hasMessageContaining("bad magic");
        Path empty = csv("empty.npy", "");
        assertThatThrownBy(() -> Datasets.fromNpy(empty)).isInstanceOf(DataFormatException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Datasets.fromNpy(dir.resolve("none.npy"))).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("no such file");
    }

    @Test
    void arraysAreCopiedAndChecked() {
        INDArray a = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
        PointSet set = Datasets.of(a);
        a.putScalar(0, 0, 99);
        assertThat(set.toINDArray().getFloat(0, 0)).isEqualTo(1f);
        INDArray bad = Nd4j.createFromArray(new double[][] {{1, 2}, {3, Double.POSITIVE_INFINITY}});
        assertThatThrownBy(() -> Datasets.of(bad)).hasMessageContaining("row 1, column 1");
        assertThatThrownBy(() -> Datasets.of(Nd4j.create(DataType.FLOAT, 0, 2))).hasMessageContaining("empty");
        assertThatThrownBy(() -> Datasets.of(Nd4j.ones(DataType.FLOAT, 3))).hasMessageContaining("2-D");
        assertThatThrownBy(() -> Datasets.of(null)).hasMessageContaining("null");
    }

    @Test
    void finiteSetsAreSampledWithReplacementFromTheirPointsOnly() {
        PointSet set = Datasets.of(Nd4j.createFromArray(new float[][] {{0, 0}, {1, 10}, {2, 20}}));
        float[] out = new float[2 * 300];
        set.sample(new SplittableRandom(1), out, 300);
        Set<Float> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            assertThat(out[2 * i + 1]).isEqualTo(10 * out[2 * i]);
            seen.add(out[2 * i]);
        }
        assertThat(seen).containsExactlyInAnyOrder(0f, 1f, 2f);
    }
}
