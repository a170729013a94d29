package io.flowmatch.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFilesTest {

    @TempDir
    Path dir;

    static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        out.flush();
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(plain);
        }
        return bytes.toByteArray();
    }

    /** Three 2x3 images with pixel k of image i equal to 40 i + k, labels 2, 0, 7. */
    private Path[] write(boolean gz) throws IOException {
        byte[] pixels = new byte[3 * 6];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (40 * (i / 6) + i % 6);
        }
        pixels[17] = (byte) 255;
        byte[] images = idx(0x803, new int[] {3, 2, 3}, pixels);
        byte[] labels = idx(0x801, new int[] {3}, new byte[] {2, 0, 7});
        Path img = dir.resolve(gz ? "img.gz" : "img");
        Path lab = dir.resolve(gz ? "lab.gz" : "lab");
        Files.write(img, gz ? gzip(images) : images);
        Files.write(lab, gz ? gzip(labels) : labels);
        return new Path[] {img, lab};
    }

    @Test
    void readsPlainAndGzipAlike() throws IOException {
        for (boolean gz : new boolean[] {false, true}) {
            Path[] files = write(gz);
            IdxImages set = IdxFiles.read(files[0], files[1]);
            assertThat(set.count()).isEqualTo(3);
            assertThat(set.height()).isEqualTo(2);
            assertThat(set.width()).isEqualTo(3);
            assertThat(set.classes()).isEqualTo(8);
            assertThat(set.labels()).containsExactly(2, 0, 7);
            assertThat(set.image(0)[0]).isEqualTo(-1f);
            assertThat(set.image(1)[2]).isCloseTo(42 / 127.5f - 1, org.assertj.core.data.Offset.offset(1e-6f));
            assertThat(set.image(2)[5]).isEqualTo(1f);
            assertThat(set.pixels()).hasSize(18);
        }
    }

    @Test
    void rejectsMismatchedCounts() throws IOException {
        Path[] files = write(false);
        Files.write(files[1], idx(0x801, new int[] {2}, new byte[] {1, 2}));
        assertThatThrownBy(() -> IdxFiles.read(files[0], files[1])).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("3 images").hasMessageContaining("2 labels");
    }

    @Test
    void rejectsSwappedFilesWrongRankAndType() throws IOException {
        Path[] files = write(false);
        assertThatThrownBy(() -> IdxFiles.read(files[1], files[0])).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("1 dimensions, expected 3");
        Files.write(files[0], idx(0xD03, new int[] {3, 2, 3}, new byte[18 * 4]));
        assertThatThrownBy(() -> IdxFiles.read(files[0], files[1])).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("only unsigned bytes");
    }

    @Test
    void rejectsTruncatedAndForeignFiles() throws IOException {
        Path[] files = write(false);
        Files.write(files[0], idx(0x803, new int[] {3, 2, 3}, new byte[17]));
        assertThatThrownBy(() -> IdxFiles.read(files[0], files[1])).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("truncated");
        Files.write(files[0], new byte[] {0, 0, 8});
        assertThatThrownBy(() -> IdxFiles.read(files[0], files[1])).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("header");
        Files.writeString(files[0], "P5 this is a PGM, not IDX");
        assertThatThrownBy(() -> IdxFiles.read(files[0], files[1])).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("not an IDX file");
        assertThatThrownBy(() -> IdxFiles.read(dir.resolve("missing"), files[1]))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("no such file");
    }
}
