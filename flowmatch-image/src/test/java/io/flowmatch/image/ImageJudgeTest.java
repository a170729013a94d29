package io.flowmatch.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowmatch.core.io.ModelFile;
import io.flowmatch.core.io.ModelFormatException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The judge on the procedural shapes: it learns, scores, and survives a save and load. */
class ImageJudgeTest {

    private static final ClassifierArchitecture SMALL = new ClassifierArchitecture(28, 28, 10, 4, 8, 16);

    private static LabelledImages train;
    private static LabelledImages test;
    private static ImageJudge judge;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        train = Shapes.generate(1000, 5L);
        test = Shapes.generate(250, 77L);
        judge = ImageJudge.builder().train(train).test(test).architecture(SMALL).epochs(4).batchSize(32)
                .learningRate(3e-3).seed(2L).threads(2).build();
    }

    @Test
    void learnsFarAboveChanceAndTellsRealImagesFromNoise() {
        assertThat(judge.testAccuracy()).isGreaterThan(0.35);   // chance is 0.1
        int[] labels = test.labels();
        INDArray real = test.asMatrix();
        ImageJudge.Score s = judge.score(real.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 200),
                org.nd4j.linalg.indexing.NDArrayIndex.all()), Arrays.copyOf(labels, 200));
        org.slf4j.LoggerFactory.getLogger(ImageJudgeTest.class).info("small judge on shapes: test accuracy {}, "
                + "real images {}", judge.testAccuracy(), s);
        assertThat(s.count()).isEqualTo(200);
        assertThat(s.floor()).isPositive();
        assertThat(s.frechet()).isPositive();
        // noise is far from the real test images, much farther than real images are
        SplittableRandom rng = new SplittableRandom(1L);
        INDArray noise = Nd4j.create(DataType.FLOAT, 200, 784);
        for (long i = 0; i < noise.length(); i++) {
            noise.putScalar(i, rng.nextDouble(-1, 1));
        }
        ImageJudge.Score n = judge.score(noise, Arrays.copyOf(labels, 200));
        assertThat(n.frechet()).isGreaterThan(3 * s.frechet());
        assertThat(s.accuracy()).isGreaterThan(n.accuracy());
        assertThat(s.perClass()).hasSize(10);
    }

    @Test
    void threadsDoNotChangeTheNumbers() {
        INDArray some = test.head(120).asMatrix();
        int[] labels = test.head(120).labels();
        ImageJudge.Score one = judge.score(some, labels, 1);
        ImageJudge.Score two = judge.score(some, labels, 2);
        assertThat(two.frechet()).isEqualTo(one.frechet());
        assertThat(two.accuracy()).isEqualTo(one.accuracy());
        ImageJudge again = ImageJudge.builder().train(train.head(300)).test(test).architecture(SMALL).epochs(0.3)
                .batchSize(32).seed(2L).threads(1).build();
        ImageJudge againTwo = ImageJudge.builder().train(train.head(300)).test(test).architecture(SMALL).epochs(0.3)
                .batchSize(32).seed(2L).threads(2).build();
        assertThat(againTwo.testAccuracy()).isEqualTo(again.testAccuracy());
        assertThat(againTwo.score(some, labels).frechet()).isEqualTo(again.score(some, labels).frechet());
    }

    @Test
    void savedJudgeLoadsAndScoresTheSame() {
        Path file = dir.resolve("judge.flow");
        judge.save(file);
        ImageJudge loaded = ImageJudge.load(file);
        assertThat(loaded.testAccuracy()).isEqualTo(judge.testAccuracy());
        assertThat(loaded.architecture()).isEqualTo(SMALL);
        assertThat(loaded.provenance()).isEqualTo(judge.provenance());
        INDArray some = test.head(100).asMatrix();
        int[] labels = test.head(100).labels();
        ImageJudge.Score a = judge.score(some, labels);
        ImageJudge.Score b = loaded.score(some, labels);
        assertThat(b.accuracy()).isEqualTo(a.accuracy());
        assertThat(b.frechet()).isCloseTo(a.frechet(), within(1e-3 * a.frechet()));
        assertThat(b.floor()).isCloseTo(a.floor(), within(1e-3 * a.floor()));
        assertThat(loaded.predict(some)).containsExactly(judge.predict(some));
    }

    @Test
    void badJudgeFilesAreRefused() {
        Path file = dir.resolve("judge.flow");
        judge.save(file);
        ModelFile good = ModelFile.read(file);
        assertThatThrownBy(() -> rewrite(good, (h, a) -> h.put("format", "flowmatch-image-model")))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("not a flowmatch image judge");
        assertThatThrownBy(() -> rewrite(good, (h, a) -> a.put("parameters", new float[7])))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("7 values in 'parameters'");
        assertThatThrownBy(() -> rewrite(good, (h, a) -> a.put("reference_covariance", new float[5])))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("'reference_covariance'");
        assertThatThrownBy(() -> rewrite(good, (h, a) -> a.get("floor_labels")[0] = 99))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("floor label");
        assertThatThrownBy(() -> rewrite(good, (h, a) -> h.put("model.architecture", "convnet(3)")))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("invalid header");
        assertThatThrownBy(() -> ImageFlowModel.load(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("not a flowmatch image model");
    }

    @Test
    void classifierGradientMatchesDirectionalDifferences() {
        ClassifierArchitecture tiny = new ClassifierArchitecture(8, 8, 3, 3, 4, 5);
        SplittableRandom rng = new SplittableRandom(6L);
        float[] values = new float[(int) tiny.parameterCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) rng.nextDouble(-0.5, 0.5);
        }
        INDArray theta = Nd4j.createFromArray(values);
        float[] pixels = new float[4 * 64];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) rng.nextDouble(-1, 1);
        }
        int[] labels = {0, 2, 1, 2};
        ClassifierPass pass = new ClassifierPass(tiny, theta, 4);
        pass.forward(pixels, 0);
        INDArray grad = Nd4j.create(DataType.FLOAT, theta.length());
        grad.assign(Float.NaN);
        pass.crossEntropyBackward(labels, 0, 1.0, grad);
        assertThat(grad.isNaN().any()).isFalse();
        for (int trial = 0; trial < 6; trial++) {
            float[] v = new float[values.length];
            double gv = 0;
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rng.nextGaussian();
                gv += v[i] * grad.getDouble(i);
            }
            double h = 1e-3;
            double up = loss(tiny, shifted(values, v, h), pixels, labels);
            double down = loss(tiny, shifted(values, v, -h), pixels, labels);
            assertThat((up - down) / (2 * h)).as("trial %d", trial).isCloseTo(gv, within(0.02 * Math.abs(gv) + 1e-3));
        }
    }

    private static INDArray shifted(float[] values, float[] v, double h) {
        float[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += (float) (h * v[i]);
        }
        return Nd4j.createFromArray(out);
    }

    private static double loss(ClassifierArchitecture a, INDArray theta, float[] pixels, int[] labels) {
        ClassifierPass pass = new ClassifierPass(a, theta, labels.length);
        pass.forward(pixels, 0);
        return pass.crossEntropyBackward(labels, 0, 1.0, Nd4j.create(DataType.FLOAT, theta.length()));
    }

    private void rewrite(ModelFile good, java.util.function.BiConsumer<Map<String, String>, Map<String, float[]>> change) {
        Map<String, String> header = new LinkedHashMap<>(good.header());
        Map<String, float[]> arrays = new LinkedHashMap<>();
        good.arrays().forEach((k, v) -> arrays.put(k, v.clone()));
        change.accept(header, arrays);
        Path bad = dir.resolve("bad.flow");
        new ModelFile(header, arrays).write(bad);
        ImageJudge.load(bad);
    }
}
