package io.flowmatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.metrics.SampleDistances;
import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.model.MlpVelocityModel;
import io.flowmatch.core.train.LearningRateSchedule;
import io.flowmatch.core.train.TrainingListener;
import io.flowmatch.core.train.TrainingProgress;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** End to end: the facade trains a model whose samples are close to the data, deterministically. */
class FlowMatcherTest {

    private static FlowModel moons;
    private static final int N = 1000;

    @BeforeAll
    static void trainOnce() {
        moons = FlowMatcher.builder()
                .data(Datasets.moons(0.05))
                .iterations(3_000)
                .batchSize(256)
                // cosine decay removes the last-iterate noise of lr 1e-2: energy 0.0025-0.0038 over
                // seeds 40-47, where the constant rate scatters from 0.004 to 0.047
                .schedule(LearningRateSchedule.cosine(0.0))
                .seed(42L)
                .train();
    }

    @Test
    void trainedModelSamplesAreCloseToTheDataAndAnUntrainedModelsAreNot() {
        INDArray truth = Datasets.moons(0.05).sample(N, 7L);
        INDArray trained = moons.sample(N, Solvers.euler(), 100, 1L);
        FlowModel untrained = FlowMatcher.builder().data(Datasets.moons(0.05)).normalize(false).iterations(0).seed(42L)
                .train();
        INDArray raw = untrained.sample(N, Solvers.euler(), 100, 1L);
        // standardized, even an untrained network has the data's mean and spread, but not its shape
        INDArray rawStandardized = FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(0).seed(42L).train()
                .sample(N, Solvers.euler(), 100, 1L);
        double floor = SampleDistances.energyDistance(Datasets.moons(0.05).sample(N, 8L), truth);
        double good = SampleDistances.energyDistance(trained, truth);
        double bad = SampleDistances.energyDistance(raw, truth);
        assertThat(good).as("energy distance of the trained model (floor %s)", floor).isLessThan(0.01);
        assertThat(bad).as("energy distance of the untrained model").isGreaterThan(0.1);
        assertThat(SampleDistances.energyDistance(rawStandardized, truth))
                .as("energy distance of the untrained standardized model (trained: %s)", good).isGreaterThan(3 * good);
        assertThat(trained.shape()).containsExactly(N, 2);
        assertThat(trained.dataType()).isEqualTo(DataType.FLOAT);
    }

    @Test
    void sameSeedGivesBitIdenticalWeights() {
        FlowModel a = FlowMatcher.builder().data(Datasets.spiral()).iterations(200).seed(5L).train();
        FlowModel b = FlowMatcher.builder().data(Datasets.spiral()).iterations(200).seed(5L).train();
        FlowModel c = FlowMatcher.builder().data(Datasets.spiral()).iterations(200).seed(6L).train();
        assertThat(a.velocityModel().parameters()).isEqualTo(b.velocityModel().parameters());
        assertThat(a.velocityModel().parameters()).isNotEqualTo(c.velocityModel().parameters());
    }

    @Test
    void samplingIsDeterministicPerSeedAndIndependentOfChunking() {
        INDArray a = moons.sample(FlowModel.CHUNK_ROWS + 10, Solvers.euler(), 5, 3L);
        INDArray b = moons.sample(FlowModel.CHUNK_ROWS + 10, Solvers.euler(), 5, 3L);
        INDArray c = moons.sample(FlowModel.CHUNK_ROWS + 10, Solvers.euler(), 5, 4L);
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
        // the first rows do not depend on how many rows follow them
        INDArray head = moons.sample(10, Solvers.euler(), 5, 3L);
        assertThat(a.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 10),
                org.nd4j.linalg.indexing.NDArrayIndex.all())).isEqualTo(head);
        assertThat(moons.sample(100)).isEqualTo(moons.sample(100));
    }

    @Test
    void trajectoryEndsWhereSamplingEnds() {
        var trajectory = moons.trajectory(50, Solvers.rk4(), 10, 9L);
        assertThat(trajectory.states()).hasSize(11);
        assertThat(trajectory.states().get(10)).isEqualTo(moons.sample(50, Solvers.rk4(), 10, 9L));
    }

    @Test
    void listenersSeeEveryStepAndCanStopEarly() {
        List<Long> steps = new ArrayList<>();
        List<Double> logged = new ArrayList<>();
        FlowModel model = FlowMatcher.builder().data(Datasets.annulus()).iterations(1000).logEvery(10)
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(TrainingProgress p) {
                        steps.add(p.step());
                        if (p.step() == 25) {
                            p.requestStop();
                        }
                    }

                    @Override
                    public void onLog(TrainingProgress p) {
                        logged.add(p.meanLoss());
                    }
                })
                .train();
        assertThat(steps).hasSize(25).startsWith(1L, 2L, 3L).endsWith(25L);
        assertThat(logged).hasSize(3).allSatisfy(l -> assertThat(l).isFinite().isPositive());
        assertThat(model.provenance()).containsEntry("steps_done", "25").containsEntry("iterations", "1000");
    }

    @Test
    void emaModelIsUsedForSamplingAndDiffersFromTheLastIterate() {
        FlowModel model = FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(300).ema(0.99).seed(1L).train();
        assertThat(model.usesWeightAverage()).isTrue();
        assertThat(model.velocityModel().parameters()).isNotEqualTo(model.trainedVelocityModel().parameters());
    }

    @Test
    void gradientClippingBoundsTheUpdates() {
        // Adam is invariant to the gradient's scale except through eps: clipped to a norm far below
        // eps, each step moves a parameter by about lr * norm / eps instead of about lr
        INDArray start = FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(0).seed(2L).train()
                .velocityModel().parameters();
        INDArray free = FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(50).seed(2L).train()
                .velocityModel().parameters();
        INDArray clipped = FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(50).seed(2L).clipNorm(1e-12)
                .train().velocityModel().parameters();
        assertThat(free.sub(start).amaxNumber().doubleValue()).isGreaterThan(0.1);
        assertThat(clipped.sub(start).amaxNumber().doubleValue()).isLessThan(50 * 1e-2 * 1e-3);
    }

    @Test
    void badSettingsAreRejectedWithClearMessages() {
        assertThatThrownBy(() -> FlowMatcher.builder().iterations(10).train())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no data");
        assertThatThrownBy(() -> FlowMatcher.builder().batchSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch size must be positive");
        assertThatThrownBy(() -> FlowMatcher.builder().iterations(-1))
                .hasMessageContaining("iterations must not be negative");
        assertThatThrownBy(() -> FlowMatcher.builder().learningRate(Double.NaN)).hasMessageContaining("learning rate");
        assertThatThrownBy(() -> FlowMatcher.builder().learningRate(0)).hasMessageContaining("learning rate");
        assertThatThrownBy(() -> FlowMatcher.builder().data(null)).hasMessageContaining("data must not be null");
        assertThatThrownBy(() -> FlowMatcher.builder().data(Datasets.gaussian(3))
                .model(MlpVelocityModel.initialise(MlpArchitecture.defaults(2), DataType.FLOAT, 1)).train())
                .hasMessageContaining("dimension");
        assertThatThrownBy(() -> moons.sample(0)).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> moons.sample(10, Solvers.euler(), 0)).hasMessageContaining("steps must be positive");
    }

    @Test
    void divergenceStopsWithTheStepNamed() {
        INDArray huge = Nd4j.rand(DataType.FLOAT, 100, 2).muli(3e37f);
        assertThatThrownBy(() -> FlowMatcher.builder().data(Datasets.of(huge)).normalize(false).iterations(50).train())
                .hasMessageContaining("diverged at step");
    }
}
