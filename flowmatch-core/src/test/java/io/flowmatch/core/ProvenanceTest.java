package io.flowmatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmatch.core.train.TrainingResult;
import io.flowmatch.core.train.TrainingRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every kind of flow's provenance: the recipe, the run, the kind's measurements, the version, the judge, the resumption. */
class ProvenanceTest {

    @Test
    void theRecipeComesFirstThenWhatTheRunMeasuredThenTheVersionThenWhatJudgedIt() {
        Recipe recipe = Recipes.defaults();
        TrainingRun run = new TrainingRun().resumeFrom(Path.of("runs", "moons.ckpt"));
        Map<String, String> p = Provenance.of(recipe, "moons(noise=0.05)", new TrainingResult(10, 0.5, 0.25, false, 1.2346),
                run, Map.of("threads", "2"), Map.of("best_step", "5"));
        List<String> keys = new ArrayList<>(p.keySet());
        int n = recipe.toMap().size();
        assertThat(keys.subList(0, n)).containsExactlyElementsOf(recipe.toMap().keySet());
        assertThat(keys.subList(n, keys.size())).containsExactly("data", "steps_done", "final_loss", "train_seconds",
                "threads", "library_version", "best_step", "resumed_from");
        assertThat(p).containsEntry("data", "moons(noise=0.05)").containsEntry("steps_done", "10")
                .containsEntry("final_loss", "0.25").containsEntry("train_seconds", "1.235")
                .containsEntry("library_version", FlowModel.LIBRARY_VERSION).containsEntry("resumed_from", "moons.ckpt");
    }

    @Test
    void aRunThatDidNotResumeSaysNothingOfIt() {
        Map<String, String> p = Provenance.of(Recipes.defaults(), "d", new TrainingResult(0, Double.NaN, Double.NaN, false, 0),
                new TrainingRun());
        assertThat(p).doesNotContainKey("resumed_from").containsEntry("final_loss", "NaN");
    }
}
