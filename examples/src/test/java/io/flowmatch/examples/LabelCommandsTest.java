package io.flowmatch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train with a CSV label column, sample one class with guidance: the happy path and the user's mistakes. */
class LabelCommandsTest {

    @TempDir
    static Path dir;

    private static Path data;
    private static Path model;

    @BeforeAll
    static void trainOnALabelledCsv() throws IOException {
        // two well separated clusters named by text labels, the label column in the middle
        SplittableRandom rng = new SplittableRandom(1L);
        StringBuilder s = new StringBuilder("x,side,y\n");
        for (int i = 0; i < 400; i++) {
            boolean left = i % 2 == 0;
            s.append(String.format(Locale.ROOT, "%.4f,%s,%.4f%n", (left ? -4 : 4) + 0.3 * rng.nextGaussian(),
                    left ? "left" : "right", 0.3 * rng.nextGaussian()));
        }
        data = dir.resolve("sides.csv");
        Files.writeString(data, s.toString());
        model = dir.resolve("sides.flow");
        CliRun r = CliRun.of("train", "--data", data.toString(), "--label-column", "side", "--iterations", "300",
                "--seed", "2", "--out", model.toString(), "--no-progress");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("classes: left, right").contains("saved " + model);
    }

    private static List<float[]> points(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().skip(1).map(line -> {
            String[] cells = line.split(",");
            return new float[] {Float.parseFloat(cells[0]), Float.parseFloat(cells[1])};
        }).toList();
    }

    @Test
    void sampleWritesPointsOfTheRequestedClass() throws IOException {
        for (String label : List.of("right", "0")) {
            Path out = dir.resolve("class-" + label + ".csv");
            CliRun r = CliRun.of("sample", "--model", model.toString(), "--label", label, "--guidance", "2", "--n",
                    "200", "--out", out.toString());
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out().lines().toList()).last().isEqualTo("wrote " + out);
            double sign = label.equals("right") ? 1 : -1;
            long onTheSide = points(out).stream().filter(p -> sign * p[0] > 2).count();
            assertThat(onTheSide).as("samples of class %s on its side", label).isGreaterThanOrEqualTo(190);
        }
        Path all = dir.resolve("all.csv");
        assertThat(CliRun.of("sample", "--model", model.toString(), "--n", "200", "--out", all.toString()).status())
                .isZero();
        long left = points(all).stream().filter(p -> p[0] < 0).count();
        assertThat(left).as("without --label, both sides").isBetween(60L, 140L);
    }

    @Test
    void evaluateScoresAClassUnderItsOwnLabel() throws IOException {
        // the right cluster's points: log p(x | right) is far above log p(x | left)
        StringBuilder s = new StringBuilder("x,y\n");
        SplittableRandom rng = new SplittableRandom(5L);
        for (int i = 0; i < 200; i++) {
            s.append(String.format(Locale.ROOT, "%.4f,%.4f%n", 4 + 0.3 * rng.nextGaussian(), 0.3 * rng.nextGaussian()));
        }
        Path right = dir.resolve("right.csv");
        Files.writeString(right, s.toString());
        double[] means = new double[2];
        List<String> labels = List.of("right", "left");
        for (int k = 0; k < 2; k++) {
            CliRun r = CliRun.of("evaluate", "--model", model.toString(), "--data", right.toString(), "--label",
                    labels.get(k), "--n", "100", "--likelihood-n", "100", "--solver", "rk4", "--steps", "10");
            assertThat(r.status()).as(r.err()).isZero();
            String last = r.out().lines().reduce((a, b) -> b).orElseThrow();
            assertThat(last).startsWith("mean log-likelihood given class " + labels.get(k) + " ");
            means[k] = Double.parseDouble(last.split(" ")[5]);
        }
        assertThat(means[0]).isGreaterThan(means[1] + 5);
        CliRun guidanceAlone = CliRun.of("evaluate", "--model", model.toString(), "--data", right.toString(),
                "--guidance", "2");
        assertThat(guidanceAlone.status()).isEqualTo(2);
        assertThat(guidanceAlone.err().strip()).isEqualTo("error: --guidance needs --label (the class to evaluate)");
    }

    @Test
    void mistakesEndWithOneLineAndStatusTwo() {
        Path out = dir.resolve("x.csv");
        CliRun badLabel = CliRun.of("sample", "--model", model.toString(), "--label", "up", "--out", out.toString());
        assertThat(badLabel.status()).isEqualTo(2);
        assertThat(badLabel.err().strip()).isEqualTo("error: unknown class 'up': the model's classes are left, right");
        CliRun outOfRange = CliRun.of("sample", "--model", model.toString(), "--label", "2", "--out", out.toString());
        assertThat(outOfRange.status()).isEqualTo(2);
        assertThat(outOfRange.err().lines().count()).isEqualTo(1);
        CliRun guidanceAlone = CliRun.of("sample", "--model", model.toString(), "--guidance", "3", "--out",
                out.toString());
        assertThat(guidanceAlone.status()).isEqualTo(2);
        assertThat(guidanceAlone.err()).contains("--guidance needs --label");
        CliRun noColumn = CliRun.of("train", "--data", data.toString(), "--label-column", "colour", "--iterations",
                "2", "--out", dir.resolve("m.flow").toString(), "--no-progress");
        assertThat(noColumn.status()).isEqualTo(2);
        assertThat(noColumn.err().strip()).startsWith("error: ").contains("has no column 'colour' for the labels")
                .doesNotContain("\n");
        CliRun notCsv = CliRun.of("train", "--data", "moons", "--label-column", "side", "--out",
                dir.resolve("m.flow").toString(), "--no-progress");
        assertThat(notCsv.status()).isEqualTo(2);
        assertThat(notCsv.err()).contains("--label-column needs a .csv file");
    }

    @Test
    void anUnlabelledModelRefusesALabel() throws IOException {
        Path plain = dir.resolve("plain.flow");
        assertThat(CliRun.of("train", "--data", "moons", "--iterations", "2", "--out", plain.toString(),
                "--no-progress").status()).isZero();
        CliRun r = CliRun.of("sample", "--model", plain.toString(), "--label", "0", "--out",
                dir.resolve("p.csv").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("error: the model was trained without labels: it has no class '0'");
    }
}
