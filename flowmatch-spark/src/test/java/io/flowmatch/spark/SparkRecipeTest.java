package io.flowmatch.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.Recipe;
import io.flowmatch.core.coupling.Couplings;
import io.flowmatch.core.model.Activation;
import io.flowmatch.core.path.Paths;
import io.flowmatch.core.path.Prediction;
import io.flowmatch.core.path.ProbabilityPath;
import io.flowmatch.core.time.TimeSamplers;
import io.flowmatch.core.train.LearningRateSchedule;
import io.flowmatch.core.train.Optimizers;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Every recipe reaches the executors: Spark ships the recipe's text form and the workers rebuild it. */
class SparkRecipeTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTesting.start("local[2]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aRecipeOfNonDefaultPartsTrainsOnTwoWorkersAndItsProvenanceNamesThem() {
        INDArray points = Datasets.moons(0.05).sample(4_000, 3L);
        FlowModel model = SparkFlowMatcher.builder().data(SparkTesting.dataset(spark, points, 2))
                .path(Paths.cosine()).coupling(Couplings.exactOt()).timeSampler(TimeSamplers.logitNormal(0, 1))
                .ema(0.999).iterations(60).batchSize(64).syncEvery(20).seed(5L).train();
        assertThat(model.provenance()).containsEntry("path", "cosine").containsEntry("coupling", "exact_ot")
                .containsEntry("time_sampler", "logit_normal(mean=0.0, std=1.0)").containsEntry("ema_decay", "0.999")
                .containsEntry("workers", "2").containsEntry("rounds", "3");
        assertThat(model.usesWeightAverage()).isTrue();
    }

    @Test
    void onOnePartitionEveryRecipeSettingGivesWhatOneMachineGivesBitForBit() {
        INDArray points = Datasets.moons(0.05).sample(2_000, 4L);
        Recipe recipe = Recipe.builder().path(Paths.polynomial(2)).prediction(Prediction.DATA)
                .coupling(Couplings.sinkhorn(0.5)).timeSampler(TimeSamplers.warp(0.7)).hidden(32, 32)
                .activation(Activation.SILU).optimizer(Optimizers.adamW(0.01))
                .schedule(LearningRateSchedule.warmup(10, LearningRateSchedule.cosine(0.1))).clipNorm(1.0)
                .ema(0.95).iterations(40).batchSize(64).seed(8L).build();
        FlowModel single = FlowMatcher.builder().recipe(recipe).data(Datasets.of(points)).train();
        FlowModel spread = SparkFlowMatcher.builder().recipe(recipe).data(SparkTesting.dataset(spark, points, 1))
                .syncEvery(15).train();
        assertThat(spread.trainedVelocityModel().parameters().toFloatVector())
                .isEqualTo(single.trainedVelocityModel().parameters().toFloatVector());
        assertThat(spread.velocityModel().parameters().toFloatVector())
                .isEqualTo(single.velocityModel().parameters().toFloatVector());
        assertThat(spread.prediction()).isEqualTo(Prediction.DATA);
        // sampling converts the data prediction through the path, on the driver and on executors alike
        assertThat(spread.sample(100, Solvers.euler(), 10, 1L)).isEqualTo(single.sample(100, Solvers.euler(), 10, 1L));
        INDArray onExecutors = SparkTesting.toArray(SparkSampler.sample(spark, spread, 2_000L, 2, 1L));
        INDArray here = spread.sample(2_000, Solvers.midpoint(), 50, 2L);
        double between = io.flowmatch.core.metrics.SampleDistances.energyDistance(onExecutors, here);
        double asVelocity = io.flowmatch.core.metrics.SampleDistances.energyDistance(here,
                FlowModel.of(new FlowModel.Contents(spread.trainedVelocityModel(), spread.velocityModel(), 1L, null,
                        Prediction.VELOCITY, null, spread.provenance())).sample(2_000, Solvers.midpoint(), 50, 3L));
        System.err.printf("executors vs driver %.5f, driver vs output read as a velocity %.5f%n", between, asVelocity);
        assertThat(between).as("executors sample the data-predicting model as the driver does").isLessThan(0.02);
    }

    @Test
    void aPartWithoutATextFormIsRefusedBeforeAnyJobNamingIt() {
        ProbabilityPath own = new ProbabilityPath() {
            @Override
            public void sample(float[] x0, float[] x1, float[] t, int n, int d, float[] xt, float[] ut) {
                Paths.condOt().sample(x0, x1, t, n, d, xt, ut);
            }

            @Override
            public String description() {
                return "my_path";
            }
        };
        INDArray points = Datasets.moons(0.05).sample(200, 4L);
        assertThatThrownBy(() -> SparkFlowMatcher.builder().data(SparkTesting.dataset(spark, points, 1)).path(own)
                .iterations(5).train()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be shipped").hasMessageContaining("my_path");
        assertThatThrownBy(() -> SparkFlowMatcher.builder().data(SparkTesting.dataset(spark, points, 1))
                .source(Datasets.eightGaussians()).iterations(5).train()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Gaussian source");
    }
}
