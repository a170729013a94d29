package io.flowmatch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmatch.core.FlowModel;
import io.flowmatch.datasets.Datasets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The algorithm choices on the command line: --recipe, --schedule, --warmup, --clip, --ema, --path,
 * --time-sampler, --coupling, --source, reflow.
 */
class RecipeCommandsTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void trainRecordsTheChosenPathTimeSamplerCouplingAndSource() {
        Path model = dir.resolve("m.flow");
        CliRun r = run("train", "--data", "moons", "--iterations", "30", "--batch", "32", "--path", "cosine",
                "--time-sampler", "warp:0.6", "--coupling", "ot", "--source", "8gaussians", "--out", model.toString());
        assertThat(r.status()).as(r.err()).isZero();
        FlowModel flow = FlowModel.load(model, Datasets.eightGaussians());
        assertThat(flow.provenance()).containsEntry("path", "cosine").containsEntry("time_sampler", "warp(s=0.6)")
                .containsEntry("coupling", "exact_ot");
        Path csv = dir.resolve("s.csv");
        CliRun missing = run("sample", "--model", model.toString(), "--n", "5", "--out", csv.toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("custom source");
        CliRun sample = run("sample", "--model", model.toString(), "--source", "8gaussians", "--n", "5",
                "--out", csv.toString());
        assertThat(sample.status()).as(sample.err()).isZero();
    }

    @Test
    void badAlgorithmNamesEndWithOneLineAndStatusTwo() {
        String out = dir.resolve("x.flow").toString();
        String[][] mistakes = {
            {"train", "--data", "moons", "--path", "spline", "--out", out},
            {"train", "--data", "moons", "--time-sampler", "warp:3", "--out", out},
            {"train", "--data", "moons", "--coupling", "greedy", "--out", out},
            {"train", "--data", "moons", "--prediction", "score", "--out", out},
            {"train", "--data", "moons", "--prediction", "data", "--path", "sb:0.1", "--out", out},
            {"train", "--data", "moons", "--source", "nosuchdata", "--out", out},
            {"reflow", "--model", dir.resolve("none.flow").toString(), "--out", out},
        };
        for (String[] args : mistakes) {
            CliRun r = run(args);
            assertThat(r.status()).as("status of %s", String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).as("stderr of %s", String.join(" ", args)).startsWith("error: ")
                    .doesNotContain("\n");
        }
        assertThat(Files.exists(dir.resolve("x.flow"))).isFalse();
    }

    @Test
    void trainStartsFromTheDefaultRecipeOrTheNamedOne() {
        Path defaults = dir.resolve("d.flow");
        CliRun d = run("train", "--data", "moons", "--iterations", "20", "--batch", "32", "--out", defaults.toString());
        assertThat(d.status()).as(d.err()).isZero();
        assertThat(FlowModel.load(defaults).provenance())
                .containsAllEntriesOf(withoutRunSettings(io.flowmatch.core.Recipes.defaults().toMap()))
                .containsEntry("iterations", "20").containsEntry("batch_size", "32").containsEntry("seed", "42");

        Path toy = dir.resolve("t.flow");
        CliRun t = run("train", "--data", "moons", "--recipe", "toy-experiments", "--iterations", "20", "--out",
                toy.toString());
        assertThat(t.status()).as(t.err()).isZero();
        assertThat(FlowModel.load(toy).provenance())
                .containsAllEntriesOf(withoutRunSettings(io.flowmatch.core.Recipes.toyExperiments().toMap()))
                .containsEntry("schedule", "constant").containsEntry("ema_decay", "0.0")
                .containsEntry("batch_size", "256");
    }

    @Test
    void scheduleWarmupClipAndEmaReachTheRecipe() {
        Path model = dir.resolve("m.flow");
        CliRun r = run("train", "--data", "moons", "--recipe", "toy-experiments", "--iterations", "20", "--batch", "16",
                "--schedule", "cosine:0.1", "--warmup", "5", "--clip", "1.5", "--ema", "0.99", "--lr", "0.003",
                "--out", model.toString());
        assertThat(r.status()).as(r.err()).isZero();
        FlowModel flow = FlowModel.load(model);
        assertThat(flow.provenance()).containsEntry("schedule", "warmup(5, cosine(min=0.1))")
                .containsEntry("clip_norm", "1.5").containsEntry("ema_decay", "0.99")
                .containsEntry("learning_rate", "0.003");
        assertThat(flow.usesWeightAverage()).isTrue();

        // --warmup replaces the warm-up of the recipe's schedule; 0 removes it
        Path noWarmup = dir.resolve("n.flow");
        CliRun n = run("train", "--data", "moons", "--iterations", "20", "--batch", "16", "--schedule",
                "warmup(50, cosine(min=0.2))", "--warmup", "0", "--ema", "0", "--out", noWarmup.toString());
        assertThat(n.status()).as(n.err()).isZero();
        assertThat(FlowModel.load(noWarmup).provenance()).containsEntry("schedule", "cosine(min=0.2)")
                .containsEntry("ema_decay", "0.0");
        assertThat(FlowModel.load(noWarmup).usesWeightAverage()).isFalse();
    }

    @Test
    void badRecipeOptionsEndWithOneLineAndStatusTwo() {
        String out = dir.resolve("x.flow").toString();
        String[][] mistakes = {
            {"train", "--data", "moons", "--schedule", "wobble", "--out", out},
            {"train", "--data", "moons", "--schedule", "cosine:2", "--out", out},
            {"train", "--data", "moons", "--warmup", "-3", "--out", out},
            {"train", "--data", "moons", "--warmup", "ten", "--out", out},
            {"train", "--data", "moons", "--clip", "-1", "--out", out},
            {"train", "--data", "moons", "--ema", "1.5", "--out", out},
            {"train", "--data", "moons", "--recipe", "best-ever", "--out", out},
        };
        for (String[] args : mistakes) {
            CliRun r = run(args);
            assertThat(r.status()).as("status of %s", String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).as("stderr of %s", String.join(" ", args)).startsWith("error: ")
                    .doesNotContain("\n");
        }
        CliRun schedule = run("train", "--data", "moons", "--schedule", "wobble", "--out", out);
        assertThat(schedule.err()).contains("--schedule").contains("wobble");
        assertThat(run("train", "--data", "moons", "--recipe", "best-ever", "--out", out).err())
                .contains("best-ever").contains("toy-experiments");
        assertThat(Files.exists(dir.resolve("x.flow"))).isFalse();
    }

    /** A recipe's text form without the settings a command sets for each run. */
    private static java.util.Map<String, String> withoutRunSettings(java.util.Map<String, String> recipe) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>(recipe);
        m.keySet().removeAll(java.util.List.of("iterations", "batch_size", "seed"));
        return m;
    }

    @Test
    void reflowPrintsOneRowPerRoundAndSavesTheStudent() {
        Path teacher = dir.resolve("t.flow");
        assertThat(run("train", "--data", "moons", "--iterations", "300", "--out", teacher.toString()).status()).isZero();
        Path student = dir.resolve("s.flow");
        CliRun r = run("reflow", "--model", teacher.toString(), "--pairs", "2000", "--iterations", "200",
                "--reference", "moons", "--out", student.toString());
        assertThat(r.status()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines[0]).contains("straightness");
        assertThat(lines[1].trim()).startsWith("0 ");
        assertThat(lines[2].trim()).startsWith("1 ");
        assertThat(lines[lines.length - 1]).isEqualTo("saved " + student);
        assertThat(FlowModel.load(student).provenance().get("coupling")).startsWith("reflow_pairs");
    }
}
