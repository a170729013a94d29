package io.flowmatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.model.MlpVelocityModel;
import io.flowmatch.core.path.Prediction;
import io.flowmatch.solvers.Solvers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** {@link FlowModel#of}: a model built from outside the package behaves like a trained one. */
class FlowModelFactoryTest {

    @Test
    void copiesItsArgumentsAndSavesAndLoadsLikeAnyModel(@TempDir Path dir) {
        MlpVelocityModel trained = MlpVelocityModel.initialise(MlpArchitecture.defaults(2), DataType.FLOAT, 3L);
        MlpVelocityModel averaged = MlpVelocityModel.initialise(MlpArchitecture.defaults(2), DataType.FLOAT, 4L);
        FlowModel model = FlowModel.of(new FlowModel.Contents(trained, averaged, 9L, null, Prediction.VELOCITY, null,
                Map.of("trainer", "test")));
        float[] before = model.velocityModel().parameters().toFloatVector();
        averaged.parameters().addi(1f);
        trained.parameters().addi(1f);

        assertThat(model.velocityModel().parameters().toFloatVector()).isEqualTo(before);
        assertThat(model.usesWeightAverage()).isTrue();
        assertThat(model.seed()).isEqualTo(9L);
        assertThat(model.provenance()).containsEntry("trainer", "test").containsKey("library_version");

        Path file = dir.resolve("m.flow");
        model.save(file);
        assertThat(Files.exists(file)).isTrue();
        FlowModel again = FlowModel.load(file);
        assertThat(again.sample(50, Solvers.euler(), 10).ravel().toFloatVector())
                .isEqualTo(model.sample(50, Solvers.euler(), 10).ravel().toFloatVector());
    }

    @Test
    void aModelOfARecipeTakesItsSeedPredictionAndPath() {
        MlpVelocityModel trained = MlpVelocityModel.initialise(MlpArchitecture.defaults(2), DataType.FLOAT, 3L);
        Recipe recipe = Recipe.builder().seed(5L).path(io.flowmatch.core.path.Paths.cosine())
                .prediction(Prediction.DATA).build();
        FlowModel model = FlowModel.of(trained, null, recipe, null, recipe.toMap());
        assertThat(model.seed()).isEqualTo(5L);
        assertThat(model.prediction()).isEqualTo(Prediction.DATA);
        assertThat(model.predictionPath().description()).isEqualTo("cosine");
        assertThat(model.hasStandardSource()).isTrue();
        assertThat(model.provenance()).containsEntry("path", "cosine").containsEntry("prediction", "data");
    }

    @Test
    void rejectsMissingOrMismatchedArguments() {
        MlpVelocityModel two = MlpVelocityModel.initialise(MlpArchitecture.defaults(2), DataType.FLOAT, 3L);
        MlpVelocityModel three = MlpVelocityModel.initialise(MlpArchitecture.defaults(3), DataType.FLOAT, 3L);
        assertThatThrownBy(() -> FlowModel.of(new FlowModel.Contents(null, null, 0L, null, Prediction.VELOCITY, null, Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be null");
        assertThatThrownBy(() -> FlowModel.of(new FlowModel.Contents(two, three, 0L, null, Prediction.VELOCITY, null, Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension 3");
    }
}
