package io.flowmatch.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of every kind of flow's model file, which all share the {@link ModelFile}
 * container: saving again replaces the file and leaves nothing else in its directory, and a
 * damaged file (missing, empty, cut short, with a wrong magic, a flipped bit or a newer format
 * version, or no model file at all) is refused with a {@link ModelFormatException} or an
 * {@link UncheckedIOException} naming the problem. A kind's test extends it by saying how it
 * saves a trained model of its kind and loads one back ({@link #saveAndLoad()}).
 */
public abstract class ModelFileContractTest {

    /** A fresh directory for each test's files. */
    @TempDir
    protected Path dir;

    /**
     * A kind's model file.
     *
     * @param save saves a trained model of the kind to a file
     * @param load loads a model of the kind from a file
     */
    public record SaveAndLoad(Consumer<Path> save, Consumer<Path> load) {
    }

    /** How the kind under test saves and loads its models. */
    protected abstract SaveAndLoad saveAndLoad();

    private void saveModel(Path file) {
        saveAndLoad().save().accept(file);
    }

    private void loadModel(Path file) {
        saveAndLoad().load().accept(file);
    }

    @Test
    void savingAgainReplacesTheFileAndLeavesNothingElse() throws Exception {
        Path file = dir.resolve("m.flow");
        saveModel(file);
        saveModel(file);
        loadModel(file);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void damagedFilesGiveClearErrors() throws Exception {
        Path file = dir.resolve("m.flow");
        saveModel(file);
        byte[] good = Files.readAllBytes(file);

        assertThatThrownBy(() -> loadModel(dir.resolve("missing.flow")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("no such model file");
        assertThatThrownBy(() -> load(new byte[0])).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> load(Arrays.copyOf(good, 10))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> load(Arrays.copyOf(good, good.length / 2))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("checksum");
        assertThatThrownBy(() -> load(Arrays.copyOf(good, good.length - 20))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("checksum");
        for (int at : new int[] {0, 1}) {
            byte[] magic = good.clone();
            magic[at] = 'X';
            assertThatThrownBy(() -> load(magic)).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("wrong magic");
        }
        for (int at : new int[] {good.length / 2, good.length - 30}) {
            byte[] flipped = good.clone();
            flipped[at] ^= 0x10;
            assertThatThrownBy(() -> load(flipped)).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("checksum");
        }
        byte[] newer = good.clone();
        ByteBuffer.wrap(newer).order(ByteOrder.LITTLE_ENDIAN).putInt(8, ModelFile.FORMAT_VERSION + 1);
        assertThatThrownBy(() -> load(newer)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("format version");
        assertThatThrownBy(() -> load("just some text, not a model at all".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("wrong magic");
    }

    private void load(byte[] bytes) throws Exception {
        Path file = dir.resolve("bad.flow");
        Files.write(file, bytes);
        loadModel(file);
    }
}
