package io.flowmatch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmatch.image.FashionMnist;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image commands on tiny data: a few steps on the shapes write a grid and a GIF; IDX files
 * (and Fashion-MNIST's files, from a directory the test writes) train a model that is saved,
 * and images-sample writes its CSV, the same in a fresh JVM.
 */
class ImagesCommandTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void writesAGridAndAGif() throws Exception {
        CliRun r = run("images", "--data", "shapes", "--count", "40", "--iterations", "3", "--batch", "4",
                "--per-class", "2", "--steps", "3", "--gif", "--no-progress", "--out", dir.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote").contains("nearest-centroid accuracy");
        BufferedImage grid = ImageIO.read(dir.resolve("grid.png").toFile());
        // 10 rows of 56-pixel tiles with 2-pixel gaps, 2 columns
        assertThat(grid.getHeight()).isEqualTo(10 * 56 + 11 * 2);
        assertThat(grid.getWidth()).isEqualTo(2 * 56 + 3 * 2);
        assertThat(Files.size(dir.resolve("denoise.gif"))).isPositive();
    }

    @Test
    void badDataIsAUsageError() {
        CliRun r = run("images", "--data", "mnist", "--out", dir.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("shapes|fashion-mnist|idx:IMAGES,LABELS");
        CliRun missing = run("images", "--data", "idx:" + dir.resolve("no-images") + "," + dir.resolve("no-labels"),
                "--out", dir.toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
    }

    @Test
    void missingFashionMnistNamesThePackageThatInstallsIt() {
        String saved = System.getProperty(FashionMnist.DIRECTORY_PROPERTY);
        System.setProperty(FashionMnist.DIRECTORY_PROPERTY, dir.resolve("nothing-here").toString());
        try {
            CliRun r = run("images", "--data", "fashion-mnist", "--out", dir.toString());
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err()).contains("apt-get install -y dataset-fashion-mnist");
        } finally {
            restore(saved);
        }
    }

    @Test
    void fashionMnistIsReadFromItsDirectory() throws Exception {
        Path data = dir.resolve("fashion");
        Files.createDirectories(data);
        for (String split : List.of("train", "t10k")) {
            writeIdx(data.resolve(split + "-images-idx3-ubyte.gz"), data.resolve(split + "-labels-idx1-ubyte.gz"),
                    20, 8, true);
        }
        String saved = System.getProperty(FashionMnist.DIRECTORY_PROPERTY);
        System.setProperty(FashionMnist.DIRECTORY_PROPERTY, data.toString());
        try {
            CliRun r = run("images", "--data", "fashion-mnist", "--channels", "2,3", "--middle-blocks", "1",
                    "--iterations", "2", "--batch", "4", "--per-class", "1", "--steps", "2", "--no-progress",
                    "--out", dir.resolve("out").toString());
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out()).contains("data: 20 images of 8x8 in 10 classes");
        } finally {
            restore(saved);
        }
    }

    @Test
    void idxTrainingSavesAModelThatImagesSampleReadsInAFreshJvm() throws Exception {
        Path images = dir.resolve("images.idx.gz");
        Path labels = dir.resolve("labels.idx");
        writeIdx(images, labels, 30, 8, false);
        Path model = dir.resolve("tiny.flow");
        CliRun train = run("images", "--data", "idx:" + images + "," + labels, "--channels", "2,3", "--middle-blocks",
                "1", "--iterations", "3", "--batch", "4", "--per-class", "1", "--steps", "2", "--threads", "2",
                "--no-progress", "--out", dir.resolve("out").toString(), "--model-out", model.toString());
        assertThat(train.status()).as(train.err()).isZero();
        assertThat(train.out()).contains("saved " + model);

        Path csv = dir.resolve("samples.csv");
        CliRun sample = run("images-sample", "--model", model.toString(), "--per-class", "3", "--guidance", "2",
                "--steps", "4", "--seed", "5", "--out", csv.toString());
        assertThat(sample.status()).as(sample.err()).isZero();
        assertThat(sample.out().strip().lines().reduce((a, b) -> b)).hasValue("wrote " + csv);
        List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(rows).hasSize(1 + 10 * 3);
        assertThat(rows.get(0)).startsWith("label,p0,p1,").endsWith(",p63");
        for (int i = 1; i < rows.size(); i++) {
            String[] cells = rows.get(i).split(",");
            assertThat(cells).hasSize(1 + 64);
            assertThat(Integer.parseInt(cells[0])).isEqualTo((i - 1) / 3);
            for (int j = 1; j < cells.length; j++) {
                assertThat(Float.parseFloat(cells[j])).isBetween(-1f, 1f);
            }
        }

        // the same command in a fresh JVM writes the same bytes
        Path fresh = dir.resolve("fresh.csv");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Dflowmatch.noRestart=true", "-cp",
                System.getProperty("java.class.path"), FlowmatchCli.class.getName(), "images-sample", "--model",
                model.toString(), "--per-class", "3", "--guidance", "2", "--steps", "4", "--seed", "5", "--out",
                fresh.toString()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(Files.readAllBytes(fresh)).isEqualTo(Files.readAllBytes(csv));
    }

    @Test
    void aJudgeTrainedByImagesJudgeScoresTheSamples() throws Exception {
        Path images = dir.resolve("train-images.gz");
        Path labels = dir.resolve("train-labels.gz");
        writeIdx(images, labels, 300, 8, true);
        Path testImages = dir.resolve("test-images.gz");
        Path testLabels = dir.resolve("test-labels.gz");
        writeIdx(testImages, testLabels, 200, 8, true);
        String data = "idx:" + images + "," + labels;
        Path judge = dir.resolve("judge.flow");
        CliRun trained = run("images-judge", "--data", data, "--test", "idx:" + testImages + "," + testLabels,
                "--epochs", "1", "--batch", "32", "--no-progress", "--out", judge.toString());
        assertThat(trained.status()).as(trained.err()).isZero();
        assertThat(trained.out()).contains("test accuracy").contains("saved " + judge);
        Path model = dir.resolve("tiny.flow");
        CliRun flow = run("images", "--data", data, "--channels", "2,3", "--middle-blocks", "1", "--iterations", "2",
                "--batch", "4", "--per-class", "1", "--steps", "2", "--no-progress", "--out",
                dir.resolve("out").toString(), "--model-out", model.toString(), "--judge", judge.toString());
        assertThat(flow.status()).as(flow.err()).isZero();
        assertThat(flow.out()).containsPattern("judge \\(test accuracy [0-9.]+\\): 10 images, accuracy [0-9.]+ "
                + "\\(per class: .*\\), Frechet distance [0-9.]+ \\(floor [0-9.]+: real train vs test\\)");
        Path csv = dir.resolve("s.csv");
        CliRun sample = run("images-sample", "--model", model.toString(), "--per-class", "2", "--steps", "2",
                "--judge", judge.toString(), "--out", csv.toString());
        assertThat(sample.status()).as(sample.err()).isZero();
        assertThat(sample.out()).contains("judge (test accuracy").contains("20 images");
        assertThat(sample.out().strip().lines().reduce((a, b) -> b)).hasValue("wrote " + csv);
        CliRun wrong = run("images-sample", "--model", model.toString(), "--judge", model.toString(), "--out",
                csv.toString());
        assertThat(wrong.status()).isEqualTo(2);
        assertThat(wrong.err()).contains("not a flowmatch image judge");
    }

    @Test
    void imagesSampleRefusesABadModelInOneLine() throws Exception {
        Path bogus = dir.resolve("bogus.flow");
        Files.writeString(bogus, "not a model");
        CliRun r = run("images-sample", "--model", bogus.toString(), "--out", dir.resolve("s.csv").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        CliRun steps = run("images-sample", "--model", bogus.toString(), "--steps", "0", "--out",
                dir.resolve("s.csv").toString());
        assertThat(steps.status()).isEqualTo(2);
    }

    private static void restore(String saved) {
        if (saved == null) {
            System.clearProperty(FashionMnist.DIRECTORY_PROPERTY);
        } else {
            System.setProperty(FashionMnist.DIRECTORY_PROPERTY, saved);
        }
    }

    /** {@code n} side x side images of a bright square whose size follows the label (0..9), IDX format. */
    static void writeIdx(Path images, Path labels, int n, int side, boolean gzipBoth) throws IOException {
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        DataOutputStream p = new DataOutputStream(pixels);
        p.writeInt(0x00000803);
        p.writeInt(n);
        p.writeInt(side);
        p.writeInt(side);
        ByteArrayOutputStream tags = new ByteArrayOutputStream();
        DataOutputStream l = new DataOutputStream(tags);
        l.writeInt(0x00000801);
        l.writeInt(n);
        for (int i = 0; i < n; i++) {
            int label = i % 10;
            l.writeByte(label);
            for (int r = 0; r < side; r++) {
                for (int c = 0; c < side; c++) {
                    p.writeByte(r <= label % side && c <= label % side ? 230 : 10);
                }
            }
        }
        write(images, pixels.toByteArray(), true);
        write(labels, tags.toByteArray(), gzipBoth);
    }

    private static void write(Path file, byte[] bytes, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(bytes);
        }
    }
}
