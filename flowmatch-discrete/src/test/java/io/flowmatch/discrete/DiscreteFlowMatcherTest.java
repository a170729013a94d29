package io.flowmatch.discrete;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.train.TrainingListener;
import io.flowmatch.core.train.TrainingProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder and the model: the API contract, validation, determinism, checkpoints and resumption. */
class DiscreteFlowMatcherTest {

    @TempDir
    Path dir;

    /** The contract of /work/shared/API.md, exactly as written there (compiled, not run: it trains 5000 steps). */
    @SuppressWarnings("unused")
    private static void apiContract(int[][] tokens, Path path) {
        DiscreteFlowModel d = DiscreteFlowMatcher.builder().data(tokens, 128).source(DiscreteSources.mask()) // or uniform()
                .iterations(5_000).batchSize(256).seed(1L).train();
        int[][] s = d.sample(100_000, 64, 7L);   // n, steps, seed
        d.save(path);  DiscreteFlowModel.load(path);
    }

    private static int[][] smallData() {
        return Toys.markov(500, 6, new SplittableRandom(2L));
    }

    private static DiscreteFlowMatcher.Builder small() {
        return DiscreteFlowMatcher.builder().data(smallData(), Toys.CHAIN_TOKENS).hidden(16).batchSize(16).iterations(30).seed(5L);
    }

    @Test
    void theContractRunsAtASmallScale() {
        Path path = dir.resolve("tokens.flow");
        DiscreteFlowModel d = DiscreteFlowMatcher.builder().data(smallData(), 8).source(DiscreteSources.mask())
                .iterations(20).batchSize(32).seed(1L).train();
        int[][] s = d.sample(300, 16, 7L);
        d.save(path);
        DiscreteFlowModel again = DiscreteFlowModel.load(path);
        assertThat(s).hasDimensions(300, 6);
        assertThat(again.sample(300, 16, 7L)).isDeepEqualTo(s);
        assertThat(again.provenance()).isEqualTo(d.provenance());
        assertThat(again.recipe()).isEqualTo(d.recipe());
    }

    @Test
    void trainingIsDeterministicAndSamplingDependsOnlyOnTheSeed() {
        DiscreteFlowModel a = small().train();
        DiscreteFlowModel b = small().train();
        assertThat(a.posteriorModel().parameters()).isEqualTo(b.posteriorModel().parameters());
        assertThat(a.sample(100, 8, 3L)).isDeepEqualTo(b.sample(100, 8, 3L));
        assertThat(a.sample(100, 8, 3L)).isNotEqualTo(a.sample(100, 8, 4L));
        // more than one chunk: each is seeded by (seed, index), so the whole is reproducible
        int[][] first = a.sample(DiscreteFlowModel.CHUNK_ROWS + 10, 4, 3L);
        assertThat(b.sample(DiscreteFlowModel.CHUNK_ROWS + 10, 4, 3L)).isDeepEqualTo(first);
    }

    @Test
    void theProvenanceNamesTheRecipeTheDataAndTheRun() {
        DiscreteFlowModel m = small().source(DiscreteSources.uniform()).loss(DiscreteLoss.GENERALIZED_KL)
                .scheduler(ConvexSchedulers.polynomial(3)).ema(0.9).train();
        assertThat(m.provenance())
                .containsEntry("source", "uniform")
                .containsEntry("loss", "generalized_kl")
                .containsEntry("scheduler", "polynomial(n=3.0)")
                .containsEntry("model", "token-mlp")
                .containsEntry("hidden", "16")
                .containsEntry("steps_done", "30")
                .containsEntry("ema_decay", "0.9")
                .containsKeys("data", "final_loss", "train_seconds", "library_version");
        assertThat(m.provenance().get("data")).startsWith("tokens(n=500, length=6, vocabulary=8, crc32=");
        assertThat(m.usesWeightAverage()).isTrue();
        assertThat(m.posteriorModel().parameters()).isNotEqualTo(m.trainedPosteriorModel().parameters());
    }

