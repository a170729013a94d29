package io.flowmatch.viz;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmatch.solvers.Trajectory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntPredicate;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Reading pictures back and counting their pixels, for the tests. */
final class Pixels {

    private Pixels() {
    }

    /** Reads a PNG, checking its signature and size. */
    static BufferedImage readPng(Path file, int width, int height) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(8);
        }
        assertThat(head).as("PNG signature of %s", file).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as("decoded %s", file).isNotNull();
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
        return image;
    }

    /** The number of distinct RGB values. */
    static int distinctColours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                seen.add(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        return seen.size();
    }

    /** Pixels in [x0, x1) by [y0, y1) whose RGB value passes the test. */
    static int count(BufferedImage image, int x0, int x1, int y0, int y1, IntPredicate rgb) {
        int n = 0;
        for (int y = Math.max(0, y0); y < Math.min(image.getHeight(), y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(image.getWidth(), x1); x++) {
                if (rgb.test(image.getRGB(x, y) & 0xFFFFFF)) {
                    n++;
                }
            }
        }
        return n;
    }

    static int red(int rgb) {
        return (rgb >> 16) & 0xFF;
    }

    static int green(int rgb) {
        return (rgb >> 8) & 0xFF;
    }

    static int blue(int rgb) {
        return rgb & 0xFF;
    }

    /** Clearly blue (the data colour). */
    static boolean bluish(int rgb) {
        return blue(rgb) > red(rgb) + 40 && blue(rgb) > green(rgb) + 10;
    }

    /** Clearly orange-red (the samples colour). */
    static boolean reddish(int rgb) {
        return red(rgb) > blue(rgb) + 40 && red(rgb) > green(rgb) + 20;
    }

    /** Saturated: not white, grey or black (ink of some colour). */
    static boolean coloured(int rgb) {
        int max = Math.max(red(rgb), Math.max(green(rgb), blue(rgb)));
        int min = Math.min(red(rgb), Math.min(green(rgb), blue(rgb)));
        return max - min > 40;
    }

    /** Close to viridis' yellow end. */
    static boolean yellowish(int rgb) {
        return red(rgb) > 170 && green(rgb) > 170 && blue(rgb) < 110;
    }

    /** Close to viridis' purple end. */
    static boolean purplish(int rgb) {
        return red(rgb) < 110 && green(rgb) < 80 && blue(rgb) > 60 && blue(rgb) > green(rgb) + 30;
    }

    /**
     * Straight paths of n particles from (-2, y_i) at t = 0 to (2, y_i) at t = 1 in {@code steps}
     * steps, with y_i spread over [-1.5, 1.5].
     */
    static Trajectory leftToRight(int n, int steps) {
        Trajectory trajectory = Trajectory.everyStep();
        for (int k = 0; k <= steps; k++) {
            double t = k / (double) steps;
            float[] xy = new float[2 * n];
            for (int i = 0; i < n; i++) {
                xy[2 * i] = (float) (-2 + 4 * t);
                xy[2 * i + 1] = (float) (-1.5 + 3.0 * i / Math.max(1, n - 1));
            }
            var state = Nd4j.create(xy, new long[] {n, 2}, 'c').castTo(DataType.FLOAT);
            if (k == 0) {
                trajectory.init(t, state);
            } else {
                trajectory.handleStep(k, t, state);
            }
        }
        return trajectory;
    }
}
