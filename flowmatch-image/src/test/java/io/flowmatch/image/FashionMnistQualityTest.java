package io.flowmatch.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.flowmatch.core.NativeThreads;
import io.flowmatch.viz.ImageGrid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bar on real images, behind the Maven profile {@code fashion} (it needs the Debian
 * package dataset-fashion-mnist and about 40 minutes on a 2-core machine):
 * <pre>
 * OPENBLAS_CORETYPE=SkylakeX mvn -B -o verify -Pfashion -pl flowmatch-image -am -Dtest=FashionMnistQualityTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * ({@code OPENBLAS_CORETYPE} only where OpenBLAS 0.3.19 does not recognise the CPU; see the
 * README). It trains the judge (2 epochs, at least 88% test accuracy required), trains the flow
 * with the library's defaults on two threads, and scores 200 samples (20 a class, 40 Euler
 * steps, seed 7) at guidance w = 0, 1, 2, 3: at w = 2 at least 80% must be labelled as their
 * class. It logs the Frechet distances beside the floor and writes the model, the judge and the
 * w = 2 grid to {@code target/fashion/}.
 */
@EnabledIfSystemProperty(named = "flowmatch.fashion", matches = "true")
class FashionMnistQualityTest {

    private static final Logger LOG = LoggerFactory.getLogger(FashionMnistQualityTest.class);

    @Test
    void defaultsReachTheBarOnFashionMnist() throws Exception {
        assumeThat(FashionMnist.isInstalled()).as("apt-get install -y " + FashionMnist.PACKAGE).isTrue();
        NativeThreads.limit(1);
        Path out = Path.of("target", "fashion");
        Files.createDirectories(out);
        LabelledImages train = FashionMnist.train();
        LabelledImages test = FashionMnist.test();

        long start = System.nanoTime();
        ImageJudge judge = ImageJudge.builder().train(train).test(test).threads(2).build();
        LOG.info("judge: test accuracy {} in {} s", judge.testAccuracy(), seconds(start));
        judge.save(out.resolve("judge.flow"));
        assertThat(judge.testAccuracy()).isGreaterThanOrEqualTo(0.88);

        start = System.nanoTime();
        ImageFlowModel model = ImageFlowMatcher.builder().images(train).threads(2).train().withThreads(2);
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        LOG.info("flow: {} steps in {} s ({} steps/s)", model.provenance().get("steps_done"),
                String.format(Locale.ROOT, "%.1f", trainSeconds), String.format(Locale.ROOT, "%.2f",
                        Long.parseLong(model.provenance().get("steps_done")) / trainSeconds));
        model.save(out.resolve("fashion.flow"));

        int[] labels = model.gridLabels(20);
        double[] accuracy = new double[4];
        for (int w = 0; w <= 3; w++) {
            INDArray samples = model.sample(labels, w, 40, 7L);
            ImageJudge.Score s = judge.score(samples, labels, 2);
            accuracy[w] = s.accuracy();
            LOG.info("guidance w = {}: {}", w, s);
            if (w == 2) {
                ImageGrid.writePng(out.resolve("grid.png"), samples, 10, 20, 28, 28, 2);
            }
        }
        assertThat(accuracy[2]).isGreaterThanOrEqualTo(0.8);
    }

    private static String seconds(long start) {
        return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9);
    }
}
