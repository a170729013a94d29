package io.flowmatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.model.MlpVelocityModel;
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
        FlowModel model = FlowModel.of(trained, averaged, 9L, Map.of("trainer", "test"));
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
    void rejectsMissingOrMismatchedArguments() {
        MlpVelocityModel two = MlpVelocityModel.initialise(MlpArchitecture.defaults(2), DataType.FLOAT, 3L);
        MlpVelocityModel three = MlpVelocityModel.initialise(MlpArchitecture.defaults(3), DataType.FLOAT, 3L);
        assertThatThrownBy(() -> FlowModel.of(null, null, 0L, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be null");
        assertThatThrownBy(() -> FlowModel.of(two, three, 0L, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension 3");
    }
}
