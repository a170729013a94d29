package io.flowmatch.examples;

import io.flowmatch.image.FashionMnist;
import io.flowmatch.image.ImageJudge;
import io.flowmatch.image.LabelledImages;
import io.flowmatch.image.Shapes;
import io.flowmatch.viz.TrainingProgressBar;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Trains the judge of generated images (a small convolutional classifier, see {@link ImageJudge})
 * on real training images, reports its test accuracy and the Frechet floor, and saves it for
 * {@code images --judge} and {@code images-sample --judge}.
 */
@Command(name = "images-judge", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Trains the image judge (a small conv classifier) on real images, prints its test accuracy "
                + "and the Frechet floor, and saves it.")
final class ImagesJudgeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "fashion-mnist", paramLabel = ImageData.CHOICES,
            description = "the training images (shapes, the installed Fashion-MNIST, or IDX files)")
    String data;

    @Option(names = "--test", paramLabel = "idx:IMAGES,LABELS",
            description = "the test images (default: Fashion-MNIST's t10k files, or 2000 fresh shapes)")
    String test;

    @Option(names = "--count", paramLabel = "N", description = "use the first N training images (default all)")
    Integer count;

    @Option(names = "--epochs", defaultValue = "2", description = "passes over the training images")
    double epochs;

    @Option(names = "--batch", defaultValue = "64", description = "images per step")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3", description = "peak learning rate (Adam, cosine-decayed)")
    double learningRate;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the weights and batches")
    long seed;

    @Option(names = "--threads", defaultValue = "1", description = "threads sharing each batch and the evaluation")
    int threads;

    @Mixin
    ProgressOption progress;

    @Option(names = "--out", required = true, paramLabel = "JUDGE", description = "where to save the judge")
    Path out;

    @Override
    public Integer call() {
        ImageThreads.apply(threads);
        OutputFiles.requireFile("--out", out);
        LabelledImages train = ImageData.train(data, count, seed);
        LabelledImages testImages = testImages();
        System.out.println("train: " + train + "; test: " + testImages);
        ImageJudge.Builder builder = ImageJudge.builder().train(train).test(testImages).epochs(epochs).batchSize(batch)
                .learningRate(learningRate).seed(seed).threads(threads);
        progress.style().ifPresent(style -> builder.listener(
                new TrainingProgressBar(spec.commandLine().getErr(), style, "judge")));
        long start = System.nanoTime();
        ImageJudge judge = builder.build();
        double seconds = (System.nanoTime() - start) / 1e9;
        judge.save(out);
        // the floor at the scoring protocol's size: 20 real test images a class against the rest
        int perClass = 20;
        int[] labels = new int[perClass * testImages.classes()];
        INDArray balanced = balanced(testImages, perClass, labels);
        ImageJudge.Score real = judge.score(balanced, labels, threads);
        System.out.printf(Locale.ROOT, "judge %s: test accuracy %.4f after %.1f s%n", judge.architecture(),
                judge.testAccuracy(), seconds);
        System.out.printf(Locale.ROOT, "real test images (%d a class) score: %s%n", perClass, real);
        System.out.println("saved " + out);
        return 0;
    }

    private LabelledImages testImages() {
        if (test != null) {
            if (!test.startsWith("idx:")) {
                throw new IllegalArgumentException("--test must be idx:IMAGES,LABELS, got " + test);
            }
            return ImageData.train(test, null, seed);
        }
        if (data.equals("fashion-mnist")) {
            return FashionMnist.test();
        }
        if (data.equals("shapes")) {
            return Shapes.generate(2000, seed + 1_000_003L);
        }
        throw new IllegalArgumentException("--test idx:IMAGES,LABELS is needed with --data " + data);
    }

    /** The first {@code perClass} images of each class, grouped by class; their labels into {@code labels}. */
    static INDArray balanced(LabelledImages images, int perClass, int[] labels) {
        int c = images.classes();
        int d = images.pixelsPerImage();
        float[] pixels = new float[perClass * c * d];
        int[] taken = new int[c];
        for (int i = 0; i < images.count(); i++) {
            int y = images.label(i);
            if (taken[y] < perClass) {
                int row = y * perClass + taken[y]++;
                System.arraycopy(images.image(i), 0, pixels, row * d, d);
                labels[row] = y;
            }
        }
        for (int y = 0; y < c; y++) {
            if (taken[y] < perClass) {
                throw new IllegalArgumentException("the test images hold only " + taken[y] + " of class " + y
                        + ", fewer than " + perClass);
            }
        }
        return org.nd4j.linalg.factory.Nd4j.create(pixels, new long[] {perClass * c, d}, 'c');
    }
}
