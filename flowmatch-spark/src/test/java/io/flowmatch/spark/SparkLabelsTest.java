package io.flowmatch.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.Recipe;
import io.flowmatch.core.coupling.Couplings;
import io.flowmatch.core.train.LearningRateSchedule;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.datasets.LabelledDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Spark trains class-conditional flows from a label column: one partition gives FlowMatcher's
 * labelled run bit for bit (integer and string labels, the strings' sorted order recorded as the
 * class names), and bad label columns stop the run naming the column.
 */
class SparkLabelsTest {

    private static final int N = 2_000;

    private static SparkSession spark;
    private static INDArray points;
    private static int[] labels;

    @BeforeAll
    static void start() {
        spark = SparkTesting.start("local[2]");
        LabelledDataSource data = Datasets.labelledEightGaussians();
        float[] values = new float[N * 2];
        labels = new int[N];
        data.sample(new SplittableRandom(4L), values, labels, N);
        points = Nd4j.create(values, new long[] {N, 2}, org.nd4j.linalg.api.buffer.DataType.FLOAT);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Points as c0, c1 and a label column of the given values and type, in contiguous partitions. */
    static Dataset<Row> labelled(INDArray x, Object[] values, DataType type, int partitions) {
        int n = (int) x.rows();
        float[][] rows = x.toFloatMatrix();
        List<Row> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(RowFactory.create((double) rows[i][0], (double) rows[i][1], values[i]));
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(jsc.parallelize(list, partitions), DataTypes.createStructType(List.of(
                DataTypes.createStructField("c0", DataTypes.DoubleType, true),
                DataTypes.createStructField("c1", DataTypes.DoubleType, true),
                DataTypes.createStructField("label", type, true))))
                .select("c0", "label", "c1").localCheckpoint();
    }

    private static Object[] boxed(int[] labels) {
        Object[] out = new Object[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = labels[i];
        }
        return out;
    }

    private static Recipe recipe() {
        return Recipe.builder().coupling(Couplings.exactOt()).labelDropout(0.3).hidden(32, 32).iterations(40)
                .batchSize(64).schedule(LearningRateSchedule.cosine(0.0)).seed(8L).build();
    }

    @Test
    void onOnePartitionIntegerLabelsGiveWhatOneMachineGivesBitForBit() {
        FlowModel single = FlowMatcher.builder().recipe(recipe()).data(points, labels).train();
        // the label column sits between the coordinates: the others, in order, are the coordinates
        Dataset<Row> data = rows(points, boxed(labels), DataTypes.IntegerType, 1);
        FlowModel spread = SparkFlowMatcher.builder().recipe(recipe()).data(data, "label").syncEvery(15).train();
        assertThat(spread.classes()).isEqualTo(8);
        assertThat(spread.classNames()).isEqualTo(single.classNames());
        assertThat(spread.provenance()).containsEntry("classes", "8").containsEntry("label_dropout", "0.3");
        assertThat(spread.trainedVelocityModel().parameters().toFloatVector())
                .isEqualTo(single.trainedVelocityModel().parameters().toFloatVector());
        assertThat(spread.sample(50, 3, 2.0).toFloatMatrix()).isEqualTo(single.sample(50, 3, 2.0).toFloatMatrix());
    }

    @Test
    void stringLabelsAreClassesInSortedOrderAndTrainBitIdenticallyToThoseClasses() {
        String[] names = {"h", "g", "f", "e", "d", "c", "b", "a"};   // class k of the data is named names[k]
        Object[] text = new Object[N];
        int[] sortedIndex = new int[N];
        for (int i = 0; i < N; i++) {
            text[i] = names[labels[i]];
            sortedIndex[i] = 7 - labels[i];   // "a" is class 0 in sorted order
        }
        FlowModel single = FlowMatcher.builder().recipe(recipe())
                .data(Datasets.labelled(points, sortedIndex, List.of("a", "b", "c", "d", "e", "f", "g", "h"))).train();
        FlowModel spread = SparkFlowMatcher.builder().recipe(recipe())
                .data(rows(points, text, DataTypes.StringType, 1), "label").syncEvery(40).train();
        assertThat(spread.classNames()).containsExactly("a", "b", "c", "d", "e", "f", "g", "h");
        assertThat(spread.classOf("h")).isEqualTo(7);
        assertThat(spread.trainedVelocityModel().parameters().toFloatVector())
                .isEqualTo(single.trainedVelocityModel().parameters().toFloatVector());
    }

    @Test
    void twoWorkersTrainLabelledData() {
        Recipe recipe = recipe().toBuilder().iterations(300).batchSize(256).hidden(64, 64, 64).build();
        FlowModel conditional = SparkFlowMatcher.builder().recipe(recipe)
                .data(rows(points, boxed(labels), DataTypes.IntegerType, 2), "label").syncEvery(50).train();
        assertThat(conditional.provenance()).containsEntry("workers", "2").containsEntry("rounds", "6");
        assertThat(conditional.classes()).isEqualTo(8);
        // each class lands near its own centre already after 300 steps (a loose check: the stage test is stricter)
        INDArray three = conditional.sample(200, 2, 1.0);
        double meanY = three.getColumn(1).meanNumber().doubleValue();
        assertThat(meanY).as("class 2's centre is (0, 5)").isGreaterThan(3.0);
    }

    /**
     * A measurement, not a check (run with -Dflowmatch.spark.bench=true): the time of an averaging
     * round with and without labels, interleaved after a warm-up of both, 2 workers on local[2].
     */
    @Test
    @EnabledIfSystemProperty(named = "flowmatch.spark.bench", matches = "true")
    void labelledAndUnlabelledRoundTimes() {
        // independent pairs: exact OT would time the coupling (one 256-point problem against eight small ones)
        Recipe recipe = recipe().toBuilder().coupling(Couplings.independent()).iterations(500).batchSize(256)
                .hidden(64, 64, 64).build();
        Dataset<Row> data = rows(points, boxed(labels), DataTypes.IntegerType, 2);
        Dataset<Row> plainData = data.drop("label");
        SparkFlowMatcher.builder().recipe(recipe).iterations(100).data(data, "label").train();
        SparkFlowMatcher.builder().recipe(recipe).iterations(100).data(plainData).train();
        for (int rep = 0; rep < 3; rep++) {
            FlowModel plain = SparkFlowMatcher.builder().recipe(recipe).data(plainData).syncEvery(50).train();
            FlowModel conditional = SparkFlowMatcher.builder().recipe(recipe).data(data, "label").syncEvery(50).train();
            System.err.printf("rep %d, per round (2 workers, 50 steps of batch 256, 3x64): unlabelled %s ms (local steps"
                    + " %s ms), labelled %s ms (local steps %s ms)%n", rep, perRound(plain, "train_seconds"),
                    perRound(plain, "local_step_seconds"), perRound(conditional, "train_seconds"),
                    perRound(conditional, "local_step_seconds"));
        }
    }

    private static String perRound(FlowModel m, String key) {
        return String.format(Locale.ROOT, "%.1f", 1000 * Double.parseDouble(m.provenance().get(key))
                / Double.parseDouble(m.provenance().get("rounds")));
    }

    @Test
    void badLabelColumnsAreRefusedNamingTheColumn() {
        INDArray few = points.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 20),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        Object[] ints = new Object[20];
        Object[] doubles = new Object[20];
        for (int i = 0; i < 20; i++) {
            ints[i] = i % 3;
            doubles[i] = (double) (i % 3);
        }
        Dataset<Row> good = rows(few, ints, DataTypes.IntegerType, 1);
        assertThatThrownBy(() -> SparkFlowMatcher.builder().data(good, "species").iterations(2).train())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label column 'species' does not exist");
        assertThatThrownBy(() -> SparkFlowMatcher.builder().data(rows(few, doubles, DataTypes.DoubleType, 1), "label")
                .iterations(2).train()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label column 'label' has type double");
        Object[] negative = ints.clone();
        negative[5] = -1;
        assertThatThrownBy(() -> SparkFlowMatcher.builder().data(rows(few, negative, DataTypes.IntegerType, 1), "label")
                .iterations(2).train()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label column 'label' has a negative label -1");
        Object[] nulls = ints.clone();
        nulls[7] = null;
        assertThatThrownBy(() -> SparkFlowMatcher.builder().data(rows(few, nulls, DataTypes.IntegerType, 1), "label")
                .iterations(2).train()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label column 'label' has 1 null value(s)");
        Object[] gap = ints.clone();
        for (int i = 0; i < 20; i++) {
            gap[i] = ints[i].equals(1) ? 3 : ints[i];
        }
        assertThatThrownBy(() -> SparkFlowMatcher.builder().data(rows(few, gap, DataTypes.IntegerType, 1), "label")
                .iterations(2).train()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label column 'label' has no row of class 1");
        assertThatThrownBy(() -> SparkFlowMatcher.builder().data(good, "label").classes(5).iterations(2).train())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the recipe is for 5 classes but the data have 3 in label column 'label'");
        assertThatThrownBy(() -> SparkFlowMatcher.builder().data(good, " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label column must be a column name");
        assertThatThrownBy(() -> SparkSampler.sample(spark, FlowMatcher.builder().data(Datasets.moons(0.05))
                .iterations(2).train(), 10L, 1, 1L, 0, 1.0, "midpoint", 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trained without labels");
    }

    private static Dataset<Row> rows(INDArray x, Object[] values, DataType type, int partitions) {
        return labelled(x, values, type, partitions);
    }
}
