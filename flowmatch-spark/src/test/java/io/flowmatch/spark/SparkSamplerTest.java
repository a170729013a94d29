package io.flowmatch.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.metrics.SampleDistances;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Parallel sampling on local[2]: exact counts, names, reproducibility, and FlowModel's distribution. */
class SparkSamplerTest {

    private static SparkSession spark;
    private static FlowModel model;

    @BeforeAll
    static void start() {
        spark = SparkTesting.start("local[2]");
        model = FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(600).seed(8L).train();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void rowCountIsExactAndColumnsAreNamed() {
        Dataset<Row> samples = SparkSampler.sample(spark, model, 1_001L, 3, 7L, "euler", 4);
        assertThat(samples.columns()).containsExactly("x0", "x1");
        assertThat(samples.count()).isEqualTo(1_001L);
        assertThat(samples.javaRDD().getNumPartitions()).isEqualTo(3);
        assertThat(samples.javaRDD().glom().map(List::size).collect()).containsExactly(334, 334, 333);
    }

    @Test
    void sameSeedAndPartitionsGiveTheSameRowsAndAnotherSeedDoesNot() {
        List<Row> a = SparkSampler.sample(spark, model, 500L, 4, 7L, "euler", 5).collectAsList();
        List<Row> b = SparkSampler.sample(spark, model, 500L, 4, 7L, "euler", 5).collectAsList();
        List<Row> c = SparkSampler.sample(spark, model, 500L, 4, 8L, "euler", 5).collectAsList();
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void aPartitionComputesWhatFlowModelSampleComputes() {
        long partitionSeed = SparkSampler.partitionSeed(SparkSampler.partitionSeed(7L, 0), 0);
        INDArray expected = model.sample(800, Solvers.midpoint(), 50, partitionSeed);
        INDArray actual = SparkTesting.toArray(SparkSampler.sample(spark, model, 800L, 1, 7L));
        assertThat(actual.ravel().toFloatVector()).isEqualTo(expected.ravel().toFloatVector());
    }

    @Test
    void samplesAcrossPartitionsAreDistributedAsFlowModelSamples() {
        INDArray spread = SparkTesting.toArray(SparkSampler.sample(spark, model, 3_000L, 5, 21L));
        INDArray local = model.sample(3_000, Solvers.midpoint(), 50, 22L);
        INDArray other = model.sample(3_000, Solvers.midpoint(), 50, 23L);
        INDArray truth = Datasets.moons(0.05).sample(3_000, 24L);
        double same = SampleDistances.energyDistance(spread, local);
        double noise = SampleDistances.energyDistance(other, local);
        double different = SampleDistances.energyDistance(truth, local);
        // two samples of one distribution differ by sampling noise only; the data (which the
        // briefly trained model only approximates) is measurably further away
        assertThat(same).as("noise level %s, data %s", noise, different).isLessThan(3 * noise + 1e-3);
        assertThat(different).isGreaterThan(same);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> SparkSampler.sample(spark, model, 0L, 1, 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> SparkSampler.sample(spark, model, 10L, 11, 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partitions");
        assertThatThrownBy(() -> SparkSampler.sample(spark, model, 10L, 2, 1L, "leapfrog", 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
