package io.flowmatch.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.io.ModelFile;
import io.flowmatch.core.io.ModelFileContractTest;
import io.flowmatch.core.io.ModelFormatException;
import io.flowmatch.datasets.Datasets;
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
import org.nd4j.linalg.api.ndarray.INDArray;

/** Saving and loading image models: bit-identical samples after a round trip, clear errors for bad files. */
class ImageModelFileTest extends ModelFileContractTest {

    private static final UNetArchitecture TINY = new UNetArchitecture(28, 28, 10, 3, 4, 4, 6);

    private static ImageFlowModel model;

    @BeforeAll
    static void train() {
        model = ImageFlowMatcher.builder().images(Shapes.generate(60, 2L)).architecture(TINY).iterations(8)
                .batchSize(6).ema(0.9).labelDropout(0.2).seed(4L).train();
    }

    @Override
    protected SaveAndLoad saveAndLoad() {
        return new SaveAndLoad(model::save, ImageFlowModel::load);
    }

    @Test
    void savedModelLoadsBackAndSamplesBitIdentically() throws Exception {
        Path file = dir.resolve("shapes.flow");
        model.save(file);
        ImageFlowModel again = ImageFlowModel.load(file);

        int[] labels = model.gridLabels(2);
        INDArray expected = model.sample(labels, 2.0, 5, 9L);
        INDArray actual = again.sample(labels, 2.0, 5, 9L);
        assertThat(values(actual)).containsExactly(values(expected));
        assertThat(again.trainedVelocityModel().parameters().toFloatVector())
                .containsExactly(model.trainedVelocityModel().parameters().toFloatVector());
        assertThat(again.velocityModel().parameters().toFloatVector())
                .containsExactly(model.velocityModel().parameters().toFloatVector());
        assertThat(again.usesWeightAverage()).isTrue();
        assertThat(again.recipe()).isEqualTo(model.recipe());
        assertThat(again.provenance()).isEqualTo(model.provenance());
        assertThat(again.provenance()).containsEntry("label_dropout", "0.2").containsEntry("seed", "4")
                .containsEntry("data", "60 images of 28x28 in 10 classes").containsKeys("train_seconds", "final_loss");
        assertThat(ModelFile.read(file).header()).containsEntry("format", "flowmatch-image-model")
                .containsEntry("model.architecture", TINY.toString())
                .containsEntry("model.parameter_count", Long.toString(TINY.parameterCount()))
                .containsEntry("recipe.ema_decay", "0.9");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aModelWithoutWeightAverageSamplesItsLastWeights() {
        ImageFlowModel last = ImageFlowMatcher.builder().images(Shapes.generate(20, 2L)).architecture(TINY)
                .iterations(2).batchSize(4).ema(0).seed(4L).train();
        Path file = dir.resolve("last.flow");
        last.save(file);
        ImageFlowModel again = ImageFlowModel.load(file);
        assertThat(again.usesWeightAverage()).isFalse();
        assertThat(values(again.sample(new int[] {3, 7}, 1.0, 2, 1L)))
                .containsExactly(values(last.sample(new int[] {3, 7}, 1.0, 2, 1L)));
    }

    @Test
    void aContinuousFlowFileIsNotAnImageModel() {
        Path file = dir.resolve("moons.flow");
        FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(1).train().save(file);
        assertThatThrownBy(() -> ImageFlowModel.load(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("not a flowmatch image model (format=flowmatch-model)");
    }

    @Test
    void inconsistentSizesAreRefusedBeforeAModelIsBuilt() throws Exception {
        Path file = dir.resolve("m.flow");
        model.save(file);
        ModelFile good = ModelFile.read(file);

        assertThatThrownBy(() -> rewrite(good, (h, a) -> a.put("parameters", Arrays.copyOf(a.get("parameters"), 10))))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("10 values in 'parameters'");
        assertThatThrownBy(() -> rewrite(good, (h, a) -> a.put("ema_parameters", new float[3])))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("3 values in 'ema_parameters'");
        assertThatThrownBy(() -> rewrite(good, (h, a) -> a.remove("parameters")))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("no parameters");
        assertThatThrownBy(() -> rewrite(good, (h, a) -> h.put("model.parameter_count", "12")))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("declares 12 parameters");
        UNetArchitecture other = new UNetArchitecture(28, 28, 10, 3, 4, 4, 8);
        assertThatThrownBy(() -> rewrite(good, (h, a) -> h.put("model.architecture", other.toString())))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("declares");
        assertThatThrownBy(() -> rewrite(good, (h, a) -> {
            h.put("model.architecture", other.toString());
            h.put("model.parameter_count", Long.toString(other.parameterCount()));
        })).isInstanceOf(ModelFormatException.class).hasMessageContaining("its recipe names");
        assertThatThrownBy(() -> rewrite(good, (h, a) -> h.put("model.architecture", "unet(28x28, classes=-1)")))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("invalid header");
        assertThatThrownBy(() -> rewrite(good, (h, a) -> h.remove("model.architecture")))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("no 'model.architecture'");
        assertThatThrownBy(() -> rewrite(good, (h, a) -> h.put("model.type", "mlp")))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("unsupported image model type");
        assertThatThrownBy(() -> rewrite(good, (h, a) -> h.put("recipe.label_dropout", "7")))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("label dropout");
        assertThatThrownBy(() -> rewrite(good, (h, a) -> a.get("parameters")[5] = Float.NaN))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("finite");
    }

    @Test
    void aHugeDeclaredArrayIsRefusedWithoutAllocatingIt() throws Exception {
        Path file = dir.resolve("m.flow");
        model.save(file);
        byte[] bytes = Files.readAllBytes(file);
        // the element count of the first array sits after its name (length 10, then "parameters"): declare 2^40 values
        byte[] name = ByteBuffer.allocate(14).order(ByteOrder.LITTLE_ENDIAN).putInt(10)
                .put("parameters".getBytes(java.nio.charset.StandardCharsets.UTF_8)).array();
        int at = indexOf(bytes, name) + name.length;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(at, 1L << 40);
        fixChecksum(bytes);
        assertThatThrownBy(() -> load(bytes)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("declares " + (1L << 40) + " values");
    }

    private void rewrite(ModelFile good, java.util.function.BiConsumer<Map<String, String>, Map<String, float[]>> change) {
        Map<String, String> header = new LinkedHashMap<>(good.header());
        Map<String, float[]> arrays = new LinkedHashMap<>();
        good.arrays().forEach((k, v) -> arrays.put(k, v.clone()));
        change.accept(header, arrays);
        Path bad = dir.resolve("bad.flow");
        new ModelFile(header, arrays).write(bad);
        ImageFlowModel.load(bad);
    }

    private ImageFlowModel load(byte[] bytes) throws Exception {
        Path bad = dir.resolve("bad.flow");
        Files.write(bad, bytes);
        return ImageFlowModel.load(bad);
    }

    /** Every value of a matrix, row-major. */
    static float[] values(INDArray x) {
        return x.dup('c').data().asFloat();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    private static void fixChecksum(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(bytes.length - 8, crc.getValue());
    }
}
