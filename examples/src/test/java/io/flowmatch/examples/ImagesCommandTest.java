package io.flowmatch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The images command: a few steps on the shapes write a grid with one row per class and a GIF. */
class ImagesCommandTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void writesAGridAndAGif() throws Exception {
        CliRun r = run("images", "--data", "shapes", "--count", "40", "--iterations", "3", "--batch", "4",
                "--per-class", "2", "--steps", "3", "--gif", "--out", dir.toString());
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
        assertThat(r.err()).contains("shapes or idx:IMAGES,LABELS");
        CliRun missing = run("images", "--data", "idx:" + dir.resolve("no-images") + "," + dir.resolve("no-labels"),
                "--out", dir.toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
    }
}
