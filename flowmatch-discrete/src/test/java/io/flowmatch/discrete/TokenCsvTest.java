package io.flowmatch.discrete;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token CSV files: an optional header, blank lines, and clear errors naming line and column. */
class TokenCsvTest {

    @TempDir
    Path dir;

    @Test
    void writesAndReadsBack() {
        Path file = dir.resolve("t.csv");
        int[][] tokens = {{1, 2, 3}, {0, 0, 7}};
        TokenCsv.write(file, tokens);
        assertThat(TokenCsv.read(file)).isDeepEqualTo(tokens);
    }

    @Test
    void aHeaderAndBlankLinesAreSkipped() throws Exception {
        Path file = dir.resolve("t.csv");
        Files.writeString(file, "a,b\n\n 1, 2\n3,4\n\n");
        assertThat(TokenCsv.read(file)).isDeepEqualTo(new int[][] {{1, 2}, {3, 4}});
        Files.writeString(file, "5,6\n7,8\n");
        assertThat(TokenCsv.read(file)).isDeepEqualTo(new int[][] {{5, 6}, {7, 8}});
    }

    @Test
    void badFilesAreNamed() throws Exception {
        Path file = dir.resolve("t.csv");
        Files.writeString(file, "x0,x1\n1,2\n3,4,5\n");
        assertThatThrownBy(() -> TokenCsv.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 3 has 3 tokens but the first row has 2");
        Files.writeString(file, "1,2\n3,x\n");
        assertThatThrownBy(() -> TokenCsv.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2, column 2: 'x' is not an integer");
        Files.writeString(file, "1,2\n3,2.5\n");
        assertThatThrownBy(() -> TokenCsv.read(file)).hasMessageContaining("'2.5'");
        Files.writeString(file, "x0,x1\n");
        assertThatThrownBy(() -> TokenCsv.read(file)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no token rows");
        assertThatThrownBy(() -> TokenCsv.read(dir.resolve("none.csv"))).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("no such file");
    }
}
