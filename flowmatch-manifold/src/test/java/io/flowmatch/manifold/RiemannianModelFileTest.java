package io.flowmatch.manifold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.io.ModelFile;
import io.flowmatch.core.io.ModelFileContractTest;
import io.flowmatch.core.io.ModelFormatException;
import io.flowmatch.datasets.Datasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RiemannianModelFileTest extends ModelFileContractTest {

    private static RiemannianFlowModel model;

    @BeforeAll
    static void train() {
        model = RiemannianFlowMatcher.builder().manifold(Manifolds.torus(2))
                .data(ManifoldDatasets.wrappedGaussianMixture(0.3, new double[] {3, -3}))
                .hidden(8, 8).batchSize(16).iterations(10).seed(5L).train();
    }

    @Override
    protected SaveAndLoad saveAndLoad() {
        return new SaveAndLoad(model::save, RiemannianFlowModel::load);
    }

    @Test
    void savedModelLoadsBackIdentically() throws Exception {
        Path file = dir.resolve("torus.flow");
        model.save(file);
        RiemannianFlowModel again = RiemannianFlowModel.load(file);
        assertThat(again.sample(200, ManifoldSolvers.parse("rk4/geodesic"), 7, 3L))
                .isEqualTo(model.sample(200, ManifoldSolvers.parse("rk4/geodesic"), 7, 3L));
        assertThat(again.recipe()).isEqualTo(model.recipe());
        assertThat(again.provenance()).isEqualTo(model.provenance());
        assertThat(again.trainedVelocityModel().parameters()).isEqualTo(model.trainedVelocityModel().parameters());
        assertThat(again.usesWeightAverage()).isEqualTo(model.usesWeightAverage());
        assertThat(ModelFile.read(file).header()).containsEntry("format", "flowmatch-riemannian-model")
                .containsEntry("manifold", "torus:2").containsEntry("recipe.manifold", "torus:2");
        model.save(file); // replaces
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void filesOfAnotherKindAreRefusedByBothLoaders() {
        Path euclidean = dir.resolve("moons.flow");
        FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(2).seed(1L).train().save(euclidean);
        assertThatThrownBy(() -> RiemannianFlowModel.load(euclidean)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("not a Riemannian flow model").hasMessageContaining("format=flowmatch-model");
        Path riemannian = dir.resolve("torus.flow");
        model.save(riemannian);
        assertThatThrownBy(() -> FlowModel.load(riemannian)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("flowmatch-riemannian-model");
    }

    @Test
    void inconsistentContentsAreRefusedNamingWhat() {
        assertThatThrownBy(() -> rewritten(h -> h.put("format", "something-else"), a -> { }))
                .hasMessageContaining("format=something-else");
        assertThatThrownBy(() -> rewritten(h -> h.put("recipe.manifold", "cube:2"), a -> { }))
                .hasMessageContaining("invalid recipe").hasMessageContaining("cube");
        assertThatThrownBy(() -> rewritten(h -> h.put("manifold", "torus:3"), a -> { }))
                .hasMessageContaining("torus:3");
        assertThatThrownBy(() -> rewritten(h -> h.put("model.width", "5"), a -> { }))
                .hasMessageContaining("width 5");
        assertThatThrownBy(() -> rewritten(h -> h.put("model.type", "unet"), a -> { }))
                .hasMessageContaining("unet");
        assertThatThrownBy(() -> rewritten(h -> { }, a -> a.put("parameters", new float[7])))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("7 values in 'parameters'");
        assertThatThrownBy(() -> rewritten(h -> { }, a -> a.put("ema_parameters", new float[3])))
                .hasMessageContaining("ema_parameters");
        assertThatThrownBy(() -> rewritten(h -> { }, a -> a.remove("parameters")))
                .hasMessageContaining("no parameters");
        assertThatThrownBy(() -> rewritten(h -> { }, a -> {
            float[] p = a.get("parameters").clone();
            p[0] = Float.NaN;
            a.put("parameters", p);
        })).isInstanceOf(ModelFormatException.class).hasMessageContaining("NaN");
    }

    /** Saves the model, changes its header and arrays, writes them back (with a valid checksum) and loads the result. */
    private RiemannianFlowModel rewritten(Consumer<Map<String, String>> header, Consumer<Map<String, float[]>> arrays) {
        Path file = dir.resolve("edit.flow");
        model.save(file);
        ModelFile f = ModelFile.read(file);
        Map<String, String> h = new LinkedHashMap<>(f.header());
        Map<String, float[]> a = new LinkedHashMap<>(f.arrays());
        header.accept(h);
        arrays.accept(a);
        new ModelFile(h, a).write(file);
        return RiemannianFlowModel.load(file);
    }

}
