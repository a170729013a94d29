package io.flowmatch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmatch.core.FlowModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line: train and sample round trip, exit status 2 and one line for user mistakes. */
class FlowmatchCliTest {

    @TempDir
    Path dir;

    /** Runs the CLI, returning exit status, stdout and stderr. */
    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        CommandLine cli = FlowmatchCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(System.out, true));
        try {
            int status = cli.execute(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void trainThenSampleWritesAModelAndACsv() throws Exception {
        Path model = dir.resolve("m.flow");
        Run train = run("train", "--data", "moons", "--iterations", "50", "--batch", "64", "--seed", "3",
                "--out", model.toString());
        assertThat(train.status()).as(train.err()).isZero();
        assertThat(train.out().strip()).startsWith("saved " + model).contains("loss");
        assertThat(FlowModel.load(model).provenance()).containsEntry("iterations", "50");

        Path csv = dir.resolve("s.csv");
        Run sample = run("sample", "--model", model.toString(), "--n", "25", "--solver", "rk4", "--steps", "4",
                "--seed", "1", "--out", csv.toString());
        assertThat(sample.status()).as(sample.err()).isZero();
        assertThat(sample.out().strip()).endsWith("wrote " + csv);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(26);
        assertThat(lines.get(0)).isEqualTo("x0,x1");
        assertThat(lines.get(1).split(",")).hasSize(2);
    }

    @Test
    void evaluatePrintsEveryMetricAndTheMeanLogLikelihood() throws Exception {
        Path model = dir.resolve("e.flow");
        assertThat(run("train", "--data", "moons", "--iterations", "300", "--seed", "3", "--hidden", "32,32",
                "--out", model.toString()).status()).isZero();
        Run eval = run("evaluate", "--model", model.toString(), "--data", "moons", "--n", "300",
                "--likelihood-n", "100", "--seed", "2");
        assertThat(eval.status()).as(eval.err()).isZero();
        for (String metric : List.of("energy", "mmd2", "sw2", "w2", "mean", "cov")) {
            assertThat(eval.out()).containsPattern("(?m)^" + metric + " +[0-9.e-]+$");
        }
        String last = eval.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(last).startsWith("mean log-likelihood ").contains("nats over 100 points (exact divergence)");
        // a bad divergence is a user's mistake
        Run bad = run("evaluate", "--model", model.toString(), "--data", "moons", "--divergence", "nope");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown divergence 'nope'");
        Run wrongDim = run("evaluate", "--model", model.toString(), "--data", "gaussian3");
        assertThat(wrongDim.status()).isEqualTo(2);
        assertThat(wrongDim.err()).contains("dimension 2").contains("dimension 3");
    }

    @Test
    void trainReadsCsvDataOfAnyDimension() throws Exception {
        Path data = dir.resolve("points.csv");
        StringBuilder sb = new StringBuilder("a,b,c\n");
        for (int i = 0; i < 50; i++) {
            sb.append(i % 7).append(',').append(i % 3).append(',').append(-i % 5).append('\n');
        }
        Files.writeString(data, sb);
        Path model = dir.resolve("m3.flow");
        Run train = run("train", "--data", data.toString(), "--iterations", "20", "--out", model.toString());
        assertThat(train.status()).as(train.err()).isZero();
        assertThat(FlowModel.load(model).dimension()).isEqualTo(3);
    }

    @Test
    void userMistakesEndWithOneLineAndStatusTwo() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "1,2\n3\n");
        Path garbage = dir.resolve("garbage.flow");
        Files.writeString(garbage, "not a model");
        String[][] mistakes = {
            {"train", "--data", "nosuchdata", "--out", dir.resolve("x.flow").toString()},
            {"train", "--data", bad.toString(), "--out", dir.resolve("x.flow").toString()},
            {"train", "--data", dir.resolve("missing.csv").toString(), "--out", dir.resolve("x.flow").toString()},
            {"train", "--data", "moons", "--batch", "0", "--out", dir.resolve("x.flow").toString()},
            {"train", "--data", "moons", "--iterations", "-5", "--out", dir.resolve("x.flow").toString()},
            {"train", "--data", "moons", "--iterations", "ten", "--out", dir.resolve("x.flow").toString()},
            {"train", "--data", "moons"},
            {"sample", "--model", garbage.toString(), "--out", dir.resolve("s.csv").toString()},
            {"sample", "--model", dir.resolve("none.flow").toString(), "--out", dir.resolve("s.csv").toString()},
            {"sample", "--model", garbage.toString(), "--solver", "rk45", "--out", dir.resolve("s.csv").toString()},
            {"sample", "--model", garbage.toString(), "--n", "-1", "--out", dir.resolve("s.csv").toString()},
            {"bench", "train-step", "--batch", "-3"},
            {"nonsense"},
            {},
        };
        for (String[] args : mistakes) {
            Run r = run(args);
            assertThat(r.status()).as("status of %s", String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).as("stderr of %s", String.join(" ", args)).startsWith("error: ")
                    .doesNotContain("\n").doesNotContain("Exception");
        }
        assertThat(Files.exists(dir.resolve("x.flow"))).isFalse();
        assertThat(Files.exists(dir.resolve("s.csv"))).isFalse();
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : new String[][] {{"--help"}, {"quickstart", "--help"}, {"train", "--help"},
            {"sample", "--help"}, {"bench", "train-step", "--help"}, {"bench", "sample", "--help"}, {"datasets", "--help"}}) {
            Run r = run(args);
            assertThat(r.status()).isZero();
            assertThat(r.out()).contains("Usage:");
        }
        Run list = run("datasets");
        assertThat(list.out()).contains("moons").contains("checkerboard").contains("gaussianN");
    }

    @Test
    void benchPrintsItsFigureLast() {
        Run r = run("bench", "train-step", "--batch", "32", "--steps", "20", "--warmup", "5", "--threads", "1");
        assertThat(r.status()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines[lines.length - 1]).matches("ms_per_step=[0-9.]+");
        assertThat(r.out()).containsPattern("bytes_per_step=[0-9]+");
        Run s = run("bench", "sample", "--n", "100", "--steps", "3", "--solver", "heun", "--threads", "1");
        assertThat(s.status()).as(s.err()).isZero();
        String[] slines = s.out().strip().split("\n");
        assertThat(slines[slines.length - 1]).matches("ms=[0-9.]+");
    }
}
