package io.flowmatch.spark.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.likelihood.LogLikelihood;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.datasets.LabelledDataSource;
import io.flowmatch.solvers.Solvers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Labels through the Spark ML stages: the eight Gaussians labelled by compass direction train a
 * class-conditional flow whose every class samples inside its component, transform scores
 * log p(x | label), a PipelineModel keeps the class names through save and load, and bad label
 * columns are named.
 */
class FlowMatchingLabelsTest {

    private static final double RADIUS = 5;
    private static final double DIAGONAL = RADIUS / Math.sqrt(2);
    private static final double[] CX = {RADIUS, DIAGONAL, 0, -DIAGONAL, -RADIUS, -DIAGONAL, 0, DIAGONAL};
    private static final double[] CY = {0, DIAGONAL, RADIUS, DIAGONAL, 0, -DIAGONAL, -RADIUS, -DIAGONAL};
    /** Component k's name: sorted, these are not in component order. */
    private static final String[] NAMES = {"east", "northeast", "north", "northwest", "west", "southwest", "south",
        "southeast"};

    private static SparkSession spark;
    private static Dataset<Row> gaussians;
    private static FlowMatchingModel model;

    @TempDir
    Path dir;

    @BeforeAll
    static void fit() {
        spark = MlTesting.start("local[2]");
        gaussians = labelled(8_000, 3L, 2);
        model = new FlowMatching().setInputCols(new String[] {"x", "y"}).setLabelCol("direction")
                .setIterations(1_500).setBatchSize(256).setSyncEvery(50).setSchedule("cosine").setSeed(1L)
                .fit(gaussians);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** n points of the eight Gaussians as x, y and their component's name in "direction". */
    static Dataset<Row> labelled(int n, long seed, int partitions) {
        LabelledDataSource data = Datasets.labelledEightGaussians();
        float[] values = new float[2 * n];
        int[] labels = new int[n];
        data.sample(new SplittableRandom(seed), values, labels, n);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create((double) values[2 * i], (double) values[2 * i + 1], NAMES[labels[i]]));
        }
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions),
                DataTypes.createStructType(List.of(DataTypes.createStructField("x", DataTypes.DoubleType, true),
                        DataTypes.createStructField("y", DataTypes.DoubleType, true),
                        DataTypes.createStructField("direction", DataTypes.StringType, true)))).localCheckpoint();
    }

    private static double within(List<Row> rows, int k, double radius) {
        int in = 0;
        for (Row r : rows) {
            if (Math.hypot(r.getDouble(0) - CX[k], r.getDouble(1) - CY[k]) < radius) {
                in++;
            }
        }
        return in / (double) rows.size();
    }

    @Test
    void everyClassSampledAtGuidanceOneLandsInItsComponent() {
        String[] sorted = NAMES.clone();
        Arrays.sort(sorted);
        assertThat(model.classNames()).containsExactly(sorted);
        assertThat(model.labelColumn()).contains("direction");
        assertThat(model.flowModel().provenance()).containsEntry("classes", "8").containsEntry("label_dropout", "0.1");
        StringBuilder rates = new StringBuilder();
        for (int k = 0; k < 8; k++) {
            Dataset<Row> rows = model.sample(spark, 500L, 2, 10L + k, NAMES[k], 1.0);
            assertThat(rows.columns()).containsExactly("x", "y", "direction");
            List<Row> collected = rows.collectAsList();
            String name = NAMES[k];
            assertThat(collected).allSatisfy(r -> assertThat(r.getString(2)).isEqualTo(name));
            double rate = within(collected, k, 1.5);
            rates.append(String.format(Locale.ROOT, " %s=%.3f", NAMES[k], rate));
            assertThat(rate).as("class %s within 1.5 of its centre", NAMES[k]).isGreaterThanOrEqualTo(0.90);
        }
        System.err.println("Spark ML stage, guidance 1, fraction within 1.5 of the centre:" + rates);
        // by index too, the same rows as by name
        int north = model.flowModel().classOf("north");
        assertThat(model.sample(spark, 20L, 1, 3L, north, 1.0).collectAsList())
                .isEqualTo(model.sample(spark, 20L, 1, 3L, "north", 1.0).collectAsList());
    }

    @Test
    void transformScoresEachRowUnderItsOwnLabel() {
        Dataset<Row> held = labelled(400, 9L, 1);
        List<Row> own = model.transform(held).collectAsList();
        // the same rows, each labelled with the next component's name
        org.apache.spark.sql.Column next = lit("east");
        for (int k = NAMES.length - 1; k >= 0; k--) {
            next = org.apache.spark.sql.functions.when(col("direction").equalTo(NAMES[k]), NAMES[(k + 1) % 8])
                    .otherwise(next);
        }
        List<Row> other = model.transform(held.withColumn("direction", next)).collectAsList();
        List<Row> none = model.transform(held.drop("direction")).collectAsList();
        List<Row> nulls = model.transform(held.withColumn("direction", lit(null).cast(DataTypes.StringType)))
                .collectAsList();
        int higher = 0;
        int[] labels = new int[own.size()];
        double[][] x = new double[own.size()][2];
        for (int i = 0; i < own.size(); i++) {
            higher += own.get(i).getDouble(3) > other.get(i).getDouble(3) ? 1 : 0;
            assertThat(nulls.get(i).getDouble(3)).isEqualTo(none.get(i).getDouble(2));
            labels[i] = model.flowModel().classOf(own.get(i).getString(2));
            x[i][0] = own.get(i).getDouble(0);
            x[i][1] = own.get(i).getDouble(1);
        }
        System.err.printf("transform: own label scores higher than the next component's label in %d of %d rows%n",
                higher, own.size());
        assertThat(higher / (double) own.size()).isGreaterThanOrEqualTo(0.95);
        // the executors' scores are LogLikelihood's with the rows' labels
        double[] here = LogLikelihood.builder(model.flowModel()).labels(labels).solver(Solvers.midpoint()).steps(50)
                .build().logDensity(Nd4j.createFromArray(x));
        for (int i = 0; i < own.size(); i++) {
            assertThat(own.get(i).getDouble(3)).isCloseTo(here[i], org.assertj.core.api.Assertions.within(1e-9));
        }
        // a name that is no class scores null
        assertThat(model.transform(held.limit(3).withColumn("direction", lit("up"))).collectAsList())
                .allSatisfy(r -> assertThat(r.isNullAt(3)).isTrue());
    }

    @Test
    void aPipelineModelKeepsItsClassesThroughSaveAndLoadAndSamplesTheSameRows() throws Exception {
        Dataset<Row> small = labelled(2_000, 5L, 2);
        VectorAssembler assembler = new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("features");
        FlowMatching fm = new FlowMatching().setLabelCol("direction").setLabelDropout(0.2).setIterations(100)
                .setBatchSize(128).setSyncEvery(50).setSeed(2L);
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {assembler, fm}).fit(small);
        String path = dir.resolve("pipeline").toString();
        fitted.write().overwrite().save(path);
        PipelineModel again = PipelineModel.load(path);
        FlowMatchingModel before = (FlowMatchingModel) fitted.stages()[1];
        FlowMatchingModel after = (FlowMatchingModel) again.stages()[1];
        assertThat(after.classNames()).isEqualTo(before.classNames()).contains("north", "southwest");
        assertThat(after.labelColumn()).contains("direction");
        assertThat(after.getLabelCol()).isEqualTo("direction");
        assertThat(after.flowModel().provenance()).containsEntry("label_dropout", "0.2");
        Dataset<Row> one = before.sample(spark, 30L, 2, 4L, "west", 2.0);
        assertThat(one.columns()).containsExactly("x", "y", "features", "direction");
        assertThat(after.sample(spark, 30L, 2, 4L, "west", 2.0).collectAsList()).isEqualTo(one.collectAsList());
        assertThat(again.transform(small.limit(20)).select("logLikelihood").collectAsList())
                .isEqualTo(fitted.transform(small.limit(20)).select("logLikelihood").collectAsList());
    }

    @Test
    void badLabelColumnsAreNamed() {
        Dataset<Row> small = labelled(200, 6L, 1);
        FlowMatching fm = new FlowMatching().setInputCols(new String[] {"x", "y"}).setIterations(2).setBatchSize(16);
        assertThatThrownBy(() -> fm.setLabelCol("species").fit(small)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label column 'species' does not exist");
        assertThatThrownBy(() -> fm.setLabelCol("weight").fit(small.withColumn("weight", lit(1.5))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label column 'weight' has type double");
        Dataset<Row> negative = small.withColumn("k", org.apache.spark.sql.functions.when(col("x").gt(0), lit(-1))
                .otherwise(lit(0)));
        assertThatThrownBy(() -> fm.setLabelCol("k").fit(negative)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label column 'k' has a negative label -1");
        assertThatThrownBy(() -> fm.setLabelCol("direction").fit(small.withColumn("direction",
                org.apache.spark.sql.functions.when(col("x").gt(0), col("direction"))))).isInstanceOf(
                        IllegalArgumentException.class).hasMessageContaining("label column 'direction' has")
                .hasMessageContaining("null value(s)");
        assertThatThrownBy(() -> new FlowMatching().setInputCols(new String[] {"x", "n"}).setLabelCol("n")
                .fit(small.withColumn("n", lit(0)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label column 'n' is also an input column");
        assertThatThrownBy(() -> model.sample(spark, 10L, 1, 1L, "up", 1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown class 'up'");
        FlowMatchingModel plain = new FlowMatching().setInputCols(new String[] {"x", "y"}).setIterations(2)
                .setBatchSize(16).fit(small);
        assertThatThrownBy(() -> plain.sample(spark, 10L, 1, 1L, "north", 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fitted without a label column");
    }
}
