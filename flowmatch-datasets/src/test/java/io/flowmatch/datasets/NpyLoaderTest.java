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
import java.util.Arrays;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Datasets#fromNpy}: exact round trips of files the test writes, and every error message. */
class NpyLoaderTest {

    @TempDir
    Path dir;

    /** A .npy file as numpy.save writes it: magic, version, length, dict padded with spaces to 64 bytes, '\n'. */
    static byte[] npy(int major, String dict, byte[] data) {
        int prefix = major == 1 ? 10 : 12;
        byte[] dictBytes = dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int headerLength = dictBytes.length + 1;
        headerLength += (64 - (prefix + headerLength) % 64) % 64;
        ByteBuffer b = ByteBuffer.allocate(prefix + headerLength + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) headerLength);
        } else {
            b.putInt(headerLength);
        }
        b.put(dictBytes);
        while (b.position() < prefix + headerLength - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n').put(data);
        return b.array();
    }

    static String dict(String descr, boolean fortran, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
    }

    static byte[] f4(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    static byte[] f8(double... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static float[][] matrix(PointSet set) {
        return set.toINDArray().toFloatMatrix();
    }

    private AbstractThrowableAssert<?, ? extends Throwable> rejected(String name, byte[] bytes) throws IOException {
        Path p = write(name, bytes);
        return assertThatThrownBy(() -> Datasets.fromNpy(p))
                .isInstanceOf(DataFormatException.class).hasMessageStartingWith(p.toString());
    }

    private static final float[] F4 = {1, -2.5f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -0f, 1f / 3, 1e-20f};
    private static final float[][] F4_4X2 = {{1, -2.5f}, {Float.MAX_VALUE, -Float.MAX_VALUE}, {Float.MIN_VALUE, -0f},
        {1f / 3, 1e-20f}};

    @Test
    void float32InVersions1And2And3RoundTripsExactly() throws IOException {
        for (int major = 1; major <= 3; major++) {
            PointSet set = Datasets.fromNpy(write("f4v" + major + ".npy", npy(major, dict("<f4", false, "(4, 2)"), f4(F4))));
            assertThat(set.size()).isEqualTo(4);
            assertThat(set.dimension()).isEqualTo(2);
            assertThat(matrix(set)).as("version %s.0", major).isDeepEqualTo(F4_4X2);
            assertThat(set.description()).isEqualTo("npy(f4v" + major + ".npy, 4x2)");
        }
    }

    @Test
    void float64IsRoundedToNearestFloat32() throws IOException {
        double[] values = {0.1, -1e-300, 3.4028235e38, 123456789.123, Math.PI, -7};
        float[][] expected = {{0.1f, -0f, Float.MAX_VALUE}, {123456789.123f, (float) Math.PI, -7}};
        for (int major = 1; major <= 2; major++) {
            PointSet set = Datasets.fromNpy(write("f8v" + major + ".npy", npy(major, dict("<f8", false, "(2, 3)"), f8(values))));
            assertThat(matrix(set)).as("version %s.0", major).isDeepEqualTo(expected);
        }
    }

    @Test
    void oneDimensionalArraysArePointsOfDimensionOne() throws IOException {
        PointSet a = Datasets.fromNpy(write("v4.npy", npy(1, dict("<f4", false, "(8,)"), f4(F4))));
        assertThat(a.size()).isEqualTo(8);
        assertThat(a.dimension()).isEqualTo(1);
        assertThat(a.toINDArray().shape()).containsExactly(8, 1);
        assertThat(a.toINDArray().data().asFloat()).containsExactly(F4);
        PointSet b = Datasets.fromNpy(write("v8.npy", npy(2, dict("<f8", false, "(3,)"), f8(1.5, -2, 0.25))));
        assertThat(matrix(b)).isDeepEqualTo(new float[][] {{1.5f}, {-2}, {0.25f}});
        assertThat(b.description()).isEqualTo("npy(v8.npy, 3x1)");
    }

    @Test
    void headerParsingIgnoresKeyOrderQuotesSpacingAndExtraKeys() throws IOException {
        String[] dicts = {
            "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (4, 2)}",
            "{'shape':(4,2),'fortran_order':False,'descr':'<f4'}",
            "{ 'fortran_order' : False , 'shape' : ( 4 , 2 , ) , 'descr' : '<f4' , }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (4L, 2L), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 2), 'extra': [None, ('a', -1)], }",
        };
        for (int i = 0; i < dicts.length; i++) {
            PointSet set = Datasets.fromNpy(write("h" + i + ".npy", npy(1, dicts[i], f4(F4))));
            assertThat(matrix(set)).as(dicts[i]).isDeepEqualTo(F4_4X2);
        }
    }

    @Test
    void missingOrEmptyFilesAndBadMagic() throws IOException {
        Path missing = dir.resolve("none.npy");
        assertThatThrownBy(() -> Datasets.fromNpy(missing))
                .isInstanceOf(UncheckedIOException.class).hasMessage("no such file: " + missing);
        assertThatThrownBy(() -> Datasets.fromNpy(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path must not be null");
        rejected("empty.npy", new byte[0]).hasMessageContaining("is empty (0 bytes), not a .npy file");
        rejected("csv.npy", "1,2,3\n4,5,6\n".getBytes(StandardCharsets.US_ASCII)).hasMessageContaining("bad magic");
        rejected("tiny.npy", new byte[] {(byte) 0x93, 'N', 'U'}).hasMessageContaining("bad magic");
        rejected("nomore.npy", new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).hasMessageContaining("truncated");
        byte[] v4 = npy(1, dict("<f4", false, "(4, 2)"), f4(F4));
        v4[6] = 4;
        rejected("v4.npy", v4).hasMessageContaining("unsupported .npy format version 4.0, expected 1.0, 2.0 or 3.0");
    }

    @Test
    void otherDtypesAreRejected() throws IOException {
        rejected("i8.npy", npy(1, dict("<i8", false, "(2, 2)"), f8(1, 2, 3, 4)))
                .hasMessageEndingWith(" has unsupported dtype '<i8', expected float32 or float64 (little-endian '<f4' or '<f8')");
        rejected("be.npy", npy(1, dict(">f4", false, "(2, 2)"), f4(1, 2, 3, 4)))
                .hasMessageContaining("unsupported dtype '>f4', expected float32 or float64");
        rejected("f2.npy", npy(1, dict("<f2", false, "(2,)"), f4(1)))
                .hasMessageContaining("unsupported dtype '<f2'");
        rejected("struct.npy", npy(1, "{'descr': [('x', '<f4'), ('y', '<f4')], 'fortran_order': False, 'shape': (2,), }",
                f4(1, 2, 3, 4))).hasMessageContaining("unsupported dtype (('x', '<f4'), ('y', '<f4'))");
    }

    @Test
    void fortranOrderAndOtherRanksAreRejected() throws IOException {
        rejected("f.npy", npy(1, dict("<f4", true, "(4, 2)"), f4(F4))).hasMessageContaining("is in Fortran order");
        rejected("3d.npy", npy(1, dict("<f4", false, "(2, 2, 2)"), f4(F4)))
                .hasMessageContaining("holds an array of shape (2, 2, 2), expected (n, d) or (n,)");
        rejected("scalar.npy", npy(1, dict("<f4", false, "()"), f4(1)))
                .hasMessageContaining("holds an array of shape (), expected (n, d) or (n,)");
        rejected("zero.npy", npy(1, dict("<f4", false, "(0, 2)"), new byte[0]))
                .hasMessageContaining("contains no points: shape (0, 2)");
        rejected("zero-d.npy", npy(1, dict("<f4", false, "(3, 0)"), new byte[0]))
                .hasMessageContaining("contains no points: shape (3, 0)");
    }

    @Test
    void truncatedOrSurplusDataIsRejected() throws IOException {
        rejected("short.npy", npy(1, dict("<f4", false, "(3, 2)"), f4(1, 2, 3, 4)))
                .hasMessageEndingWith(" is truncated: shape (3, 2) of float32 needs 24 bytes of data but the file has only 16"
                        + " after its header");
        rejected("short8.npy", npy(2, dict("<f8", false, "(4,)"), f8(1, 2, 3)))
                .hasMessageContaining("is truncated: shape (4,) of float64 needs 32 bytes");
        byte[] ragged = npy(1, dict("<f4", false, "(2,)"), f4(1, 2));
        rejected("partial.npy", Arrays.copyOf(ragged, ragged.length - 1)).hasMessageContaining("truncated");
        rejected("long.npy", npy(1, dict("<f4", false, "(1, 2)"), f4(1, 2, 3)))
                .hasMessageContaining("does not match its shape: (1, 2) of float32 needs 8 bytes of data but the file has 12");
    }

    @Test
    void hugeDeclaredSizesInATinyFileFailBeforeAllocating() throws IOException {
        // 600M float32 would need 2.4 GB: more than the test JVM's heap, so allocating first would fail with OOM
        rejected("big.npy", npy(1, dict("<f4", false, "(600000000, 1)"), f4(1, 2)))
                .hasMessageContaining("is truncated: shape (600000000, 1) of float32 needs 2400000000 bytes");
        // n * d overflows long to 0 and must not slip through
        rejected("overflow.npy", npy(1, dict("<f4", false, "(4611686018427387904, 4)"), f4(1, 2)))
                .hasMessageContaining("is truncated: shape (4611686018427387904, 4) of float32 needs more than");
        rejected("overflow2.npy", npy(2, dict("<f8", false, "(9223372036854775807, 9223372036854775807)"), f8(1)))
                .hasMessageContaining("is truncated");
        rejected("toolong.npy", npy(1, dict("<f4", false, "(99999999999999999999, 1)"), f4(1)))
                .hasMessageContaining("malformed .npy header").hasMessageContaining("too large");
        // a version 2.0 header length of 4 GB in a 30-byte file
        ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 2).put((byte) 0).putInt(-16);
        rejected("header.npy", b.array()).hasMessageContaining("is truncated: its header declares 4294967280 bytes but the"
                + " file has only 30 bytes");
    }

    @Test
    void malformedHeadersAreReported() throws IOException {
        rejected("unclosed.npy", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 2}", f4(F4)))
                .hasMessageContaining("malformed .npy header at character");
        rejected("noshape.npy", npy(1, "{'descr': '<f4', 'fortran_order': False}", f4(F4)))
                .hasMessageContaining("malformed .npy header: no 'shape' key");
        rejected("negative.npy", npy(1, dict("<f4", false, "(-4, 2)"), f4(F4)))
                .hasMessageContaining("expected a tuple of non-negative integers");
        rejected("fortran.npy", npy(1, "{'descr': '<f4', 'fortran_order': 0, 'shape': (4, 2)}", f4(F4)))
                .hasMessageContaining("'fortran_order' is 0, expected True or False");
        rejected("list.npy", npy(1, "['descr', '<f4']", f4(F4))).hasMessageContaining("not a dict");
        rejected("deep.npy", npy(1, "{'descr': " + "(".repeat(5000) + ")".repeat(5000) + "}", f4(F4)))
                .hasMessageContaining("nested more than");
        rejected("junk.npy", npy(1, dict("<f4", false, "(4, 2)") + " x", f4(F4)))
                .hasMessageContaining("unexpected text after the header dict");
    }

    @Test
    void nonFiniteAndTooLargeValuesAreReportedWithRowAndColumn() throws IOException {
        rejected("nan.npy", npy(1, dict("<f8", false, "(2, 2)"), f8(1, 2, 3, Double.NaN)))
                .hasMessageEndingWith(": row 1, column 1 (0-based): NaN is not allowed");
        rejected("inf.npy", npy(1, dict("<f4", false, "(3,)"), f4(1, Float.NEGATIVE_INFINITY, 2)))
                .hasMessageEndingWith(": row 1, column 0 (0-based): -Infinity is a non-finite value (infinity is not allowed)");
        rejected("big.npy", npy(1, dict("<f8", false, "(1, 3)"), f8(1, 2, 1e39)))
                .hasMessageContaining(": row 0, column 2 (0-based): 1.0E39 is too large for float32");
    }

    @Test
    void readsDataLargerThanOneChunk() throws IOException {
        int n = 50_000;
        double[] values = new double[2 * n];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5 - 1000;
        }
        PointSet set = Datasets.fromNpy(write("large.npy", npy(1, dict("<f8", false, "(50000, 2)"), f8(values))));
        float[] read = set.toINDArray().data().asFloat();
        for (int i = 0; i < values.length; i++) {
            assertThat(read[i]).isEqualTo((float) values[i]);
        }
    }
}
