package io.flowmatch.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that fails half-way leaves the previous file whole and no temporary file behind. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void aWriteThatFailsHalfWayLeavesThePreviousFileWhole() throws Exception {
        Path file = dir.resolve("run.ckpt");
        CheckpointFile previous = new CheckpointFile(Map.of("format", "flowmatch-checkpoint", "step", "40"),
                Map.of("parameters", new float[] {1, 2, 3}));
        previous.write(file);
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write(new byte[1000]);
            throw new IOException("disk full (simulated)");
        })).isInstanceOf(UncheckedIOException.class).hasMessageContaining("disk full");

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(CheckpointFile.read(file).header()).containsEntry("step", "40");
        assertThat(dir.toFile().list()).containsExactly("run.ckpt");
    }

    @Test
    void aWriterThatThrowsAnUncheckedExceptionAlsoLeavesNothingBehind() throws Exception {
        Path file = dir.resolve("m.flow");
        Files.writeString(file, "old");
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write(1);
            throw new IllegalStateException("bug in the writer");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readString(file)).isEqualTo("old");
        assertThat(dir.toFile().list()).containsExactly("m.flow");
    }
}
