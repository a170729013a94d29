package io.flowmatch.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.metrics.SampleDistances;
import io.flowmatch.core.train.LearningRateSchedule;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Data-parallel training on local[2]: equivalence with one machine, and quality with two workers. */
class SparkFlowMatcherTest {

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
    void onePartitionEqualsSingleMachineTrainingBitForBit() {
        INDArray points = Datasets.moons(0.05).sample(3_000, 11L);
        FlowModel single = FlowMatcher.builder().data(Datasets.of(points)).iterations(120).batchSize(128)
                .schedule(LearningRateSchedule.cosine(0.1)).ema(0.9).seed(42L).train();
        for (int syncEvery : new int[] {120, 7}) {
            FlowModel spread = SparkFlowMatcher.builder().data(SparkTesting.dataset(spark, points, 1))
                    .iterations(120).batchSize(128).syncEvery(syncEvery)
                    .schedule(LearningRateSchedule.cosine(0.1)).ema(0.9).seed(42L).train();
            assertThat(spread.trainedVelocityModel().parameters().toFloatVector())
                    .as("final weights, syncEvery %d", syncEvery)
                    .isEqualTo(single.trainedVelocityModel().parameters().toFloatVector());
            assertThat(spread.velocityModel().parameters().toFloatVector())
                    .as("weight average, syncEvery %d", syncEvery)
                    .isEqualTo(single.velocityModel().parameters().toFloatVector());
            assertThat(spread.provenance()).containsEntry("workers", "1")
                    .containsEntry("rounds", Integer.toString((120 + syncEvery - 1) / syncEvery));
        }
    }

    @Test
    void twoWorkersReachTheQualityOfOneMachineAtTheSameStepsPerWorker() {
        int steps = 2_000;
        INDArray points = Datasets.moons(0.05).sample(20_000, 12L);
        FlowModel single = FlowMatcher.builder().data(Datasets.of(points)).iterations(steps)
                .schedule(LearningRateSchedule.cosine(0.0)).seed(3L).train();
        FlowModel spread = SparkFlowMatcher.builder().data(SparkTesting.dataset(spark, points, 2))
                .iterations(steps).syncEvery(50).schedule(LearningRateSchedule.cosine(0.0)).seed(3L).train();

        INDArray truth = Datasets.moons(0.05).sample(4_000, 99L);
        double floor = SampleDistances.energyDistance(Datasets.moons(0.05).sample(4_000, 98L), truth);
        double one = SampleDistances.energyDistance(single.sample(4_000, Solvers.midpoint(), 50, 5L), truth);
        double two = SampleDistances.energyDistance(spread.sample(4_000, Solvers.midpoint(), 50, 5L), truth);
        System.err.printf("energy distance: floor %.5f, one machine %.5f, two workers %.5f%n", floor, one, two);
        assertThat(spread.provenance()).containsEntry("workers", "2").containsEntry("rounds", "40");
        assertThat(two).as("two workers vs one machine %s (floor %s)", one, floor).isLessThan(1.3 * one);
    }
}
