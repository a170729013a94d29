package io.flowmatch.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.metrics.SampleDistances;
import io.flowmatch.core.train.LearningRateSchedule;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
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
        double slowest = Double.parseDouble(spread.provenance().get("local_step_seconds"));
        double both = Double.parseDouble(spread.provenance().get("local_step_seconds_all_workers"));
        assertThat(both).as("both workers' step time, added up, against the slowest's").isGreaterThan(slowest);
        assertThat(two).as("two workers vs one machine %s (floor %s)", one, floor).isLessThan(1.3 * one);
    }

    @Test
    void badDataIsRejectedBeforeTrainingNamingTheColumn() {
        StructType schema = DataTypes.createStructType(Arrays.asList(
                DataTypes.createStructField("x", DataTypes.DoubleType, true),
                DataTypes.createStructField("y", DataTypes.DoubleType, true)));
        Dataset<Row> withNull = spark.createDataFrame(Arrays.asList(RowFactory.create(1.0, 2.0),
                RowFactory.create(3.0, null)), schema);
        Dataset<Row> withNaN = spark.createDataFrame(Arrays.asList(RowFactory.create(Double.NaN, 2.0)), schema);
        Dataset<Row> withText = spark.createDataFrame(Arrays.asList(RowFactory.create(1.0, "a")),
                DataTypes.createStructType(Arrays.asList(
                        DataTypes.createStructField("x", DataTypes.DoubleType, true),
                        DataTypes.createStructField("label", DataTypes.StringType, true))));
        Dataset<Row> empty = spark.createDataFrame(java.util.List.of(), schema);
        // a hook that fails the test if any optimizer step runs
        StepHook noStep = (round, partition, step) -> {
            throw new AssertionError("trained on bad data");
        };

        assertThatThrownBy(() -> SparkFlowMatcher.builder().data(withNull).afterStep(noStep).train())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column 'y' has a null value");
        assertThatThrownBy(() -> SparkFlowMatcher.builder().data(withNaN).afterStep(noStep).train())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column 'x' has a NaN value");
        assertThatThrownBy(() -> SparkFlowMatcher.builder().data(withText).afterStep(noStep).train())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'label' (index 1) has type string");
        assertThatThrownBy(() -> SparkFlowMatcher.builder().data(empty).afterStep(noStep).train())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no rows");
        assertThatThrownBy(() -> SparkFlowMatcher.builder().train())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no data");
        assertThatThrownBy(() -> SparkFlowMatcher.builder().syncEvery(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("syncEvery");
    }

    @Test
    void anyNumericColumnTypesWorkAndEmptyPartitionsSitOut() {
        StructType schema = DataTypes.createStructType(Arrays.asList(
                DataTypes.createStructField("i", DataTypes.IntegerType, false),
                DataTypes.createStructField("l", DataTypes.LongType, false),
                DataTypes.createStructField("f", DataTypes.FloatType, false),
                DataTypes.createStructField("dec", DataTypes.createDecimalType(10, 3), false)));
        java.util.List<Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(RowFactory.create(i % 3, (long) (i % 5), i * 0.1f, new java.math.BigDecimal("1.250")));
        }
        // 40 rows in 3 partitions, then one partition more than there are rows' groups: some empty
        Dataset<Row> data = spark.createDataFrame(rows, schema).repartition(3)
                .union(spark.createDataFrame(java.util.List.of(), schema));
        FlowModel model = SparkFlowMatcher.builder().data(data).iterations(20).batchSize(16).syncEvery(10).seed(1L)
                .train();
        assertThat(model.dimension()).isEqualTo(4);
        assertThat(model.provenance()).containsEntry("steps_done", "20").containsEntry("rounds", "2")
                .containsEntry("workers", "3");
    }
}
