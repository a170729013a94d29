package io.flowmatch.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.io.CheckpointFile;
import io.flowmatch.core.train.TrainingListener;
import io.flowmatch.core.train.TrainingProgress;
import io.flowmatch.datasets.Datasets;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code train --checkpoint/--checkpoint-every/--resume} and the Ctrl-C hook that writes a final checkpoint. */
class TrainCheckpointCliTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static float[] weights(Path model) {
        return FlowModel.load(model).trainedVelocityModel().parameters().toFloatVector();
    }

    @Test
    void checkpointsEveryNStepsAndResumingEndsWhereAnUninterruptedRunEnds() throws Exception {
        // the constant-rate toy recipe: a run extended from 50 to 80 steps equals an 80-step run only when
        // the rate does not depend on the run's length (the default cosine decay does)
        Path ckpt = dir.resolve("run.ckpt");
        CliRun first = run("train", "--data", "moons", "--recipe", "toy-experiments", "--iterations", "50", "--batch", "32",
                "--checkpoint", ckpt.toString(),
                "--checkpoint-every", "20", "--out", dir.resolve("a.flow").toString());
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(CheckpointFile.read(ckpt).header()).containsEntry("step", "50");

        CliRun resumed = run("train", "--data", "moons", "--recipe", "toy-experiments", "--iterations", "80", "--batch", "32",
                "--resume", ckpt.toString(),
                "--out", dir.resolve("resumed.flow").toString());
        assertThat(resumed.status()).as(resumed.err()).isZero();
        CliRun straight = run("train", "--data", "moons", "--recipe", "toy-experiments", "--iterations", "80", "--batch", "32",
                "--out", dir.resolve("straight.flow").toString());
        assertThat(straight.status()).as(straight.err()).isZero();
        assertThat(weights(dir.resolve("resumed.flow"))).containsExactly(weights(dir.resolve("straight.flow")));
        // without --checkpoint-every and without an interruption no checkpoint is written
        assertThat(Files.exists(dir.resolve("straight.flow.ckpt"))).isFalse();
    }

    @Test
    void badCheckpointArgumentsEndWithOneLineAndStatusTwo() throws Exception {
        Path model = dir.resolve("m.flow");
        assertThat(run("train", "--data", "moons", "--iterations", "5", "--out", model.toString()).status()).isZero();
        Path ckpt = dir.resolve("b.ckpt");
        assertThat(run("train", "--data", "moons", "--iterations", "5", "--checkpoint-every", "5", "--checkpoint",
                ckpt.toString(), "--out", dir.resolve("b.flow").toString()).status()).isZero();
        String out = dir.resolve("x.flow").toString();
        String[][] mistakes = {
            {"train", "--data", "moons", "--checkpoint-every", "-1", "--out", out},
            {"train", "--data", "moons", "--resume", dir.resolve("missing.ckpt").toString(), "--out", out},
            {"train", "--data", "moons", "--resume", model.toString(), "--out", out},
            {"train", "--data", "moons", "--batch", "64", "--resume", ckpt.toString(), "--out", out},
            {"train", "--data", "spiral", "--resume", ckpt.toString(), "--out", out},
            {"train", "--data", "moons", "--activation", "sigmoid", "--out", out},
            {"train", "--data", "moons", "--lr", "NaN", "--out", out},
            {"train", "--data", "moons", "--checkpoint-every", "x", "--out", out},
        };
        for (String[] args : mistakes) {
            CliRun r = run(args);
            assertThat(r.status()).as("status of %s: %s", String.join(" ", args), r.err()).isEqualTo(2);
            assertThat(r.err().strip()).as("stderr of %s", String.join(" ", args)).startsWith("error: ")
                    .doesNotContain("\n").doesNotContain("Exception");
        }
        assertThat(Files.exists(dir.resolve("x.flow"))).isFalse();
    }

    @Test
    void theHookStopsTrainingWaitsForTheFinalCheckpointAndSaysWhereItIs() throws Exception {
        Path ckpt = dir.resolve("hook.ckpt");
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        InterruptCheckpoint interrupt = new InterruptCheckpoint(ckpt, new PrintStream(message, true, StandardCharsets.UTF_8),
                Duration.ofSeconds(60));
        CountDownLatch running = new CountDownLatch(10);
        TrainingListener count = new TrainingListener() {
            @Override
            public void onStep(TrainingProgress p) {
                running.countDown();
            }
        };
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread training = new Thread(() -> {
            try (InterruptCheckpoint closing = interrupt) {
                FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(100_000_000).batchSize(32)
                        .checkpoints(ckpt, 0).listener(count).listener(closing.signal()).train();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        training.start();
        assertThat(running.await(60, TimeUnit.SECONDS)).isTrue();

        interrupt.onInterrupt(); // what the JVM runs on Ctrl-C; returns once the checkpoint is written

        long step = Long.parseLong(CheckpointFile.read(ckpt).header().get("step"));
        assertThat(step).isGreaterThanOrEqualTo(10);
        assertThat(message.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("interrupted at step " + step + ": checkpoint written to " + ckpt + "; continue with --resume "
                        + ckpt);
        training.join(60_000);
        assertThat(failure.get()).isNull();
        assertThat(interrupt.stoppedEarly()).isTrue();
    }

    @Test
    void theHookReturnsAtOnceWhenTrainingIsAlreadyOver() {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        InterruptCheckpoint interrupt = new InterruptCheckpoint(dir.resolve("none.ckpt"),
                new PrintStream(message, true, StandardCharsets.UTF_8), Duration.ofMinutes(10));
        interrupt.install().close(); // training failed or ended before any step: close() releases the hook
        interrupt.onInterrupt();
        assertThat(message.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(Files.exists(dir.resolve("none.ckpt"))).isFalse();
    }

    /**
     * The real thing: a child JVM running {@code train} gets SIGINT, writes a final checkpoint and
     * exits with status 130. Skipped where there is no {@code kill} command.
     */
    @Test
    void sigintToATrainingProcessWritesAFinalCheckpoint() throws Exception {
        assumeThat(new File("/bin/kill").canExecute() || new File("/usr/bin/kill").canExecute()).isTrue();
        Path ckpt = dir.resolve("sigint.ckpt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp",
                System.getProperty("java.class.path"), FlowmatchCli.class.getName(), "train", "--data", "moons",
                "--iterations", "100000000", "--batch", "32", "--checkpoint", ckpt.toString(),
                "--out", dir.resolve("never.flow").toString()).redirectErrorStream(true);
        Process child = builder.start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean signalled = false;
            while ((line = in.readLine()) != null) {
                output.append(line).append('\n');
                if (!signalled && line.contains("step 500/")) {
                    new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();
                    signalled = true;
                }
            }
            assertThat(signalled).as(output.toString()).isTrue();
        } finally {
            if (!child.waitFor(120, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        assertThat(child.exitValue()).as(output.toString()).isEqualTo(130);
        long step = Long.parseLong(CheckpointFile.read(ckpt).header().get("step"));
        assertThat(step).isGreaterThanOrEqualTo(500);
        assertThat(output.toString()).contains("interrupted at step " + step + ": checkpoint written to " + ckpt);
        assertThat(Files.exists(dir.resolve("never.flow"))).isFalse();
        assertThat(List.of(dir.toFile().list())).containsExactly("sigint.ckpt");
    }
}
