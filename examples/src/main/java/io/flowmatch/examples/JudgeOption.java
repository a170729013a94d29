package io.flowmatch.examples;

import io.flowmatch.image.ImageJudge;
import java.nio.file.Path;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Option;

/** The image commands' {@code --judge JUDGE}: score the generated images with a saved judge. */
final class JudgeOption {

    @Option(names = "--judge", paramLabel = "JUDGE",
            description = "a judge saved by images-judge: print the fraction of images labelled as their class and "
                    + "the Frechet distance to the real test images, beside the floor")
    Path judge;

    /** Prints the judge's score of {@code images} generated for {@code labels}, if a judge was given. */
    void report(INDArray images, int[] labels, int threads) {
        if (judge == null) {
            return;
        }
        ImageJudge j = ImageJudge.load(judge);
        if (j.architecture().dimension() != images.columns()) {
            throw new IllegalArgumentException("the judge " + judge + " scores images of " + j.architecture().height()
                    + "x" + j.architecture().width() + " pixels, not these");
        }
        ImageJudge.Score s = j.score(images, labels, threads);
        StringBuilder perClass = new StringBuilder();
        for (double a : s.perClass()) {
            perClass.append(perClass.length() > 0 ? " " : "").append(Double.isNaN(a) ? "-" : String.format(Locale.ROOT,
                    "%.2f", a));
        }
        System.out.printf(Locale.ROOT, "judge (test accuracy %.4f): %d images, accuracy %.3f (per class: %s), "
                + "Frechet distance %.3f (floor %.3f: real train vs test)%n", j.testAccuracy(), s.count(), s.accuracy(),
                perClass, s.frechet(), s.floor());
    }
}
