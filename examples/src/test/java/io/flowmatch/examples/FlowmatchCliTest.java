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

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void trainThenSampleWritesAModelAndACsv() throws Exception {
        Path model = dir.resolve("m.flow");
        CliRun train = run("train", "--data", "moons", "--iterations", "50", "--batch", "64", "--seed", "3",
                "--out", model.toString());
        assertThat(train.status()).as(train.err()).isZero();
        assertThat(train.out().strip()).startsWith("saved " + model).contains("loss");
        assertThat(FlowModel.load(model).provenance()).containsEntry("iterations", "50");

        Path csv = dir.resolve("s.csv");
        CliRun sample = run("sample", "--model", model.toString(), "--n", "25", "--solver", "rk4", "--steps", "4",
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
        CliRun eval = run("evaluate", "--model", model.toString(), "--data", "moons", "--n", "300",
                "--likelihood-n", "100", "--seed", "2");
        assertThat(eval.status()).as(eval.err()).isZero();
        for (String metric : List.of("energy", "mmd2", "sw2", "w2", "mean", "cov")) {
            assertThat(eval.out()).containsPattern("(?m)^" + metric + " +[0-9.e-]+$");
        }
        String last = eval.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(last).startsWith("mean log-likelihood ").contains("nats over 100 points (exact divergence)");
        // a bad divergence is a user's mistake
        CliRun bad = run("evaluate", "--model", model.toString(), "--data", "moons", "--divergence", "nope");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown divergence 'nope'");
        CliRun wrongDim = run("evaluate", "--model", model.toString(), "--data", "gaussian3");
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
        CliRun train = run("train", "--data", data.toString(), "--iterations", "20", "--out", model.toString());
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
            {"bench", "sample", "--solver", "rk45"},
            {"bench", "sample", "--n", "0"},
            {"bench"},
            {"quickstart", "--n", "1", "--out", dir.resolve("q").toString()},
            {"quickstart", "--iterations", "0", "--out", dir.resolve("q").toString()},
            {"quickstart", "--threads", "zero"},
            {"train", "--data", "moons", "--plot=maybe", "--out", dir.resolve("x.flow").toString()},
            {"sample", "--model", garbage.toString(), "--plot", "--out", dir.resolve("s.csv").toString()},
            {"datasets", "extra"},
            {"train", "--data", "moons", "--iterations", "100000000", "--out", dir.toString()},
            {"train-discrete", "--data", dir.resolve("none.csv").toString(), "--vocabulary", "4", "--out", dir.toString()},
            {"synth", "--data", dir.resolve("none.csv").toString(), "--n", "5", "--out", dir.toString()},
            {"reflow", "--model", garbage.toString(), "--out", dir.toString()},
            {"images-judge", "--data", "shapes", "--out", dir.toString()},
            {"nonsense"},
            {},
        };
        for (String[] args : mistakes) {
            CliRun r = run(args);
            assertThat(r.status()).as("status of %s", String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).as("stderr of %s", String.join(" ", args)).startsWith("error: ")
                    .doesNotContain("\n").doesNotContain("Exception");
        }
        // a model trained from a custom source: the message names the option that gives it
        Path custom = dir.resolve("custom.flow");
        assertThat(run("train", "--data", "moons", "--source", "8gaussians", "--iterations", "2", "--no-progress",
                "--out", custom.toString()).status()).isZero();
        CliRun noSource = run("sample", "--model", custom.toString(), "--n", "5", "--out", dir.resolve("c.csv").toString());
        assertThat(noSource.status()).isEqualTo(2);
        assertThat(noSource.err().strip()).isEqualTo("error: " + custom + " was trained from the custom source "
                + "'eightGaussians(radius=5, std=0.5)': give it with --source NAME|FILE");
        assertThat(run("sample", "--model", custom.toString(), "--source", "8gaussians", "--n", "5", "--no-progress",
                "--out", dir.resolve("c.csv").toString()).status()).isZero();
        Files.delete(dir.resolve("c.csv"));
        // --out naming a folder is refused before training (10^8 steps would not finish in the test)
        assertThat(run("train", "--data", "moons", "--iterations", "100000000", "--out", dir.toString()).err().strip())
                .isEqualTo("error: --out " + dir + " is a folder; give the name of a file to write");
        assertThat(Files.exists(dir.resolve("x.flow"))).isFalse();
        assertThat(Files.exists(dir.resolve("s.csv"))).isFalse();
        assertThat(Files.exists(dir.resolve("q"))).isFalse();
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : new String[][] {{"--help"}, {"quickstart", "--help"}, {"train", "--help"},
            {"sample", "--help"}, {"bench", "train-step", "--help"}, {"bench", "sample", "--help"}, {"datasets", "--help"}}) {
            CliRun r = run(args);
            assertThat(r.status()).isZero();
            assertThat(r.out()).contains("Usage:");
        }
        CliRun list = run("datasets");
        assertThat(list.out()).contains("moons").contains("checkerboard").contains("gaussianN");
        // every name it lists is one --data takes, the labelled toys included
        for (String line : list.out().strip().split("\\R")) {
            String name = line.split("\\s+")[0];
            if (!name.equals("gaussianN")) {
                assertThat(io.flowmatch.datasets.Datasets.parse(name).dimension()).as(name).isEqualTo(2);
            }
        }
        assertThat(list.out()).contains("labelled(8gaussians)").contains("labelled(moons)");
    }

    /** Every command, found by walking the command tree, so that a new command cannot be missed. */
    private static List<List<String>> allCommands() {
        List<List<String>> found = new java.util.ArrayList<>();
        java.util.ArrayDeque<List<String>> todo = new java.util.ArrayDeque<>();
        todo.add(List.of());
        while (!todo.isEmpty()) {
            List<String> path = todo.poll();
            found.add(path);
            CommandLine cli = FlowmatchCli.commandLine();
            for (String name : path) {
                cli = cli.getSubcommands().get(name);
            }
            for (var sub : cli.getSubcommands().entrySet()) {
                if (!sub.getKey().equals("help")) {
                    List<String> next = new java.util.ArrayList<>(path);
                    next.add(sub.getKey());
                    todo.add(next);
                }
            }
        }
        return found;
    }

    @Test
    void everyCommandsHelpShowsTheDefaultsOfItsOptions() {
        List<List<String>> commands = allCommands();
        assertThat(commands).extracting(c -> String.join(" ", c))
                .contains("quickstart", "train", "sample", "datasets", "bench train-step", "bench sample");
        for (List<String> command : commands) {
            List<String> args = new java.util.ArrayList<>(command);
            args.add("--help");
            CliRun r = run(args.toArray(new String[0]));
            assertThat(r.status()).as("status of %s", args).isZero();
            assertThat(r.out()).as("help of %s", args).contains("Usage:").contains("-h, --help");
            CommandLine cli = FlowmatchCli.commandLine();
            for (String name : command) {
                cli = cli.getSubcommands().get(name);
            }
            for (var option : cli.getCommandSpec().options()) {
                if (option.defaultValue() != null && !option.usageHelp() && !option.versionHelp()) {
                    assertThat(r.out()).as("default of %s in help of %s", option.longestName(), args)
                            .contains("Default: " + option.defaultValue());
                }
            }
        }
    }

    @Test
    void everyCommandRejectsAnUnknownOptionWithOneLineAndStatusTwo() {
        for (List<String> command : allCommands()) {
            List<String> args = new java.util.ArrayList<>(command);
            args.add("--no-such-option");
            CliRun r = run(args.toArray(new String[0]));
            assertThat(r.status()).as("status of %s", args).isEqualTo(2);
            assertThat(r.err().strip()).as("stderr of %s", args).startsWith("error: ").doesNotContain("\n");
        }
    }

    @Test
    void quickstartWritesTheSamplesTheModelAndEveryPicture() throws Exception {
        Path out = dir.resolve("qs");
        CliRun r = run("quickstart", "--out", out.toString(), "--iterations", "200", "--n", "300");
        assertThat(r.status()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines[lines.length - 1]).startsWith("wrote " + out.toAbsolutePath())
                .contains(String.join(", ", QuickstartCommand.FILES)).containsPattern("energy=[0-9.]+ w2=[0-9.]+");
        for (String file : QuickstartCommand.FILES) {
            assertThat(out.resolve(file)).as(file).isNotEmptyFile();
        }
        assertImage(out.resolve("samples.png"), 960, 480);
        assertImage(out.resolve("trajectories.png"), 560, 560);
        assertImage(out.resolve("snapshots.png"), 1500, 300);
        assertImage(out.resolve("vector-field.png"), 1080, 360);
        assertImage(out.resolve("loss.png"), 720, 400);
        assertImage(out.resolve("flow.gif"), 360, 360);
        javax.imageio.ImageReader gif = javax.imageio.ImageIO.getImageReadersByFormatName("gif").next();
        try (var in = javax.imageio.ImageIO.createImageInputStream(out.resolve("flow.gif").toFile())) {
            gif.setInput(in);
            assertThat(gif.getNumImages(true)).isEqualTo(41);
        } finally {
            gif.dispose();
        }
        // not a terminal: progress comes as plain lines on stderr, ending with the last step
        assertThat(r.err()).contains("train 200/200 (100%)").doesNotContain("\r");
        CliRun quiet = run("quickstart", "--out", out.toString(), "--iterations", "20", "--n", "100", "--no-progress");
        assertThat(quiet.status()).as(quiet.err()).isZero();
        assertThat(quiet.err()).doesNotContain("train 20/20");
    }

    /** A picture file that decodes, has the given size and more than a handful of colours. */
    private static void assertImage(Path file, int width, int height) throws Exception {
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(file.toFile());
        assertThat(image).as(file.toString()).isNotNull();
        assertThat(image.getWidth()).as("width of %s", file).isEqualTo(width);
        assertThat(image.getHeight()).as("height of %s", file).isEqualTo(height);
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < height; y += 2) {
            for (int x = 0; x < width; x += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours.size()).as("colours in %s", file).isGreaterThan(8);
    }

    @Test
    void trainAndSampleDrawPicturesWithPlot() throws Exception {
        Path model = dir.resolve("m.flow");
        CliRun train = run("train", "--data", "spiral", "--iterations", "40", "--batch", "64", "--out", model.toString(),
                "--plot");
        assertThat(train.status()).as(train.err()).isZero();
        String[] lines = train.out().strip().split("\n");
        assertThat(lines[lines.length - 1]).startsWith("saved " + model);
        assertThat(train.out()).contains("plotted " + dir.resolve("m-loss.png") + ", " + dir.resolve("m-samples.png"));
        assertImage(dir.resolve("m-loss.png"), 720, 400);
        assertImage(dir.resolve("m-samples.png"), 960, 480);
        assertThat(train.err()).contains("train 40/40 (100%)");

        Path csv = dir.resolve("s.csv");
        CliRun sample = run("sample", "--model", model.toString(), "--n", "400", "--steps", "10", "--out", csv.toString(),
                "--plot");
        assertThat(sample.status()).as(sample.err()).isZero();
        assertThat(sample.out().strip()).endsWith("wrote " + csv);
        assertImage(dir.resolve("s.png"), 480, 480);
        assertImage(dir.resolve("s-trajectories.png"), 560, 560);
        assertThat(sample.err()).contains("sample 10/10 (100%)");
    }

    @Test
    void benchPrintsItsFigureLast() {
        CliRun r = run("bench", "train-step", "--batch", "32", "--steps", "20", "--warmup", "5", "--threads", "1");
        assertThat(r.status()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines[lines.length - 1]).matches("ms_per_step=[0-9.]+");
        assertThat(r.out()).containsPattern("bytes_per_step=[0-9]+");
        CliRun s = run("bench", "sample", "--n", "100", "--steps", "3", "--solver", "heun", "--threads", "1");
        assertThat(s.status()).as(s.err()).isZero();
        String[] slines = s.out().strip().split("\n");
        assertThat(slines[slines.length - 1]).matches("ms=[0-9.]+");
    }

    @Test
    void benchTimesWiderDataAndRunsEmbeddedAsAnApplicationWould() {
        CliRun wide = run("bench", "train-step", "--dim", "5", "--hidden", "16", "--batch", "32", "--steps", "5",
                "--warmup", "2");
        assertThat(wide.status()).as(wide.err()).isZero();
        assertThat(wide.out()).contains("mode=cli").contains("batch=32 dim=5 hidden=16").containsPattern("bytes_per_step=\\d+");

        CliRun embedded = run("bench", "sample", "--n", "300", "--steps", "3", "--threads", "2", "--embedded");
        assertThat(embedded.status()).as(embedded.err()).isZero();
        String[] lines = embedded.out().strip().split("\n");
        assertThat(embedded.out()).contains("mode=embedded").contains("threads=2");
        assertThat(lines[lines.length - 1]).matches("ms=[0-9.]+");
    }
}
