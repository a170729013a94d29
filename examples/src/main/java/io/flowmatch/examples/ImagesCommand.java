package io.flowmatch.examples;

import io.flowmatch.image.ImageFlowMatcher;
import io.flowmatch.image.ImageFlowModel;
import io.flowmatch.image.ImageRecipe;
import io.flowmatch.image.LabelledImages;
import io.flowmatch.image.NearestCentroid;
import io.flowmatch.image.Shapes;
import io.flowmatch.image.UNetArchitecture;
import io.flowmatch.solvers.Solvers;
import io.flowmatch.viz.ImageGrid;
import io.flowmatch.viz.TrainingProgressBar;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Trains a class-conditional image flow with classifier-free guidance, optionally saves it, and
 * writes a grid of samples, one row per class (and optionally a GIF of the grid denoising from
 * t = 0 to 1).
 */
@Command(name = "images", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Trains a class-conditional image flow (conv U-Net, classifier-free guidance), optionally "
                + "saves it, and writes a grid PNG with one row per class.")
final class ImagesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "shapes", paramLabel = ImageData.CHOICES,
            description = "the built-in procedural shapes, Fashion-MNIST as installed by the Debian package "
                    + "dataset-fashion-mnist, or IDX files (MNIST format, plain or .gz)")
    String data;

    @Option(names = "--count", paramLabel = "N",
            description = "shapes: images generated (default 5000); files: use the first N (default all)")
    Integer count;

    @Option(names = "--channels", defaultValue = "32,64", split = ",", paramLabel = "C1,C2",
            description = "U-Net feature maps at half and at quarter resolution")
    int[] channels;

    @Option(names = "--middle-blocks", defaultValue = "3", description = "U-Net blocks at quarter resolution")
    int middleBlocks;

    @Option(names = "--iterations", defaultValue = "3000", description = "optimizer steps")
    long iterations;

    @Option(names = "--batch", defaultValue = "32", description = "images per step")
    int batch;

    @Option(names = "--lr", defaultValue = "3e-3", description = "peak learning rate (cosine-decayed)")
    double learningRate;

    @Option(names = "--dropout", defaultValue = "0.1", description = "probability of training on the null label")
    double dropout;

    @Option(names = "--ema", defaultValue = "0.998",
            description = "decay of the weight average sampled from (0: sample the last weights)")
    double ema;

    @Option(names = "--guidance", defaultValue = "2", description = "guidance scale w (0 unconditional, 1 conditional)")
    double guidance;

    @Option(names = "--per-class", defaultValue = "8", description = "samples per class in the grid")
    int perClass;

    @Option(names = "--steps", defaultValue = "40", description = "Euler steps from noise to image")
    int steps;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the weights, batches and noise")
    long seed;

    @Option(names = "--gif", description = "also write denoise.gif, the grid from t = 0 to 1")
    boolean gif;

    @Option(names = "--threads", defaultValue = "1",
            description = "threads sharing each batch (its parts) and the sampling; the results do not depend on it")
    int threads;

    @Mixin
    ProgressOption progress;

    @Option(names = "--out", defaultValue = "flowmatch-images", paramLabel = "DIR", description = "output folder")
    Path out;

    @Option(names = "--model-out", paramLabel = "MODEL", description = "also save the trained model here")
    Path modelOut;

    @Mixin
    JudgeOption judge;

    @Override
    public Integer call() {
        ImageThreads.apply(threads);
        OutputFiles.requireFile("--model-out", modelOut);
        if (perClass < 1 || steps < 1) {
            throw new IllegalArgumentException("--per-class and --steps must be positive");
        }
        if (channels.length != 2) {
            throw new IllegalArgumentException("--channels needs two numbers, C1,C2; got " + channels.length);
        }
        // the settings first: a bad one is reported before the data are read or generated
        ImageFlowMatcher.Builder builder = ImageFlowMatcher.builder()
                .iterations(iterations)
                .batchSize(batch)
                .learningRate(learningRate)
                .labelDropout(dropout)
                .ema(ema)
                .seed(seed)
                .threads(threads);
        LabelledImages images = ImageData.train(data, count, seed);
        System.out.println("data: " + images);
        UNetArchitecture defaults = UNetArchitecture.defaults(images.height(), images.width(), images.classes());
        builder.images(images)
                .architecture(new UNetArchitecture(images.height(), images.width(), images.classes(), channels[0],
                        channels[1], defaults.timeFeatures(), defaults.embedding(), middleBlocks));
        ImageRecipe recipe = builder.toRecipe();
        progress.style().ifPresent(style -> builder.listener(new TrainingProgressBar(spec.commandLine().getErr(), style)));
        long start = System.nanoTime();
        ImageFlowModel model = builder.train().withThreads(threads);
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("trained %s in %.1f s (%.2f steps/s, %d thread(s))%n", recipe.architecture(), trainSeconds,
                iterations / trainSeconds, threads);
        if (modelOut != null) {
            model.save(modelOut);
            System.out.println("saved " + modelOut);
        }
        int[] labels = model.gridLabels(perClass);
        List<INDArray> frames = gif ? new ArrayList<>() : null;
        INDArray samples = model.sample(labels, guidance, Solvers.euler(), steps, seed + 1, frames);
        int h = images.height();
        int w = images.width();
        Path grid = out.resolve("grid.png");
        ImageGrid.writePng(grid, samples, images.classes(), perClass, h, w, 2);
        if (gif) {
            List<BufferedImage> pictures = new ArrayList<>();
            for (int k = 0; k < frames.size(); k += Math.max(1, frames.size() / 40)) {
                pictures.add(ImageGrid.render(frames.get(k), images.classes(), perClass, h, w, 2));
            }
            pictures.add(ImageGrid.render(samples, images.classes(), perClass, h, w, 2));
            ImageGrid.writeGif(out.resolve("denoise.gif"), pictures, 80);
            System.out.println("wrote " + out.resolve("denoise.gif"));
        }
        judge.report(samples, labels, threads);
        String accuracy = "";
        if (data.equals("shapes")) {
            NearestCentroid judge = NearestCentroid.fit(Shapes.generate(2000, seed + 2));
            accuracy = String.format(", nearest-centroid accuracy %.3f", judge.accuracy(samples, labels));
        }
        System.out.printf("wrote %s (%d classes x %d, w=%s) after %.1f s of training%s%n", grid, images.classes(),
                perClass, guidance, trainSeconds, accuracy);
        return 0;
    }
}
