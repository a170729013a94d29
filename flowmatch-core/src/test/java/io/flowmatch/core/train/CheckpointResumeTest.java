package io.flowmatch.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.io.CheckpointFile;
import io.flowmatch.core.io.ModelFormatException;
import io.flowmatch.datasets.Datasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints and resumption through the facade: a run that crashes (or is stopped) half-way and
 * is resumed from its last checkpoint ends with bit-identical weights to one that never stopped.
 */
class CheckpointResumeTest {

    private static final long ITERATIONS = 60;
    private static FlowModel uninterrupted;

    @TempDir
    Path dir;

    /** The run every test resumes: moons, batch 64, EMA, cosine schedule (depends on the step). */
    private static FlowMatcher.Builder recipe() {
        return FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(ITERATIONS).batchSize(64).seed(5L)
                .ema(0.9).schedule(io.flowmatch.core.train.LearningRateSchedule.cosine(0.1)).logEvery(1000);
    }

    @BeforeAll
    static void trainWithoutInterruption() {
        uninterrupted = recipe().train();
    }

    /** A listener that throws at {@code step}, as a crash (kill -9, power cut) would end the run there. */
    private static TrainingListener crashAt(long step) {
        return new TrainingListener() {
            @Override
            public void onStep(TrainingProgress p) {
                if (p.step() == step) {
                    throw new IllegalStateException("simulated crash at step " + step);
                }
            }
        };
    }

    private static void assertSameWeights(FlowModel a, FlowModel b) {
        assertThat(a.trainedVelocityModel().parameters().toFloatVector())
                .containsExactly(b.trainedVelocityModel().parameters().toFloatVector());
        assertThat(a.velocityModel().parameters().toFloatVector())
                .containsExactly(b.velocityModel().parameters().toFloatVector());
    }

    @Test
    void aCrashedRunResumedFromItsLastCheckpointEndsBitIdentically() {
        Path file = dir.resolve("run.ckpt");
        assertThatThrownBy(() -> recipe().checkpoints(file, 20).listener(crashAt(47)).train())
                .hasMessageContaining("simulated crash");
        assertThat(CheckpointFile.read(file).header()).containsEntry("step", "40");

        FlowModel resumed = recipe().checkpoints(file, 20).resumeFrom(file).train();

        assertSameWeights(resumed, uninterrupted);
        assertThat(resumed.provenance()).containsEntry("resumed_from", "run.ckpt").containsEntry("steps_done", "60");
        assertThat(CheckpointFile.read(file).header()).containsEntry("step", "60");
        // only the checkpoint is left in the directory: no temporary files
        assertThat(dir.toFile().list()).containsExactly("run.ckpt");
    }

    @Test
    void aStopRequestWritesAFinalCheckpointFromWhichTheRunContinues() throws Exception {
        Path file = dir.resolve("stop.ckpt");
        StopSignal stop = new StopSignal();
        TrainingListener requestAt23 = new TrainingListener() {
            @Override
            public void onStep(TrainingProgress p) {
                if (p.step() == 23) {
                    stop.request();
                }
            }
        };
        FlowModel partial = recipe().checkpoints(file, 0).listener(requestAt23).listener(stop).train();
        assertThat(stop.awaitEnd(Duration.ZERO)).isTrue();
        // the signal comes after the requesting listener, so it sees the request in the same step
        assertThat(stop.stepsAtEnd()).isEqualTo(23);
        assertThat(partial.provenance()).containsEntry("steps_done", "23");
        assertThat(CheckpointFile.read(file).header()).containsEntry("step", "23");

        assertSameWeights(recipe().resumeFrom(file).train(), uninterrupted);
    }

    @Test
    void aStopRequestAtTheLastStepIsAFullRunWithoutACheckpoint() throws Exception {
        Path file = dir.resolve("late.ckpt");
        StopSignal stop = new StopSignal();
        TrainingListener requestAtEnd = new TrainingListener() {
            @Override
            public void onStep(TrainingProgress p) {
                if (p.step() == ITERATIONS) {
                    stop.request();
                }
            }
        };
        FlowModel full = recipe().checkpoints(file, 0).listener(requestAtEnd).listener(stop).train();
        assertThat(stop.requested()).isTrue();
        assertThat(stop.stoppedEarly()).isFalse();
        assertThat(Files.exists(file)).isFalse();
        assertSameWeights(full, uninterrupted);
    }

