package io.flowmatch.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModelFileTest extends ModelFileContractTest {

    private static FlowModel model;

    @BeforeAll
    static void train() {
        model = FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(100).ema(0.9).seed(3L).train();
    }

    @Override
    protected SaveAndLoad saveAndLoad() {
        return new SaveAndLoad(model::save, FlowModel::load);
    }

    @Test
    void savedModelLoadsBackAndSamplesBitIdentically() throws Exception {
        Path file = dir.resolve("moons.flow");
        model.save(file);
        FlowModel again = FlowModel.load(file);
        assertThat(again.sample(500, Solvers.euler(), 20, 11L)).isEqualTo(model.sample(500, Solvers.euler(), 20, 11L));
        assertThat(again.sample(100)).isEqualTo(model.sample(100));
        assertThat(again.trainedVelocityModel().parameters()).isEqualTo(model.trainedVelocityModel().parameters());
        assertThat(again.usesWeightAverage()).isTrue();
        assertThat(again.provenance()).isEqualTo(model.provenance());
        assertThat(again.provenance()).containsEntry("data", "moons(noise=0.05)").containsEntry("seed", "3");
        // nothing but the model is left in the directory
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void theByteFormIsWhatAFileHoldsAndIsCheckedTheSameWay() throws Exception {
        Path file = dir.resolve("bytes.flow");
        model.save(file);
        byte[] onDisk = Files.readAllBytes(file);
        ModelFile read = ModelFile.read(file);
        assertThat(read.toBytes()).isEqualTo(onDisk);
        ModelFile fromBytes = ModelFile.fromBytes(onDisk, "shipped");
        assertThat(fromBytes.header()).isEqualTo(read.header());
        assertThat(fromBytes.arrays().keySet()).isEqualTo(read.arrays().keySet());
        assertThatThrownBy(() -> ModelFile.fromBytes(Arrays.copyOf(onDisk, onDisk.length - 3), "shipped"))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("shipped");
    }

    @Test
    void sizeFieldsAreCheckedBeforeAllocating() {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("format", "flowmatch-model");
        byte[] bytes = new ModelFile(header, Map.of("parameters", new float[4])).encode();
        // claim 2^60 floats in the array and fix the checksum, so only the size check can catch it
        int countOffset = bytes.length - 8 - 16 - 8;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(countOffset, 1L << 60);
        resign(bytes);
        assertThatThrownBy(() -> ModelFile.decode(bytes, "huge")).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("declares");
    }

    @Test
    void aFileForAnotherArchitectureIsRejected() {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("format", "flowmatch-model");
        header.put("model.type", "mlp");
        header.put("model.dimension", "3");
        header.put("model.hidden", "64,64,64");
        header.put("model.activation", "elu");
        header.put("sampling.seed", "1");
        Path file = dir.resolve("other.flow");
        new ModelFile(header, Map.of("parameters", new float[100])).write(file);
        assertThatThrownBy(() -> FlowModel.load(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("has 100 parameters");
        header.put("model.type", "unet");
        new ModelFile(header, Map.of("parameters", new float[100])).write(file);
        assertThatThrownBy(() -> FlowModel.load(file)).hasMessageContaining("unsupported model type 'unet'");
        header.put("model.type", "mlp");
        header.put("model.activation", "sigmoid");
        new ModelFile(header, Map.of("parameters", new float[100])).write(file);
        assertThatThrownBy(() -> FlowModel.load(file)).hasMessageContaining("invalid header");
    }

    private static void resign(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(bytes.length - 8, crc.getValue());
    }
}
