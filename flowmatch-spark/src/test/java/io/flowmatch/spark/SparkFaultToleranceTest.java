package io.flowmatch.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmatch.core.FlowModel;
import io.flowmatch.core.metrics.SampleDistances;
import io.flowmatch.core.train.LearningRateSchedule;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A task killed in the middle of a round is retried by Spark (local[2, 4]) and the model is unharmed. */
class SparkFaultToleranceTest {

    /** Failures injected; the tasks run in this JVM in local mode. */
    private static final AtomicInteger INJECTED = new AtomicInteger();

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        // two threads, up to four attempts per task
        spark = SparkTesting.start("local[2, 4]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aTaskThatDiesMidRoundIsRetriedAndTheModelIsTheSameAsWithoutTheFailure() {
        INDArray points = Datasets.moons(0.05).sample(10_000, 31L);
        Dataset<Row> data = SparkTesting.dataset(spark, points, 2);
        StepHook dieOnce = (round, partition, step) -> {
            // after 25 of the 50 local steps of round 3, partition 1's first attempt dies
            if (round == 3 && partition == 1 && step == 25 && TaskContext.get().attemptNumber() == 0) {
                INJECTED.incrementAndGet();
                throw new IllegalStateException("injected failure in the middle of round 3");
            }
        };
        FlowModel failed = train(data).afterStep(dieOnce).train();
        FlowModel clean = train(data).train();

        assertThat(INJECTED.get()).as("failures injected").isEqualTo(1);
        assertThat(failed.trainedVelocityModel().parameters().toFloatVector())
                .as("two workers' average does not depend on which finished first, so a retry changes nothing")
                .isEqualTo(clean.trainedVelocityModel().parameters().toFloatVector());
        INDArray truth = Datasets.moons(0.05).sample(3_000, 32L);
        double quality = SampleDistances.energyDistance(failed.sample(3_000, Solvers.midpoint(), 50, 33L), truth);
        assertThat(quality).as("energy distance to the data").isLessThan(0.01);
    }

    private static SparkFlowMatcher.Builder train(Dataset<Row> data) {
        return SparkFlowMatcher.builder().data(data).iterations(1_500).syncEvery(50)
                .schedule(LearningRateSchedule.cosine(0.0)).seed(5L);
    }
}
