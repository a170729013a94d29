package io.flowmatch.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Datasets#fromCsv}: exact round trips of files the test writes, and every error message. */
class CsvLoaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private static float[][] matrix(PointSet set) {
        return set.toINDArray().toFloatMatrix();
    }

    /** The exception thrown for {@code text}, which must be a DataFormatException naming the file. */
    private AbstractThrowableAssert<?, ? extends Throwable> rejected(String name, String text) throws IOException {
        Path p = write(name, text);
        return assertThatThrownBy(() -> Datasets.fromCsv(p))
                .isInstanceOf(DataFormatException.class).hasMessageStartingWith(p.toString());
    }

    @Test
    void readsAHeaderSeveralColumnsWhitespaceAndTrailingBlankLines() throws IOException {
        PointSet set = Datasets.fromCsv(write("a.csv", "x, y ,z\n1,2,3\n 4.5 , -6e-1 ,\t7\n+.5,5.,-0\n\n  \n"));
        assertThat(set.size()).isEqualTo(3);
        assertThat(set.dimension()).isEqualTo(3);
        assertThat(matrix(set)).isDeepEqualTo(new float[][] {{1, 2, 3}, {4.5f, -0.6f, 7}, {0.5f, 5, -0f}});
        assertThat(set.description()).isEqualTo("csv(a.csv, 3x3)");
    }

    @Test
    void readsAFileWithoutHeaderCrLfAndAByteOrderMark() throws IOException {
        PointSet plain = Datasets.fromCsv(write("b.csv", "\uFEFF0.25\r\n-1\r\n1e3\r\n"));
        assertThat(plain.dimension()).isEqualTo(1);
        assertThat(matrix(plain)).isDeepEqualTo(new float[][] {{0.25f}, {-1f}, {1000f}});
        assertThat(plain.description()).isEqualTo("csv(b.csv, 3x1)");
    }

    @Test
    void roundTripsEveryFloatExactly() throws IOException {
        SplittableRandom rng = new SplittableRandom(3);
        int rows = 300;
        int columns = 4;
        float[][] expected = new float[rows][columns];
        StringBuilder text = new StringBuilder("a,b,c,d\n");
        float[] special = {Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, Float.MIN_NORMAL, 0.1f, -0f, 1f / 3};
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                float v = i * columns + j < special.length ? special[i * columns + j]
                        : Float.intBitsToFloat(rng.nextInt()) % 1e6f;
                if (!Float.isFinite(v)) {
                    v = 0.5f;
                }
                expected[i][j] = v;
                text.append(j > 0 ? "," : "").append(v);
            }
            text.append('\n');
        }
        PointSet set = Datasets.fromCsv(write("floats.csv", text.toString()));
        assertThat(matrix(set)).isDeepEqualTo(expected);
    }

    @Test
    void roundsDecimalsToNearestFloat32() throws IOException {
        PointSet set = Datasets.fromCsv(write("r.csv", "0.1,1e-50\n3.4028235e38,123456789.123\n"));
        assertThat(matrix(set)).isDeepEqualTo(new float[][] {{0.1f, 0f}, {Float.MAX_VALUE, 123456789.123f}});
    }

    @Test
    void missingFileOrDirectoryIsAnIoError() {
        Path missing = dir.resolve("missing.csv");
        assertThatThrownBy(() -> Datasets.fromCsv(missing))
                .isInstanceOf(UncheckedIOException.class).hasMessage("no such file: " + missing);
        assertThatThrownBy(() -> Datasets.fromCsv(dir))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot read " + dir);
        assertThatThrownBy(() -> Datasets.fromCsv(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path must not be null");
    }

    @Test
    void emptyBlankAndHeaderOnlyFilesContainNoPoints() throws IOException {
        rejected("empty.csv", "").hasMessageContaining("contains no points");
        rejected("blank.csv", "\n  \n\t\n").hasMessageContaining("contains no points");
        rejected("header.csv", "x,y\n").hasMessageContaining("contains no points (only a header line)");
        rejected("header2.csv", "x,y\n\n\n").hasMessageContaining("contains no points (only a header line)");
    }

    @Test
    void raggedRowsAreReportedWithTheirLine() throws IOException {
        rejected("ragged.csv", "x,y\n1,2\n3,4\n5,6\n7,8\n9,10\n1,2,3\n4,5\n")
                .hasMessageEndingWith(": line 7 has 3 columns, expected 2 (as in the header on line 1)");
        rejected("short.csv", "1,2\n3,4\n5\n").hasMessageEndingWith(": line 3 has 1 columns, expected 2");
        rejected("header-wider.csv", "a,b,c\n1,2\n").hasMessageContaining("line 2 has 2 columns, expected 3");
    }

    @Test
    void nonNumericCellsAreReportedWithLineAndColumn() throws IOException {
        rejected("text.csv", "x,y\n1,2\n3,4\n5,abc\n").hasMessageEndingWith(": line 4, column 2: 'abc' is not a number");
        rejected("late-header.csv", "1,2\nx,y\n").hasMessageEndingWith(": line 2, column 1: 'x' is not a number");
        rejected("broken-first-row.csv", "1,abc\n2,3\n").hasMessageEndingWith(": line 1, column 2: 'abc' is not a number");
        rejected("empty-cell.csv", "1,2\n3,\n").hasMessageEndingWith(": line 2, column 2: '' is not a number");
        rejected("java-float.csv", "1,2\n1f,2\n").hasMessageEndingWith(": line 2, column 1: '1f' is not a number");
        rejected("hex.csv", "1,2\n3,0x10\n").hasMessageEndingWith(": line 2, column 2: '0x10' is not a number");
        rejected("exponent.csv", "1,2\n3,4e\n").hasMessageEndingWith(": line 2, column 2: '4e' is not a number");
        rejected("semicolon.csv", "1;2\n3;4\n").hasMessageEndingWith(": line 2, column 1: '3;4' is not a number");
    }

    @Test
    void nanInfinityAndFloat32OverflowAreRejectedWithTheirCell() throws IOException {
        rejected("nan.csv", "1,2\n3,4\n5,6\n7,8\nNaN,9\n").hasMessageEndingWith(": line 5, column 1: NaN is not allowed");
        rejected("nan2.csv", "-nan,1\n").hasMessageEndingWith(": line 1, column 1: NaN is not allowed");
        rejected("inf.csv", "1,Infinity\n").hasMessageContaining(": line 1, column 2: 'Infinity' is a non-finite value");
        rejected("inf2.csv", "1,2\n-inf,3\n").hasMessageContaining(": line 2, column 1: '-inf' is a non-finite value");
        rejected("big.csv", "1,2\n3,1e39\n").hasMessageContaining(": line 2, column 2: '1e39' is too large for float32");
        rejected("big2.csv", "-3.5e38\n").hasMessageContaining(": line 1, column 1: '-3.5e38' is too large for float32");
        rejected("big3.csv", "1e400,1\n").hasMessageContaining(": line 1, column 1: '1e400' is too large for float32");
    }

    @Test
    void blankLinesAreAllowedOnlyAtTheEnd() throws IOException {
        rejected("gap.csv", "1,2\n\n3,4\n").hasMessageEndingWith(": line 2 is blank; blank lines are allowed only at the end of the file");
        rejected("leading.csv", "\nx,y\n1,2\n").hasMessageContaining(": line 1 is blank");
    }

    @Test
    void rejectsBytesThatAreNotUtf8() throws IOException {
        Path p = dir.resolve("latin1.csv");
        Files.write(p, new byte[] {'1', ',', '2', '\n', (byte) 0xff, ',', '3', '\n'});
        assertThatThrownBy(() -> Datasets.fromCsv(p))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("is not a UTF-8 text file");
    }
}
