package io.flowmatch.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.Recipes;
import io.flowmatch.core.io.CheckpointFile;
import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.model.MlpVelocityModel;
import io.flowmatch.datasets.DataSource;
import io.flowmatch.datasets.Datasets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** A step with a non-finite loss: stop with the step named and the last good weights, or skip it. */
class DivergencePolicyTest {

    @TempDir
    Path dir;

    /**
     * Two moons, except that the batches of the given steps hold a point at 3e37, whose squared
     * error overflows: each step draws the data exactly once, so call k is step k (training in
     * the data's units: standardizing would draw from it once more, to fit).
     */
    private static final class Poisoned implements DataSource {
        private final DataSource moons = Datasets.moons(0.05);
        private final long from;
        private final long to;
        private long calls;

        Poisoned(long from, long to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public void sample(RandomGenerator rng, float[] out, int n) {
            moons.sample(rng, out, n);
            calls++;
            if (calls >= from && calls <= to) {
                out[0] = 3e37f;
            }
        }

        @Override
        public String description() {
            return moons.description();
        }
    }

    private static MlpVelocityModel freshModel() {
        return MlpVelocityModel.initialise(MlpArchitecture.defaults(2), DataType.FLOAT, 4L);
    }

    /**
     * The constant-rate toy recipe: these tests compare a run cut short with the first steps of a
     * longer one and name the rates of single steps, which a decaying schedule (the defaults')
     * would make depend on the run's length.
     */
    private static FlowMatcher.Builder recipe(DataSource data, MlpVelocityModel model) {
        return FlowMatcher.builder().recipe(Recipes.toyExperiments()).data(data).normalize(false).model(model).iterations(40).batchSize(32).seed(8L).logEvery(1000);
    }

    @Test
    void divergenceStopsAtTheNamedStepKeepingTheLastGoodWeightsAndCheckpointingThem() {
        MlpVelocityModel reference = freshModel();
        recipe(new Poisoned(0, -1), reference).iterations(24).train();

        MlpVelocityModel model = freshModel();
        Path file = dir.resolve("last-good.ckpt");
        assertThatThrownBy(() -> recipe(new Poisoned(25, 25), model).checkpoints(file, 0).train())
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("diverged at step 25: loss is Infinity")
                .satisfies(e -> assertThat(((TrainingDivergedException) e).step()).isEqualTo(25));
        // the model trained in place holds the weights of step 24, untouched by the bad step
        assertThat(model.parameters().toFloatVector()).containsExactly(reference.parameters().toFloatVector());
        CheckpointFile checkpoint = CheckpointFile.read(file);
        assertThat(checkpoint.header()).containsEntry("step", "24");
        assertThat(checkpoint.arrays().get("parameters")).containsExactly(reference.parameters().toFloatVector());
    }

    @Test
    void theSkipPolicyDropsTheStepLowersTheLearningRateAndGoesOn() {
        Map<Long, Double> rates = new HashMap<>();
        TrainingListener record = new TrainingListener() {
            @Override
            public void onStep(TrainingProgress p) {
                rates.put(p.step(), p.learningRate());
            }
        };
        MlpVelocityModel model = freshModel();
        FlowModel trained = recipe(new Poisoned(25, 26), model)
                .onDivergence(DivergencePolicy.skipAndLowerLearningRate(0.5, 3)).listener(record).train();

        assertThat(trained.provenance()).containsEntry("steps_done", "40");
        assertThat(rates).doesNotContainKeys(25L, 26L).containsEntry(24L, 1e-2).containsEntry(27L, 1e-2 * 0.25)
                .containsEntry(40L, 1e-2 * 0.25);
        for (float w : model.parameters().toFloatVector()) {
            assertThat(w).isFinite();
        }
    }

    @Test
    void theSkipPolicyStopsOnceItsBudgetIsSpent() {
        assertThatThrownBy(() -> recipe(new Poisoned(25, 1000), freshModel())
                .onDivergence(DivergencePolicy.skipAndLowerLearningRate(0.5, 3)).train())
                .isInstanceOf(TrainingDivergedException.class).hasMessageContaining("diverged at step 28");
    }

    @Test
    void aResumedRunKeepsTheLoweredLearningRate() {
        DivergencePolicy skip = DivergencePolicy.skipAndLowerLearningRate(0.5, 3);
        Path file = dir.resolve("skip.ckpt");
        MlpVelocityModel straight = freshModel();
        recipe(new Poisoned(25, 25), straight).onDivergence(skip).checkpoints(file, 30).train();
        assertThat(CheckpointFile.read(file).header()).containsEntry("learning_rate_scale", "0.5")
                .containsEntry("skipped_steps", "1");
        // the checkpoint of step 30 is overwritten at the end; take it again from a 30-step run
        recipe(new Poisoned(25, 25), freshModel()).onDivergence(skip).iterations(30).checkpoints(file, 30).train();

        MlpVelocityModel resumed = freshModel();
        recipe(new Poisoned(0, -1), resumed).onDivergence(skip).resumeFrom(file).train();
        assertThat(resumed.parameters().toFloatVector()).containsExactly(straight.parameters().toFloatVector());
    }

    @Test
    void policyArgumentsAreChecked() {
        assertThatThrownBy(() -> DivergencePolicy.skipAndLowerLearningRate(1.0, 3)).hasMessageContaining("[0.01, 1)");
        assertThatThrownBy(() -> DivergencePolicy.skipAndLowerLearningRate(Double.NaN, 3)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> DivergencePolicy.skipAndLowerLearningRate(0.5, 0)).hasMessageContaining("[1, 100]");
        assertThat(DivergencePolicy.stop().skips()).isFalse();
    }
}
