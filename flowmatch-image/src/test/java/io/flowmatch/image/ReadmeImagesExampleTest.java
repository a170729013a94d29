package io.flowmatch.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmatch.viz.ImageGrid;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The README's image example (section "Images"), on the shapes instead of Fashion-MNIST and with
 * a tiny network and few steps, so that it keeps compiling and working.
 */
class ReadmeImagesExampleTest {

    @TempDir
    Path dir;

    @Test
    void readmeExampleRuns() {
        LabelledImages train = Shapes.generate(200, 1L);
        ImageFlowModel model = ImageFlowMatcher.builder()
                .images(train)
                .architecture(new UNetArchitecture(28, 28, 10, 2, 3, 4, 6))
                .iterations(5)
                .batchSize(8)
                .learningRate(3e-3)
                .labelDropout(0.1)
                .ema(0.998)
                .seed(42L)
                .threads(2)
                .train();
        model.save(dir.resolve("fashion.flow"));
        ImageFlowModel again = ImageFlowModel.load(dir.resolve("fashion.flow"));
        int[] labels = model.gridLabels(2);
        INDArray images = model.sample(labels, 2.0, 3, 7L);
        assertThat(again.sample(labels, 2.0, 3, 7L).dup('c').data().asFloat())
                .containsExactly(images.dup('c').data().asFloat());
        ImageGrid.writePng(dir.resolve("grid.png"), images, 10, 2, 28, 28, 2);
        ImageJudge judge = ImageJudge.builder().train(train).test(Shapes.generate(60, 2L))
                .architecture(new ClassifierArchitecture(28, 28, 10, 2, 3, 8)).epochs(0.2).threads(2).build();
        assertThat(judge.score(images, labels).toString()).contains("accuracy").contains("Frechet distance");
        assertThat(Files.exists(dir.resolve("grid.png"))).isTrue();
    }
}
