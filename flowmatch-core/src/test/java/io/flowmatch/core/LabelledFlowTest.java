package io.flowmatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.coupling.Couplings;
import io.flowmatch.core.io.ModelFile;
import io.flowmatch.core.metrics.SampleDistances;
import io.flowmatch.core.model.ConditionalPass;
import io.flowmatch.core.train.LearningRateSchedule;
import io.flowmatch.core.train.TrainingListener;
import io.flowmatch.core.train.TrainingProgress;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.datasets.LabelledDataSource;
import io.flowmatch.solvers.Solvers;
import io.flowmatch.solvers.Trajectory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Class labels for point flows, end to end: a model trained on the eight Gaussians labelled by
 * their component samples each component on request, the whole mixture without a label, tighter
 * classes with guidance above 1, and the same bits after a save and a load.
 */
class LabelledFlowTest {

    private static final double RADIUS = 5;
    private static final double DIAGONAL = RADIUS / Math.sqrt(2);
    private static final double[] CX = {RADIUS, DIAGONAL, 0, -DIAGONAL, -RADIUS, -DIAGONAL, 0, DIAGONAL};
    private static final double[] CY = {0, DIAGONAL, RADIUS, DIAGONAL, 0, -DIAGONAL, -RADIUS, -DIAGONAL};
    private static final LabelledDataSource DATA = Datasets.labelledEightGaussians();
    private static final int N = 500;

    private static FlowModel model;

    @TempDir
    Path dir;

    /** 1000 steps (about 1.5 s): every class lands in its component at w = 1 for seeds 1 and 2 (98 %). */
    private static FlowMatcher.Builder recipe() {
        return FlowMatcher.builder().data(DATA).iterations(1_000).schedule(LearningRateSchedule.cosine(0.0)).seed(1L);
    }

    @BeforeAll
    static void trainOnce() {
        model = recipe().train();
    }

    /** The fraction of {@code x} within {@code radius} of component k's centre (3 standard deviations: 1.5). */
    private static double inComponent(INDArray x, int k, double radius) {
        int in = 0;
        float[][] rows = x.toFloatMatrix();
        for (float[] p : rows) {
            if (Math.hypot(p[0] - CX[k], p[1] - CY[k]) < radius) {
                in++;
            }
        }
        return in / (double) rows.length;
    }

    private static INDArray ofClass(int k, double guidance) {
        return model.sample(N, k, guidance, Solvers.midpoint(), 50, 100 + k);
    }

    @Test
    void samplesOfEachLabelLandInItsComponent() {
        assertThat(model.classes()).isEqualTo(8);
        for (int k = 0; k < 8; k++) {
            // the data have 98.9 % within 1.5 of their centre; an unconditional model about 12 %
            assertThat(inComponent(ofClass(k, 1.0), k, 1.5)).as("class %s at guidance 1", k).isGreaterThanOrEqualTo(0.95);
            assertThat(inComponent(ofClass(k, 0.0), k, 1.5)).as("class %s at guidance 0", k).isLessThan(0.25);
        }
    }

    @Test
    void withoutALabelTheModelSamplesTheWholeMixtureAndAModelThatNeverDroppedLabelsCannot() {
        INDArray truth = DATA.sample(2000, 7L);
        double floor = SampleDistances.energyDistance(DATA.sample(2000, 8L), truth);
        double unconditional = SampleDistances.energyDistance(model.sample(2000, Solvers.midpoint(), 50, 9L), truth);
        // measured 0.031 (floor 0.0075); 0.006 with label dropout 0.5
        assertThat(unconditional).as("energy distance of the unconditional samples (floor %s)", floor).isLessThan(0.08);
        FlowModel neverDropped = recipe().labelDropout(0.0).train();
        assertThat(SampleDistances.energyDistance(neverDropped.sample(2000, Solvers.midpoint(), 50, 9L), truth))
                .as("without label dropout the null label is never trained").isGreaterThan(0.5);
        // an even mix of the classes, each conditional, is the mixture too
        INDArray mix = model.sample(FlowModel.labelMix(new int[] {250, 250, 250, 250, 250, 250, 250, 250}), 1.0,
                Solvers.midpoint(), 50, 9L);
        assertThat(SampleDistances.energyDistance(mix, truth)).as("energy distance of the mix").isLessThan(0.02);
    }

