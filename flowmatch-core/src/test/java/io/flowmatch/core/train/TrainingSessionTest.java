package io.flowmatch.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.FlowMatchingObjective;
import io.flowmatch.core.Recipe;
import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.model.MlpVelocityModel;
import io.flowmatch.core.path.Paths;
import io.flowmatch.datasets.Datasets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class TrainingSessionTest {

    private static final Recipe RECIPE = Recipe.builder()
            .iterations(60).batchSize(64).seed(9L).ema(0.9).logEvery(1000).build();
    private static final TrainingConfig CONFIG = RECIPE.training();

    private static MlpVelocityModel freshModel() {
        return MlpVelocityModel.initialise(MlpArchitecture.defaults(2), DataType.FLOAT, 3L);
    }

    private static TrainingSession session(MlpVelocityModel model, long stream) {
        return new TrainingSession(CONFIG, new FlowMatchingObjective(RECIPE, model, Datasets.moons(0.05), null), stream);
    }

    @Test
    void restoringASnapshotContinuesBitIdentically() {
        MlpVelocityModel straight = freshModel();
        TrainingSession uninterrupted = session(straight, 0);
        new Trainer(CONFIG).run(uninterrupted, List.of());

        MlpVelocityModel first = freshModel();
        TrainingSession before = session(first, 0);
        for (int i = 0; i < 25; i++) {
            before.step();
        }
        TrainingState halfway = before.snapshot();
        before.step(); // work after the snapshot is lost, as in a crash

        MlpVelocityModel resumedModel = freshModel();
        TrainingSession resumed = session(resumedModel, 0);
        resumed.restore(halfway);
        assertThat(resumed.stepsDone()).isEqualTo(25);
        TrainingResult result = new Trainer(CONFIG).run(resumed, List.of());

        assertThat(result.steps()).isEqualTo(60);
        assertThat(resumedModel.parameters().toFloatVector()).containsExactly(straight.parameters().toFloatVector());
        assertThat(resumed.snapshot().average()).containsExactly(uninterrupted.snapshot().average());
        assertThat(resumed.snapshot().optimizerState(1)).containsExactly(uninterrupted.snapshot().optimizerState(1));
    }

    @Test
    void streamsDrawDifferentBatches() {
        MlpVelocityModel a = freshModel();
        MlpVelocityModel b = freshModel();
        session(a, 0).step();
        session(b, 1).step();
        assertThat(a.parameters().toFloatVector()).isNotEqualTo(b.parameters().toFloatVector());
    }

    @Test
    void snapshotHoldsAdamMomentsAndTheAverage() {
        TrainingSession s = session(freshModel(), 0);
        s.step();
        TrainingState state = s.snapshot();
        assertThat(state.step()).isEqualTo(1);
        assertThat(state.optimizerStateCount()).isEqualTo(2);
        assertThat(state.hasAverage()).isTrue();
        assertThat(state.optimizerState(0)).isNotEqualTo(new float[state.parameterCount()]);
    }

    @Test
    void restoreRejectsAStateOfAnotherShape() {
        TrainingSession s = session(freshModel(), 0);
        TrainingState wrong = new TrainingState(3, new float[10], List.of(new float[10], new float[10]), new float[10]);
        assertThatThrownBy(() -> s.restore(wrong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10 parameters");
        int n = (int) freshModel().parameterCount();
        TrainingState noAverage = new TrainingState(3, new float[n], List.of(new float[n], new float[n]), null);
        assertThatThrownBy(() -> s.restore(noAverage)).hasMessageContaining("weight average");
    }

    @Test
    void stateRejectsNonFiniteValuesAndNegativeSteps() {
        assertThatThrownBy(() -> new TrainingState(-1, new float[2], List.of(), null))
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> new TrainingState(0, new float[] {1f, Float.NaN}, List.of(), null))
                .hasMessageContaining("index 1");
        assertThatThrownBy(() -> new TrainingState(0, new float[2], List.of(new float[3]), null))
                .hasMessageContaining("optimizer state 0");
    }

    @Test
    void runRejectsASessionOfAnotherConfiguration() {
        TrainingSession s = session(freshModel(), 0);
        assertThatThrownBy(() -> new Trainer(CONFIG.toBuilder().build()).run(s, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another configuration");
    }
}
