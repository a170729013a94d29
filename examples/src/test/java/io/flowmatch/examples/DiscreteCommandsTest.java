package io.flowmatch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmatch.discrete.DiscreteFlowModel;
import io.flowmatch.discrete.DiscreteRecipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train-discrete and sample-discrete: a round trip, the library's defaults, and one line with exit 2 for bad input. */
class DiscreteCommandsTest {

    @TempDir
    Path dir;

    private Path tokens(String text) throws Exception {
        Path file = dir.resolve("tokens.csv");
        Files.writeString(file, text);
        return file;
    }

    private Path cycle() throws Exception {
        StringBuilder sb = new StringBuilder("a,b,c\n");
        for (int i = 0; i < 60; i++) {
            sb.append(i % 5).append(',').append((i + 1) % 5).append(',').append((i + 2) % 5).append('\n');
        }
        return tokens(sb.toString());
    }

    @Test
    void trainThenSampleWritesAModelAndATokenCsv() throws Exception {
        Path model = dir.resolve("d.flow");
        CliRun train = CliRun.of("train-discrete", "--data", cycle().toString(), "--vocabulary", "5", "--iterations", "20",
                "--batch", "16", "--hidden", "16", "--seed", "3", "--no-progress", "--out", model.toString());
        assertThat(train.status()).as(train.err()).isZero();
        assertThat(train.out().strip()).startsWith("saved " + model).contains("60 sequences of 3 tokens").contains("loss");
        assertThat(DiscreteFlowModel.load(model).provenance()).containsEntry("iterations", "20").containsEntry("source", "mask");

        Path csv = dir.resolve("s.csv");
        CliRun sample = CliRun.of("sample-discrete", "--model", model.toString(), "--n", "40", "--steps", "8", "--seed", "1",
                "--out", csv.toString());
        assertThat(sample.status()).as(sample.err()).isZero();
        assertThat(sample.out().strip()).isEqualTo("wrote " + csv);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(41);
        assertThat(lines.get(0)).isEqualTo("x0,x1,x2");
        for (String line : lines.subList(1, lines.size())) {
            for (String cell : line.split(",")) {
                assertThat(Integer.parseInt(cell)).isBetween(0, 4);
            }
        }
        // the same seed gives the same file
        Path again = dir.resolve("again.csv");
        CliRun.of("sample-discrete", "--model", model.toString(), "--n", "40", "--steps", "8", "--seed", "1", "--out", again.toString());
        assertThat(Files.readAllLines(again)).isEqualTo(lines);
    }

    @Test
    void theCommandsDefaultsAreTheLibrarys() throws Exception {
        Path model = dir.resolve("d.flow");
        CliRun train = CliRun.of("train-discrete", "--data", cycle().toString(), "--vocabulary", "5", "--iterations", "2",
                "--seed", "0", "--no-progress", "--out", model.toString());
        assertThat(train.status()).as(train.err()).isZero();
        Map<String, String> expected = DiscreteRecipe.builder().iterations(2).seed(0).build().toMap();
        assertThat(DiscreteFlowModel.load(model).recipe().toMap()).isEqualTo(expected);
    }

    @Test
    void badTokensAndFilesExitWithOneLine() throws Exception {
        Path out = dir.resolve("m.flow");
        CliRun outside = CliRun.of("train-discrete", "--data", tokens("1,2\n3,9\n").toString(), "--vocabulary", "5",
                "--out", out.toString());
        assertThat(outside.status()).isEqualTo(2);
        assertThat(outside.err().strip()).isEqualTo("error: " + dir.resolve("tokens.csv")
                + ": sequence 2, token 2: 9 is outside the vocabulary [0, 5)");
        CliRun negative = CliRun.of("train-discrete", "--data", tokens("1,-2\n").toString(), "--vocabulary", "5",
                "--out", out.toString());
        assertThat(negative.status()).isEqualTo(2);
        assertThat(negative.err()).contains("tokens.csv: sequence 1, token 2: -2 is outside");
        CliRun ragged = CliRun.of("train-discrete", "--data", tokens("1,2\n3\n").toString(), "--vocabulary", "5",
                "--out", out.toString());
        assertThat(ragged.status()).isEqualTo(2);
        assertThat(ragged.err()).contains("line 2 has 1 tokens but the first row has 2");
        assertThat(ragged.err().strip().lines()).hasSize(1);
        CliRun text = CliRun.of("train-discrete", "--data", tokens("1,2\n3,a\n").toString(), "--vocabulary", "5",
                "--out", out.toString());
        assertThat(text.status()).isEqualTo(2);
        assertThat(text.err()).contains("'a' is not an integer");
        CliRun missing = CliRun.of("train-discrete", "--data", dir.resolve("none.csv").toString(), "--vocabulary", "5",
                "--out", out.toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
        CliRun vocabulary = CliRun.of("train-discrete", "--data", tokens("0,1\n").toString(), "--vocabulary", "1",
                "--out", out.toString());
        assertThat(vocabulary.status()).isEqualTo(2);
        assertThat(vocabulary.err()).contains("vocabulary must be at least 2");
        CliRun source = CliRun.of("train-discrete", "--data", tokens("0,1\n").toString(), "--vocabulary", "3",
                "--source", "gaussian", "--out", out.toString());
        assertThat(source.status()).isEqualTo(2);
        assertThat(source.err()).contains("mask or uniform");
    }

    @Test
    void badSamplingArgumentsExitWithOneLine() throws Exception {
        Path notAModel = tokens("0,1,2,3,4,5,6,7,8,9\n9,8,7,6,5,4,3,2,1,0\n");
        Path csv = dir.resolve("s.csv");
        CliRun bad = CliRun.of("sample-discrete", "--model", notAModel.toString(), "--out", csv.toString());
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("not a flowmatch model file");
        CliRun none = CliRun.of("sample-discrete", "--model", dir.resolve("none.flow").toString(), "--out", csv.toString());
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).contains("no such model file");
        CliRun n = CliRun.of("sample-discrete", "--model", notAModel.toString(), "--n", "0", "--out", csv.toString());
        assertThat(n.status()).isEqualTo(2);
        assertThat(n.err()).contains("--n must be positive");
        CliRun steps = CliRun.of("sample-discrete", "--model", notAModel.toString(), "--steps", "-1", "--out", csv.toString());
        assertThat(steps.status()).isEqualTo(2);
        assertThat(steps.err()).contains("steps must be positive, got -1");
        CliRun missingOption = CliRun.of("sample-discrete", "--out", csv.toString());
        assertThat(missingOption.status()).isEqualTo(2);
        assertThat(missingOption.err()).contains("--model");
    }
}