    @Test
    void listenersSeeEveryStep() {
        List<Long> steps = new ArrayList<>();
        small().iterations(7).listener(new TrainingListener() {
            @Override
            public void onStep(TrainingProgress progress) {
                steps.add(progress.step());
            }
        }).train();
        assertThat(steps).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void aCrashedRunResumedFromItsLastCheckpointEndsBitIdentically() {
        Path checkpoint = dir.resolve("run.ckpt");
        DiscreteFlowModel whole = small().iterations(40).ema(0.8).train();
        TrainingListener crash = new TrainingListener() {
            @Override
            public void onStep(TrainingProgress progress) {
                if (progress.step() == 27) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        };
        assertThatThrownBy(() -> small().iterations(40).ema(0.8).checkpoints(checkpoint, 10).listener(crash).train())
                .hasMessageContaining("simulated crash");
        DiscreteFlowModel resumed = small().iterations(40).ema(0.8).checkpoints(checkpoint, 10).resumeFrom(checkpoint).train();
        assertThat(resumed.trainedPosteriorModel().parameters().toFloatVector())
                .containsExactly(whole.trainedPosteriorModel().parameters().toFloatVector());
        assertThat(resumed.posteriorModel().parameters().toFloatVector())
                .containsExactly(whole.posteriorModel().parameters().toFloatVector());
        assertThat(resumed.provenance()).containsEntry("resumed_from", "run.ckpt").containsEntry("steps_done", "40");
        // another source, loss or data is another run
        assertThatThrownBy(() -> small().iterations(40).ema(0.8).source(DiscreteSources.uniform()).resumeFrom(checkpoint).train())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("source");
        assertThatThrownBy(() -> small().iterations(40).ema(0.8).loss(DiscreteLoss.GENERALIZED_KL).resumeFrom(checkpoint).train())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loss");
        int[][] other = smallData();
        other[3][2] = (other[3][2] + 1) % 8;
        assertThatThrownBy(() -> small().data(other, 8).iterations(40).ema(0.8).resumeFrom(checkpoint).train())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data");
    }

    @Test
    void badDataIsRefusedNamingRowAndColumn() {
        DiscreteFlowMatcher.Builder b = DiscreteFlowMatcher.builder();
        assertThatThrownBy(() -> b.data(new int[][] {{0, 1}, {1, 2, 0}}, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 1 has 3 tokens but row 0 has 2");
        assertThatThrownBy(() -> b.data(new int[][] {{0, 1}, {1, 4}}, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token 4 at row 1, column 1").hasMessageContaining("[0, 4)");
        assertThatThrownBy(() -> b.data(new int[][] {{0, -1}}, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token -1 at row 0, column 1");
        assertThatThrownBy(() -> b.data(new int[0][], 4)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no data");
        assertThatThrownBy(() -> b.data(null, 4)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no data");
        assertThatThrownBy(() -> b.data(new int[][] {{}}, 4)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> b.data(new int[][] {{0}, null}, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 1 is null");
        assertThatThrownBy(() -> b.data(new int[][] {{0}}, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vocabulary");
        assertThatThrownBy(() -> b.data(new int[][] {{0}}, -3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-3");
        assertThatThrownBy(() -> DiscreteFlowMatcher.builder().train()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("data");
    }

    @Test
    void badSettingsAreRefusedAtOnce() {
        DiscreteFlowMatcher.Builder b = DiscreteFlowMatcher.builder();
        assertThatThrownBy(() -> b.iterations(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> b.batchSize(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> b.hidden(64, -2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-2");
        assertThatThrownBy(() -> b.hidden()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.timeFrequencies(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.source(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.scheduler(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.loss(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.model(null)).isInstanceOf(IllegalArgumentException.class);
        DiscreteFlowModel m = small().iterations(2).train();
        assertThatThrownBy(() -> m.sample(0, 8, 1L)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> m.sample(-5, 8, 1L)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-5");
        assertThatThrownBy(() -> m.sample(5, -8, 1L)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-8");
        assertThatThrownBy(() -> m.sample(5, null, 1L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNetworkOfYourOwnMustFitAndCannotBeSaved() {
        TokenMlp wrong = TokenMlp.initialise(new TokenMlpArchitecture(6, 8, 8, List.of(4),
                io.flowmatch.core.model.Activation.RELU, 1, 1), 1L);
        assertThatThrownBy(() -> small().model(wrong).train()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit").hasMessageContaining("mask");
        TokenMlp right = TokenMlp.initialise(new TokenMlpArchitecture(6, 8, 8, List.of(4),
                io.flowmatch.core.model.Activation.RELU, 1, 1), 1L);
        DiscreteFlowModel trained = small().source(DiscreteSources.uniform()).model(right).iterations(3).train();
        assertThat(trained.provenance().get("model")).startsWith("custom(token-mlp(length=6");
        // a model wrapping a network that is not a TokenMlp cannot be written
        PosteriorModel oracle = new OraclePosterior(new double[] {0.5, 0.5}, 1, 2, DiscreteSources.mask(),
                ConvexSchedulers.polynomial(1));
        DiscreteFlowModel custom = DiscreteFlowModel.of(oracle, DiscreteSources.mask(), ConvexSchedulers.polynomial(1));
        assertThatThrownBy(() -> custom.save(dir.resolve("x.flow"))).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("oracle");
    }
}
