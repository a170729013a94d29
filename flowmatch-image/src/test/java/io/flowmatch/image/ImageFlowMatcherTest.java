package io.flowmatch.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.train.TrainingDivergedException;
import io.flowmatch.core.train.TrainingListener;
import io.flowmatch.core.train.TrainingProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class ImageFlowMatcherTest {

    @Test
    void tinyModelTrainsLossFallsAndSamplesHaveTheRightShape() {
        LabelledImages images = Shapes.generate(200, 4L);
        List<Double> losses = new ArrayList<>();
        ImageFlowModel model = ImageFlowMatcher.builder()
                .images(images)
                .architecture(new UNetArchitecture(28, 28, 10, 4, 8, 8, 16))
                .iterations(60)
                .batchSize(16)
                .learningRate(3e-3)
                .ema(0)
                .seed(1L)
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(TrainingProgress p) {
                        losses.add(p.loss());
                    }
                })
                .train();
        assertThat(losses).hasSize(60).allSatisfy(l -> assertThat(l).isFinite());
        double first = losses.subList(0, 10).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = losses.subList(50, 60).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        // at t uniform the loss of v = 0 is E|x - z|^2 per pixel ~ 1 + E x^2 ~ 1.8; the fit must beat its start
        assertThat(last).isLessThan(0.8 * first);

        List<INDArray> frames = new ArrayList<>();
        INDArray samples = model.sample(model.gridLabels(2), 2.0, io.flowmatch.solvers.Solvers.euler(), 4, 3L,
                frames);
        assertThat(samples.shape()).containsExactly(20, 784);
        assertThat(samples.isNaN().any() || samples.isInfinite().any()).isFalse();
        assertThat(frames).hasSize(5);
        assertThat(frames.get(4).equalsWithEps(samples, 1e-6)).isTrue();
        INDArray again = model.sample(model.gridLabels(2), 2.0, 4, 3L);
        assertThat(again.equalsWithEps(samples, 1e-6)).as("same seed, same images").isTrue();
    }

    @Test
    void emaModelLiesBetweenTheStartAndTheLastWeights() {
        UNetArchitecture tiny = new UNetArchitecture(28, 28, 10, 2, 2, 2, 4);
        LabelledImages images = Shapes.generate(40, 4L);
        INDArray last = ImageFlowMatcher.builder().images(images).architecture(tiny).iterations(20).batchSize(4)
                .ema(0).seed(3L).train().velocityModel().parameters();
        INDArray averaged = ImageFlowMatcher.builder().images(images).architecture(tiny).iterations(20).batchSize(4)
                .ema(0.9).seed(3L).train().velocityModel().parameters();
        INDArray start = UNetVelocityModel.initialise(tiny, org.nd4j.linalg.api.buffer.DataType.FLOAT, 3L)
                .parameters();
        double travelled = last.distance2(start);
        assertThat(travelled).isGreaterThan(0);
        // an average of the iterates since the start: off both ends, and nearer the end than the start
        assertThat(averaged.distance2(last)).isGreaterThan(1e-3 * travelled).isLessThan(travelled);
        assertThat(averaged.distance2(start)).isGreaterThan(1e-3 * travelled);
        assertThatThrownBy(() -> ImageFlowMatcher.builder().ema(1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EMA decay");
    }

    @Test
    void builderRejectsBadSettings() {
        assertThatThrownBy(() -> ImageFlowMatcher.builder().train()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no images");
        assertThatThrownBy(() -> ImageFlowMatcher.builder().labelDropout(1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label dropout");
        assertThatThrownBy(() -> ImageFlowMatcher.builder().images(Shapes.generate(10, 1L))
                .architecture(new UNetArchitecture(28, 28, 3, 2, 2, 2, 2)).train())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
    }

    @Test
    void resumingFromACheckpointIsBitIdenticalToAnUninterruptedRun(@TempDir Path dir) {
        UNetArchitecture tiny = new UNetArchitecture(28, 28, 10, 2, 3, 4, 6);
        LabelledImages images = Shapes.generate(40, 5L);
        ImageFlowModel uninterrupted = ImageFlowMatcher.builder().images(images).architecture(tiny).iterations(12)
                .batchSize(6).ema(0.9).seed(8L).train();

        Path checkpoint = dir.resolve("run.ckpt");
        ImageFlowMatcher.builder().images(images).architecture(tiny).iterations(12).batchSize(6).ema(0.9).seed(8L)
                .checkpoints(checkpoint, 0)
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(TrainingProgress p) {
                        if (p.step() == 5) {
                            p.requestStop();
                        }
                    }
                })
                .train();
        ImageFlowModel resumed = ImageFlowMatcher.builder().images(images).architecture(tiny).iterations(12)
                .batchSize(6).ema(0.9).seed(8L).resumeFrom(checkpoint).train();

        assertThat(resumed.trainedVelocityModel().parameters().toFloatVector())
                .containsExactly(uninterrupted.trainedVelocityModel().parameters().toFloatVector());
        assertThat(resumed.velocityModel().parameters().toFloatVector())
                .containsExactly(uninterrupted.velocityModel().parameters().toFloatVector());
        assertThat(resumed.provenance()).containsEntry("resumed_from", "run.ckpt");

        // another recipe (label dropout) may not continue from it
        assertThatThrownBy(() -> ImageFlowMatcher.builder().images(images).architecture(tiny).iterations(12)
                .batchSize(6).ema(0.9).seed(8L).labelDropout(0.3).resumeFrom(checkpoint).train())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label_dropout");
    }

    @Test
    void aDivergingRunThrowsTrainingDivergedException() {
        // pixels so large that the squared error overflows float32 at the first step
        float[] pixels = new float[4 * 28 * 28];
        java.util.Arrays.fill(pixels, 3e38f);
        LabelledImages huge = new LabelledImages(pixels, new int[] {0, 1, 0, 1}, 28, 28, 2);
        assertThatThrownBy(() -> ImageFlowMatcher.builder().images(huge)
                .architecture(new UNetArchitecture(28, 28, 2, 2, 2, 2, 2)).iterations(3).batchSize(2).train())
                .isInstanceOf(TrainingDivergedException.class).hasMessageContaining("step 1");
    }

    @Test
    void twoThreadsTrainBitIdenticallyToOne() {
        UNetArchitecture tiny = new UNetArchitecture(28, 28, 10, 3, 4, 4, 6);
        LabelledImages images = Shapes.generate(40, 6L);
        float[] one = ImageFlowMatcher.builder().images(images).architecture(tiny).iterations(6).batchSize(8)
                .seed(2L).threads(1).train().velocityModel().parameters().toFloatVector();
        float[] two = ImageFlowMatcher.builder().images(images).architecture(tiny).iterations(6).batchSize(8)
                .seed(2L).threads(2).train().velocityModel().parameters().toFloatVector();
        assertThat(two).containsExactly(one);
    }

    @Test
    void theRecipeNamesEverySettingAndTheDefaults() {
        ImageRecipe recipe = ImageFlowMatcher.builder().images(Shapes.generate(10, 1L)).labelDropout(0.2).toRecipe();
        assertThat(recipe.architecture()).isEqualTo(UNetArchitecture.defaults(28, 28, 10));
        assertThat(recipe.toMap()).containsEntry("label_dropout", "0.2").containsEntry("iterations", "3000")
                .containsEntry("batch_size", "32").containsEntry("learning_rate", "0.003")
                .containsEntry("schedule", "cosine(min=0.05)").containsEntry("ema_decay", "0.998")
                .containsEntry("seed", "42").containsEntry("batch_split", "2");
        ImageRecipe again = ImageFlowMatcher.builder().recipe(recipe).toRecipe();
        assertThat(again).isEqualTo(recipe);
    }
}
