package io.flowmatch.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
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
                .emaDecay(0)
                .seed(1L)
                .logEvery(0)
                .listener(p -> losses.add(p.loss()))
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
                .emaDecay(0).seed(3L).logEvery(0).train().velocityModel().parameters();
        INDArray averaged = ImageFlowMatcher.builder().images(images).architecture(tiny).iterations(20).batchSize(4)
                .emaDecay(0.9).seed(3L).logEvery(0).train().velocityModel().parameters();
        INDArray start = UNetVelocityModel.initialise(tiny, org.nd4j.linalg.api.buffer.DataType.FLOAT, 3L)
                .parameters();
        double travelled = last.distance2(start);
        assertThat(travelled).isGreaterThan(0);
        // an average of the iterates since the start: off both ends, and nearer the end than the start
        assertThat(averaged.distance2(last)).isGreaterThan(1e-3 * travelled).isLessThan(travelled);
        assertThat(averaged.distance2(start)).isGreaterThan(1e-3 * travelled);
        assertThatThrownBy(() -> ImageFlowMatcher.builder().emaDecay(1.0))
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
}
