package io.flowmatch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** synth, impute and evaluate-table on a small generated table: the happy path and every user mistake. */
class TableCommandsTest {

    @TempDir
    static Path dir;

    private static Path train;
    private static Path model;

    private static String table(int rows, long seed, boolean holes) {
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder s = new StringBuilder("size,count,kind,ok\n");
        for (int i = 0; i < rows; i++) {
            double x = rng.nextGaussian();
            String size = holes && i % 7 == 3 ? "" : String.format(java.util.Locale.ROOT, "%.3f", x);
            String kind = holes && i % 5 == 1 ? "NA" : (x > 0 ? "big" : "small");
            s.append(size).append(',').append(Math.round(3 * x + 10)).append(',').append(kind).append(',')
                    .append(rng.nextBoolean() ? "yes" : "no").append('\n');
        }
        return s.toString();
    }

    @BeforeAll
    static void synthesize() throws IOException {
        train = dir.resolve("train.csv");
        Files.writeString(train, table(200, 1, false));
        model = dir.resolve("table.flow");
        Path fake = dir.resolve("fake.csv");
        CliRun r = CliRun.of("synth", "--data", train.toString(), "--n", "150", "--out", fake.toString(),
                "--condition", "kind", "--iterations", "200", "--seed", "3", "--model-out", model.toString(),
                "--no-progress");
        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(lines.size() - 1)).isEqualTo("wrote " + fake);
        assertThat(Files.readAllLines(fake)).hasSize(151).first().isEqualTo("size,count,kind,ok");
        assertThat(Files.exists(model)).isTrue();
    }

    @Test
    void synthWithDiscreteCategoriesSavesTheCoding() throws IOException {
        Path fake = dir.resolve("fake-discrete.csv");
        Path tokens = dir.resolve("tokens.flow");
        CliRun r = CliRun.of("synth", "--data", train.toString(), "--n", "40", "--out", fake.toString(),
                "--coding", "discrete", "--steps", "24", "--iterations", "50", "--seed", "3", "--model-out",
                tokens.toString(), "--no-progress");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.readAllLines(fake)).hasSize(41).first().isEqualTo("size,count,kind,ok");
        io.flowmatch.tabular.TabularModel m = io.flowmatch.tabular.TabularModel.load(tokens);
        assertThat(m.recipe().categorical()).isEqualTo(io.flowmatch.tabular.CategoricalCoding.DISCRETE);
        assertThat(m.recipe().steps()).isEqualTo(24);
    }

    @Test
    void imputeFillsTheEmptyCellsOnly() throws IOException {
        Path holes = dir.resolve("holes.csv");
        Files.writeString(holes, table(40, 2, true));
        Path out = dir.resolve("filled.csv");
        CliRun r = CliRun.of("impute", "--model", model.toString(), "--data", holes.toString(), "--out", out.toString(),
                "--seed", "1");
        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(lines.size() - 1)).isEqualTo("wrote " + out);
        List<String> before = Files.readAllLines(holes);
        List<String> after = Files.readAllLines(out);
        assertThat(after).hasSize(before.size());
        for (int i = 1; i < before.size(); i++) {
            String[] b = before.get(i).split(",", -1);
            String[] a = after.get(i).split(",", -1);
            for (int j = 0; j < b.length; j++) {
                assertThat(a[j]).isNotEmpty();
                if (!b[j].isEmpty() && !b[j].equals("NA")) {
                    assertThat(a[j]).isEqualTo(j == 0 ? String.valueOf(Double.parseDouble(b[j])) : b[j]);
                }
            }
        }
    }

    @Test
    void evaluateTablePrintsEveryMetric() throws IOException {
        Path test = dir.resolve("test.csv");
        Files.writeString(test, table(50, 9, false));
        CliRun r = CliRun.of("evaluate-table", "--real", test.toString(), "--fake", dir.resolve("fake.csv").toString(),
                "--train", train.toString(), "--target", "kind");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("w1_train", "w1_test", "coverage", "f1_fake", "f1_real", "dcr_fake", "copies",
                "valid         1.0000");
        CliRun alone = CliRun.of("evaluate-table", "--real", test.toString(), "--fake", train.toString());
        assertThat(alone.status()).as(alone.err()).isZero();
        assertThat(alone.out()).contains("w1_train").doesNotContain("f1_fake");
    }

    @Test
    void userMistakesEndWithOneLineAndStatusTwo() throws IOException {
        Path ragged = dir.resolve("ragged.csv");
        Files.writeString(ragged, "a,b\n1,2\n3\n");
        Path noHeader = dir.resolve("noheader.csv");
        Files.writeString(noHeader, "1.5,2\n3,4\n");
        Path empty = dir.resolve("emptycol.csv");
        Files.writeString(empty, "a,b\n1,\n2,\n3,NA\n");
        Path unseen = dir.resolve("unseen.csv");
        Files.writeString(unseen, "size,count,kind,ok\n0.5,11,huge,yes\n,10,small,no\n");
        Path out = dir.resolve("x.csv");
        assertUsage(CliRun.of("synth", "--data", ragged.toString(), "--n", "5", "--out", out.toString()),
                "line 3 has 1 cells, expected 2");
        assertUsage(CliRun.of("synth", "--data", noHeader.toString(), "--n", "5", "--out", out.toString()),
                "line 1 is data, not a header");
        assertUsage(CliRun.of("synth", "--data", empty.toString(), "--n", "5", "--out", out.toString()),
                "column 2 ('b') is entirely empty");
        assertUsage(CliRun.of("synth", "--data", train.toString(), "--n", "5", "--out", out.toString(),
                "--condition", "size", "--iterations", "1"), "condition column 'size' is numeric");
        assertUsage(CliRun.of("synth", "--data", train.toString(), "--n", "0", "--out", out.toString()), "--n");
        assertUsage(CliRun.of("synth", "--data", train.toString(), "--n", "5", "--out", out.toString(),
                "--guidance", "2"), "--guidance needs --condition");
        assertUsage(CliRun.of("synth", "--data", train.toString(), "--n", "5", "--out", out.toString(),
                "--coding", "onehot"), "unknown categorical coding 'onehot'");
        assertUsage(CliRun.of("impute", "--model", model.toString(), "--data", unseen.toString(), "--out",
                out.toString()), "category 'huge' was not seen in training");
        assertUsage(CliRun.of("impute", "--model", train.toString(), "--data", unseen.toString(), "--out",
                out.toString()), "not a flowmatch model file");
        assertUsage(CliRun.of("impute", "--model", model.toString(), "--data", ragged.toString(), "--out",
                out.toString()), "lacks a column of the model");
        assertUsage(CliRun.of("evaluate-table", "--real", ragged.toString(), "--fake", train.toString()),
                "line 3 has 1 cells");
        assertUsage(CliRun.of("evaluate-table", "--real", train.toString(), "--fake", train.toString(), "--train",
                train.toString(), "--target", "nope"), "--target 'nope' is not a column");
        assertUsage(CliRun.of("evaluate-table", "--real", train.toString(), "--fake", ragged.toString()),
                "does not have the columns of the --real table");
        assertThat(Files.exists(out)).isFalse();
    }

    private static void assertUsage(CliRun r, String message) {
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains(message);
    }
}
