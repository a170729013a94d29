package io.flowmatch.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.io.ModelFile;
import io.flowmatch.core.io.ModelFormatException;
import io.flowmatch.datasets.Column;
import io.flowmatch.datasets.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TabularModelFileTest {

    @TempDir
    static Path dir;

    private static Path good;

    @BeforeAll
    static void save() {
        Table t = Table.of(Column.numeric("x", new double[] {1, 2, 3}), Column.categorical("c", "a", "b", "a"));
        TabularModel m = TabularFlowMatcher.builder().data(t).condition("c").hidden(8).iterations(2).seed(1L).train();
        good = dir.resolve("good.flow");
        m.save(good);
    }

    @Test
    void theByteFormIsTheFileAndLoadsBackSamplingIdentically() throws IOException {
        TabularModel saved = TabularModel.load(good);
        byte[] bytes = saved.toBytes();
        assertThat(bytes).isEqualTo(Files.readAllBytes(good));
        TabularModel again = TabularModel.fromBytes(bytes);
        assertThat(again.sample(50, 3L)).isEqualTo(saved.sample(50, 3L));
        assertThat(again.provenance()).isEqualTo(saved.provenance());
        assertThatThrownBy(() -> TabularModel.fromBytes(Arrays.copyOf(bytes, bytes.length / 2)))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("tabular model bytes");
    }

    @Test
    void truncatedOrCorruptedFilesAreRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.flow");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> TabularModel.load(cut)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("cut.flow");
        Path flipped = dir.resolve("flipped.flow");
        byte[] copy = bytes.clone();
        copy[copy.length / 2] ^= 0x5A;
        Files.write(flipped, copy);
        assertThatThrownBy(() -> TabularModel.load(flipped)).isInstanceOf(ModelFormatException.class);
    }

    @Test
    void otherFilesAreRefused() throws IOException {
        Path text = dir.resolve("text.flow");
        Files.writeString(text, "x,c\n1,a\n");
        assertThatThrownBy(() -> TabularModel.load(text)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("wrong magic");
        Path missing = dir.resolve("none.flow");
        assertThatThrownBy(() -> TabularModel.load(missing)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("none.flow");
        ModelFile f = ModelFile.read(good);
        Map<String, String> h = new LinkedHashMap<>(f.header());
        h.put("format", "flowmatch-model");
        Path other = dir.resolve("other.flow");
        new ModelFile(h, f.arrays()).write(other);
        assertThatThrownBy(() -> TabularModel.load(other)).hasMessageContaining("is not a flowmatch tabular model");
    }

    @Test
    void inconsistentSizesAreRefused() {
        ModelFile f = ModelFile.read(good);
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put("parameters", Arrays.copyOf(f.arrays().get("parameters"), 5));
        Path small = dir.resolve("small.flow");
        new ModelFile(f.header(), arrays).write(small);
        assertThatThrownBy(() -> TabularModel.load(small)).hasMessageContaining("'parameters' holds 5 values");
        Map<String, String> h = new LinkedHashMap<>(f.header());
        h.put("encoder.column.1.counts", "1");
        Path counts = dir.resolve("counts.flow");
        new ModelFile(h, f.arrays()).write(counts);
        assertThatThrownBy(() -> TabularModel.load(counts)).hasMessageContaining("encoder.* entries: bad column.1.counts")
                .isInstanceOf(ModelFormatException.class);
        Map<String, String> h2 = new LinkedHashMap<>(f.header());
        h2.put("tabular_format", "9");
        Path future = dir.resolve("future.flow");
        new ModelFile(h2, f.arrays()).write(future);
        assertThatThrownBy(() -> TabularModel.load(future)).hasMessageContaining("unsupported tabular model version 9");
    }
}
