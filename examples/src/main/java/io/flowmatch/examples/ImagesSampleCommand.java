package io.flowmatch.examples;

import io.flowmatch.core.io.AtomicFiles;
import io.flowmatch.image.ImageFlowModel;
import io.flowmatch.viz.ImageGrid;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Generates images from a saved image model: {@code per-class} images of every class, written as
 * CSV rows {@code label,p0,...,p(h*w-1)} grouped by label, pixels in [-1, 1].
 */
@Command(name = "images-sample", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Samples a saved image model: writes one image a row, label,p0,...,p783 (pixels in [-1, 1], "
                + "clipped), a header line first, rows grouped by label.")
final class ImagesSampleCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "a model saved by images --model-out")
    Path model;

    @Option(names = "--per-class", defaultValue = "20", description = "images of each class")
    int perClass;

    @Option(names = "--guidance", defaultValue = "2", description = "guidance scale w (0 unconditional, 1 conditional)")
    double guidance;

    @Option(names = "--steps", defaultValue = "40", description = "Euler steps from noise to image")
    int steps;

    @Option(names = "--seed", defaultValue = "7", description = "seed of the starting noise")
    long seed;

    @Option(names = "--threads", defaultValue = "1",
            description = "chunks of 100 images integrated at once; the images do not depend on it")
    int threads;

    @Option(names = "--grid", paramLabel = "PNG", description = "also write the images as a grid, one row per class")
    Path grid;

    @picocli.CommandLine.Mixin
    JudgeOption judge;

    @Option(names = "--out", required = true, paramLabel = "SAMPLES.csv", description = "where to write the images")
    Path out;

    @Override
    public Integer call() {
        ImageThreads.apply(threads);
        if (perClass < 1 || steps < 1) {
            throw new IllegalArgumentException("--per-class and --steps must be positive");
        }
        ImageFlowModel flow = ImageFlowModel.load(model).withThreads(threads);
        int[] labels = flow.gridLabels(perClass);
        long start = System.nanoTime();
        INDArray samples = flow.sample(labels, guidance, steps, seed);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("sampled %d images (%d a class, w=%s, %d Euler steps) in %.1f s%n", labels.length, perClass,
                guidance, steps, seconds);
        if (grid != null) {
            ImageGrid.writePng(grid, samples, flow.architecture().classes(), perClass, flow.architecture().height(),
                    flow.architecture().width(), 2);
            System.out.println("wrote " + grid);
        }
        judge.report(samples, labels, threads);
        writeCsv(out, samples, labels);
        System.out.println("wrote " + out);
        return 0;
    }

    /** Header {@code label,p0,...}, then one row an image, pixels clipped to [-1, 1], atomically. */
    static void writeCsv(Path file, INDArray samples, int[] labels) {
        int d = (int) samples.columns();
        float[] values = samples.dup('c').data().asFloat();
        AtomicFiles.write(file, stream -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
            StringBuilder line = new StringBuilder("label");
            for (int j = 0; j < d; j++) {
                line.append(",p").append(j);
            }
            w.write(line.append('\n').toString());
            for (int i = 0; i < labels.length; i++) {
                line.setLength(0);
                line.append(labels[i]);
                for (int j = 0; j < d; j++) {
                    float v = Math.max(-1f, Math.min(1f, values[i * d + j]));
                    line.append(',').append(v);
                }
                w.write(line.append('\n').toString());
            }
            w.flush();
        });
    }
}