    @Test
    void guidanceAboveOneTightensEveryClass() {
        double plain = 0;
        double guided = 0;
        for (int k = 0; k < 8; k++) {
            plain += inComponent(ofClass(k, 1.0), k, 1.0) / 8;
            guided += inComponent(ofClass(k, 2.0), k, 1.0) / 8;
        }
        // within 2 standard deviations: 86 % of the data; measured 0.88 at w = 1 and 0.98 at w = 2
        assertThat(guided).as("in-component fraction at guidance 2 (at 1: %s)", plain).isGreaterThan(plain + 0.04);
    }

    @Test
    void guidanceZeroIsTheUnconditionalModelBitForBitAndThreadsDoNotMatter() {
        int n = FlowModel.CHUNK_ROWS + 37;
        assertThat(model.sample(n, 3, 0.0, Solvers.midpoint(), 10, 5L))
                .isEqualTo(model.sample(n, Solvers.midpoint(), 10, 5L));
        assertThat(model.sample(n, ConditionalPass.NULL_LABEL, 2.0, Solvers.midpoint(), 10, 5L))
                .isEqualTo(model.sample(n, Solvers.midpoint(), 10, 5L));
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 9 == 8 ? ConditionalPass.NULL_LABEL : i % 8;
        }
        INDArray one = model.withThreads(1).sample(labels, 2.0, Solvers.heun(), 10, 6L);
        INDArray four = model.withThreads(4).sample(labels, 2.0, Solvers.heun(), 10, 6L);
        assertThat(four).isEqualTo(one);
        assertThat(model.sample(labels, 2.0, Solvers.heun(), 10, 7L)).isNotEqualTo(one);
        // the first rows do not depend on the rows after them
        INDArray head = model.sample(java.util.Arrays.copyOf(labels, 10), 2.0, Solvers.heun(), 10, 6L);
        assertThat(one.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 10),
                org.nd4j.linalg.indexing.NDArrayIndex.all())).isEqualTo(head);
    }

    @Test
    void labelledTrajectoriesAreBitIdenticalOnOneAndTwoThreadsAndEndInTheSample() {
        // three chunks, the last one shorter, with guided, conditional-only and null-label rows
        int n = 2 * FlowModel.CHUNK_ROWS + 37;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 9 == 8 ? ConditionalPass.NULL_LABEL : i % 8;
        }
        Trajectory one = model.withThreads(1).trajectory(labels, 2.0, Solvers.heun(), 4, 6L);
        Trajectory two = model.withThreads(2).trajectory(labels, 2.0, Solvers.heun(), 4, 6L);
        assertThat(one.states()).hasSize(5);
        assertThat(two.times()).containsExactly(one.times());
        assertThat(two.asTensor().dup().data().asFloat()).containsExactly(one.asTensor().dup().data().asFloat());
        // the last state is the labelled sample of that seed, bit for bit
        INDArray sample = model.withThreads(2).sample(labels, 2.0, Solvers.heun(), 4, 6L);
        assertThat(one.states().get(4).dup().data().asFloat()).containsExactly(sample.dup().data().asFloat());
    }

    @Test
    void aSavedModelLoadsWithItsClassesAndSamplesBitIdentically() {
        Path file = dir.resolve("labelled.flow");
        FlowModel named = model.withClassNames(List.of("e", "ne", "n", "nw", "w", "sw", "s", "se"));
        named.save(file);
        FlowModel loaded = FlowModel.load(file);
        assertThat(loaded.classes()).isEqualTo(8);
        assertThat(loaded.classNames()).containsExactly("e", "ne", "n", "nw", "w", "sw", "s", "se");
        assertThat(loaded.classOf("nw")).isEqualTo(3);
        assertThat(loaded.classOf("5")).isEqualTo(5);
        assertThat(ModelFile.read(file).header()).containsEntry("model.classes", "8").containsEntry("class.2", "n");
        assertThat(loaded.sample(300, 3, 2.5, Solvers.rk4(), 8, 11L)).isEqualTo(named.sample(300, 3, 2.5, Solvers.rk4(), 8, 11L));
        assertThat(loaded.sample(300, Solvers.rk4(), 8, 11L)).isEqualTo(named.sample(300, Solvers.rk4(), 8, 11L));
        assertThat(loaded.provenance()).containsEntry("classes", "8").containsEntry("label_dropout", "0.1")
                .containsEntry("data", "labelled(eightGaussians(radius=5, std=0.5))");
        // the provenance's recipe keys rebuild the recipe, classes included
        java.util.Map<String, String> recipeKeys = new java.util.LinkedHashMap<>(loaded.provenance());
        recipeKeys.keySet().retainAll(new java.util.HashSet<>(java.util.stream.Stream.of(Recipe.FLOW_KEYS,
                Recipe.LABEL_KEYS, io.flowmatch.core.train.TrainingConfig.KEYS).flatMap(List::stream).toList()));
        assertThat(Recipe.fromMap(recipeKeys).classes()).isEqualTo(8);
    }

    @Test
    void labelledArraysKeepTheirClassNamesThroughTraining() {
        INDArray points = Nd4j.createFromArray(new float[][] {{0, 0}, {0.1f, 0}, {3, 3}, {3.1f, 3}, {-2, 1}});
        FlowModel tiny = FlowMatcher.builder().data(Datasets.labelled(points, new int[] {0, 0, 1, 1, 2},
                List.of("low", "high", "left"))).iterations(5).train();
        assertThat(tiny.classNames()).containsExactly("low", "high", "left");
        assertThat(tiny.withThreads(2).classNames()).containsExactly("low", "high", "left");
        FlowModel viaArrays = FlowMatcher.builder().data(points, new int[] {0, 0, 1, 1, 2}).iterations(5)
                .coupling(Couplings.exactOt()).train();
        assertThat(viaArrays.classNames()).containsExactly("0", "1", "2");
        assertThat(viaArrays.provenance()).containsEntry("coupling", "exact_ot").containsEntry("classes", "3");
    }

    @Test
    void aLabelledRunResumesBitIdentically() {
        Path file = dir.resolve("labelled.ckpt");
        FlowMatcher.Builder run = FlowMatcher.builder().data(DATA).iterations(40).batchSize(32).seed(3L)
                .coupling(Couplings.exactOt()).labelDropout(0.3);
        FlowModel uninterrupted = run.train();
        TrainingListener crash = new TrainingListener() {
            @Override
            public void onStep(TrainingProgress p) {
                if (p.step() == 27) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        };
        assertThatThrownBy(() -> FlowMatcher.builder().data(DATA).iterations(40).batchSize(32).seed(3L)
                .coupling(Couplings.exactOt()).labelDropout(0.3).checkpoints(file, 20).listener(crash).train())
                .hasMessageContaining("simulated crash");
        FlowModel resumed = FlowMatcher.builder().data(DATA).iterations(40).batchSize(32).seed(3L)
                .coupling(Couplings.exactOt()).labelDropout(0.3).resumeFrom(file).train();
        assertThat(resumed.velocityModel().parameters().toFloatVector())
                .containsExactly(uninterrupted.velocityModel().parameters().toFloatVector());
    }

    @Test
    void badLabelsAndMismatchedSettingsAreNamed() {
        assertThatThrownBy(() -> model.sample(10, 8, 1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label 8 is not a class of the model: its classes are 0 to 7");
        assertThatThrownBy(() -> model.sample(10, 2, Double.POSITIVE_INFINITY))
                .hasMessageContaining("guidance scale must be finite");
        assertThatThrownBy(() -> model.classOf("north")).hasMessageContaining("unknown class 'north'")
                .hasMessageContaining("0, 1, 2, 3, 4, 5, 6, 7");
        FlowModel plain = FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(2).train();
        assertThat(plain.classes()).isZero();
        assertThat(plain.classNames()).isEmpty();
        assertThatThrownBy(() -> plain.sample(10, 0, 1.0)).hasMessageContaining("trained without labels");
        assertThatThrownBy(() -> plain.classOf("0")).hasMessageContaining("trained without labels");
        assertThat(plain.provenance()).doesNotContainKeys("classes", "label_dropout");
        assertThatThrownBy(() -> FlowMatcher.builder().data(DATA).classes(5).iterations(2).train())
                .hasMessageContaining("the recipe is for 5 classes but the data").hasMessageContaining("have 8");
        assertThatThrownBy(() -> FlowMatcher.builder().data(Datasets.moons(0.05)).classes(3).iterations(2).train())
                .hasMessageContaining("have no labels");
        INDArray points = Nd4j.rand(4, 2);
        assertThatThrownBy(() -> FlowMatcher.builder().data(points, new int[] {0, 1, 3, 1}))
                .hasMessageContaining("class 2 has no points");
        assertThatThrownBy(() -> FlowMatcher.builder().data(points, new int[] {0, 1}))
                .hasMessageContaining("2 labels for 4 points");
        assertThatThrownBy(() -> FlowMatcher.builder().data(DATA).model(
                io.flowmatch.core.model.MlpVelocityModel.initialise(io.flowmatch.core.model.MlpArchitecture.defaults(2),
                        org.nd4j.linalg.api.buffer.DataType.FLOAT, 1L)).iterations(2).train())
                .hasMessageContaining("have 8 classes but the model takes 0 class labels");
    }
}