    @Test
    void aStopFromAnotherThreadEndsTheRunAfterTheFinalCheckpoint() throws Exception {
        Path file = dir.resolve("thread.ckpt");
        StopSignal stop = new StopSignal();
        CountDownLatch started = new CountDownLatch(5);
        TrainingListener counter = new TrainingListener() {
            @Override
            public void onStep(TrainingProgress p) {
                started.countDown();
            }
        };
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread training = new Thread(() -> {
            try {
                recipe().iterations(10_000_000).checkpoints(file, 0).listener(counter).listener(stop).train();
            } catch (Throwable t) {
                failure.set(t);
                stop.ended();
            }
        });
        training.start();
        assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
        stop.request();
        assertThat(stop.awaitEnd(Duration.ofSeconds(60))).isTrue();
        // awaitEnd returns only once the final checkpoint is complete on disk
        assertThat(CheckpointFile.read(file).header()).containsEntry("step", Long.toString(stop.stepsAtEnd()));
        training.join(60_000);
        assertThat(failure.get()).isNull();
        assertThat(stop.stepsAtEnd()).isBetween(5L, 10_000_000L - 1);
        assertThat(stop.stoppedEarly()).isTrue();
    }

    @Test
    void aRunWithOtherSettingsRefusesTheCheckpointAndNamesTheDifferences() {
        Path file = dir.resolve("a.ckpt");
        recipe().iterations(10).checkpoints(file, 10).train();

        assertThatThrownBy(() -> recipe().batchSize(32).resumeFrom(file).train())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch_size was 64, now 32");
        assertThatThrownBy(() -> recipe().hidden(32, 32).resumeFrom(file).train())
                .hasMessageContaining("parameter_count was").hasMessageContaining("model was");
        assertThatThrownBy(() -> recipe().data(Datasets.spiral()).resumeFrom(file).train())
                .hasMessageContaining("data was moons(noise=0.05), now spiral");
        assertThatThrownBy(() -> recipe().data(Datasets.gaussian(3)).resumeFrom(file).train())
                .hasMessageContaining("parameter_count was");
        assertThatThrownBy(() -> recipe().seed(6L).ema(0.0).resumeFrom(file).train())
                .hasMessageContaining("seed was 5, now 6").hasMessageContaining("ema_decay was 0.9, now 0.0");
        // more iterations than the checkpointed run is allowed: training goes on from step 10
        assertThat(recipe().iterations(12).resumeFrom(file).train().provenance()).containsEntry("steps_done", "12");
    }

    @Test
    void modelFilesAndCorruptCheckpointsAreRefused() throws Exception {
        Path model = dir.resolve("m.flow");
        uninterrupted.save(model);
        assertThatThrownBy(() -> recipe().resumeFrom(model).train())
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("not a flowmatch checkpoint file");
        Path file = dir.resolve("c.ckpt");
        recipe().iterations(5).checkpoints(file, 5).train();
        assertThatThrownBy(() -> FlowModel.load(file))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("not a flowmatch model file");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        assertThatThrownBy(() -> recipe().resumeFrom(file).train())
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("checksum");
        assertThatThrownBy(() -> recipe().resumeFrom(dir.resolve("none.ckpt")).train())
                .hasMessageContaining("no such checkpoint file");
    }

    @Test
    void builderRejectsBadCheckpointSettings() {
        assertThatThrownBy(() -> FlowMatcher.builder().checkpoints(null, 10)).hasMessageContaining("must not be null");
        assertThatThrownBy(() -> FlowMatcher.builder().checkpoints(dir.resolve("x"), -1))
                .hasMessageContaining("must not be negative, got -1");
        assertThatThrownBy(() -> FlowMatcher.builder().resumeFrom(null)).hasMessageContaining("must not be null");
        assertThatThrownBy(() -> FlowMatcher.builder().onDivergence(null)).hasMessageContaining("must not be null");
    }
}
