package io.flowmatch.discrete;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.io.ModelFile;
import io.flowmatch.core.io.ModelFileContractTest;
import io.flowmatch.core.io.ModelFormatException;
import io.flowmatch.datasets.Datasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Saving and loading discrete models, and clear errors for files that are not valid ones. */
class DiscreteModelFileTest extends ModelFileContractTest {

    private static DiscreteFlowModel model;

    @BeforeAll
    static void train() {
        int[][] data = Toys.checkerboard(2_000, 16, new SplittableRandom(1L));
        model = DiscreteFlowMatcher.builder().data(data, 16).source(DiscreteSources.uniform()).hidden(24, 12)
                .iterations(40).batchSize(32).ema(0.9).seed(3L).train();
    }

    @Override
    protected SaveAndLoad saveAndLoad() {
        return new SaveAndLoad(model::save, DiscreteFlowModel::load);
    }

    @Test
    void aSavedModelLoadsBackAndSamplesBitIdentically() throws Exception {
        Path file = dir.resolve("checker.flow");
        model.save(file);
        DiscreteFlowModel again = DiscreteFlowModel.load(file);
        assertThat(again.sample(3_000, 12, 11L)).isDeepEqualTo(model.sample(3_000, 12, 11L));
        DiscreteSampler corrected = DiscreteSampler.euler(9).withCorrector(2.0);
        assertThat(again.sample(500, corrected, 2L)).isDeepEqualTo(model.sample(500, corrected, 2L));
        assertThat(again.trainedPosteriorModel().parameters()).isEqualTo(model.trainedPosteriorModel().parameters());
        assertThat(again.posteriorModel().parameters()).isEqualTo(model.posteriorModel().parameters());
        assertThat(again.usesWeightAverage()).isTrue();
        assertThat(again.provenance()).isEqualTo(model.provenance());
        assertThat(again.recipe()).isEqualTo(model.recipe());
        assertThat(again.source()).isEqualTo(DiscreteSources.uniform());
        assertThat(again.length()).isEqualTo(2);
        assertThat(again.vocabulary()).isEqualTo(16);
        Map<String, String> header = ModelFile.read(file).header();
        assertThat(header).containsEntry("format", "flowmatch-discrete-model").containsEntry("recipe.source", "uniform")
                .containsEntry("model.length", "2").containsEntry("model.vocabulary", "16").containsKey("run.final_loss");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aContinuousModelIsNotADiscreteOne() {
        Path file = dir.resolve("moons.flow");
        FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(2).seed(1L).train().save(file);
        assertThatThrownBy(() -> DiscreteFlowModel.load(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("not a discrete flow model").hasMessageContaining("format=flowmatch-model");
    }

    @Test
    void wrongSizesAndBadHeadersAreRejected() {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("format", "flowmatch-discrete-model");
        header.put("model.length", "2");
        header.put("model.vocabulary", "16");
        DiscreteRecipe.builder().hidden(8).build().toMap().forEach((k, v) -> header.put("recipe." + k, v));
        Path file = dir.resolve("other.flow");
        new ModelFile(header, Map.of("parameters", new float[100])).write(file);
        assertThatThrownBy(() -> DiscreteFlowModel.load(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("100 values in 'parameters'").hasMessageContaining("needs");
        new ModelFile(header, Map.of("weights", new float[100])).write(file);
        assertThatThrownBy(() -> DiscreteFlowModel.load(file)).hasMessageContaining("no 'parameters' array");
        int count = DiscreteRecipe.builder().hidden(8).build().architecture(2, 16).parameterCount();
        float[] nan = new float[count];
        nan[5] = Float.NaN;
        new ModelFile(header, Map.of("parameters", nan)).write(file);
        assertThatThrownBy(() -> DiscreteFlowModel.load(file)).hasMessageContaining("not finite");
        Map<String, float[]> twoArrays = new LinkedHashMap<>();
        twoArrays.put("parameters", new float[count]);
        twoArrays.put("ema_parameters", new float[count - 1]);
        new ModelFile(header, twoArrays).write(file);
        assertThatThrownBy(() -> DiscreteFlowModel.load(file)).hasMessageContaining("ema_parameters");
        header.put("recipe.source", "gaussian");
        new ModelFile(header, Map.of("parameters", new float[count])).write(file);
        assertThatThrownBy(() -> DiscreteFlowModel.load(file)).hasMessageContaining("invalid header").hasMessageContaining("gaussian");
        header.put("recipe.source", "mask");
        header.put("recipe.wings", "2");
        new ModelFile(header, Map.of("parameters", new float[count])).write(file);
        assertThatThrownBy(() -> DiscreteFlowModel.load(file)).hasMessageContaining("wings");
        header.remove("recipe.wings");
        header.remove("model.length");
        new ModelFile(header, Map.of("parameters", new float[count])).write(file);
        assertThatThrownBy(() -> DiscreteFlowModel.load(file)).hasMessageContaining("model.length");
        header.put("model.length", "-2");
        new ModelFile(header, Map.of("parameters", new float[count])).write(file);
        assertThatThrownBy(() -> DiscreteFlowModel.load(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("length");
    }

}
