package io.flowmatch.spark.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_date;

import io.flowmatch.datasets.ColumnType;
import io.flowmatch.datasets.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables as DataFrames: string, integer and boolean columns through the tabular flow, schema round trip. */
class TabularFlowMatchingTest {

    private static final String[] SPECIES = {"setosa", "versicolor", "virginica"};
    private static final double[] MEANS = {1.5, 4.3, 5.6};

    private static SparkSession spark;
    private static Dataset<Row> table;
    private static TabularFlowMatchingModel model;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = MlTesting.start("local[2]");
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("species", DataTypes.StringType, true),
                DataTypes.createStructField("petal", DataTypes.DoubleType, true),
                DataTypes.createStructField("count", DataTypes.IntegerType, true),
                DataTypes.createStructField("big", DataTypes.BooleanType, true),
                DataTypes.createStructField("weight", DataTypes.FloatType, true)));
        SplittableRandom rng = new SplittableRandom(4L);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            int s = i % 3;
            double petal = MEANS[s] + 0.3 * gaussian(rng);
            rows.add(RowFactory.create(SPECIES[s], petal, (int) Math.round(petal * 3), petal > MEANS[s],
                    (float) (10 * s + rng.nextDouble())));
        }
        table = spark.createDataFrame(rows, schema).repartition(2).localCheckpoint();
        model = new TabularFlowMatching().setConditionCol("species").setIterations(400).setSeed(1L).fit(table);
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void sparkTypesMapToTableTypesAndBack() {
        Table t = SparkTables.collect(table, List.of(), 10_000, 1L);
        assertThat(t.types()).containsExactly(ColumnType.CATEGORICAL, ColumnType.NUMERIC, ColumnType.INTEGER,
                ColumnType.BINARY, ColumnType.NUMERIC);
        assertThat(t.column("species").categories()).containsExactly(SPECIES);
        Dataset<Row> back = SparkTables.toDataFrame(spark, t, table.schema());
        assertThat(back.schema()).isEqualTo(table.schema());
        assertThat(back.collectAsList()).containsExactlyInAnyOrderElementsOf(table.collectAsList());
        assertThat(SparkTables.collect(table, List.of(), 100, 1L).rowCount()).isLessThanOrEqualTo(100).isGreaterThan(50);
        assertThat(SparkTables.collect(table, List.of("count"), 10_000, 1L).column("count").type())
                .isEqualTo(ColumnType.CATEGORICAL);
    }

    @Test
    void samplesHaveTheInputsSchemaAndValidCategories() {
        Dataset<Row> fake = model.sample(spark, 3_000L, 3, 7L);
        assertThat(fake.schema()).isEqualTo(table.schema());
        List<Row> rows = fake.collectAsList();
        assertThat(rows).hasSize(3_000);
        int[] perSpecies = new int[3];
        for (Row r : rows) {
            int s = List.of(SPECIES).indexOf(r.getString(0));
            assertThat(s).as("species %s", r.getString(0)).isGreaterThanOrEqualTo(0);
            perSpecies[s]++;
            assertThat(r.get(1)).isInstanceOf(Double.class);
            assertThat(r.get(2)).isInstanceOf(Integer.class);
            assertThat(r.get(3)).isInstanceOf(Boolean.class);
            assertThat(r.get(4)).isInstanceOf(Float.class);
        }
        for (int c : perSpecies) {
            assertThat(c).isBetween(900, 1100);
        }
        assertThat(fake.collectAsList()).isEqualTo(rows);
        TabularFlowMatchingModel coarse = model.copy(org.apache.spark.ml.param.ParamMap.empty()).setSteps(2)
                .setSolver("midpoint");
        assertThat(coarse.getSteps()).isEqualTo(2);
        assertThat(model.getSteps()).isEqualTo(12);
        assertThat(coarse.sample(spark, 3_000L, 3, 7L).collectAsList()).isNotEqualTo(rows);
    }

    @Test
    void conditioningOnAColumnGivesRowsOfThatLabel() {
        List<Row> rows = model.sample(spark, 600L, 2, 3L, Map.of("species", "virginica"), 2.0).collectAsList();
        double petal = 0;
        for (Row r : rows) {
            assertThat(r.getString(0)).isEqualTo("virginica");
            petal += r.getDouble(1);
        }
        assertThat(petal / rows.size()).isBetween(MEANS[2] - 0.5, MEANS[2] + 0.5);
        assertThatThrownBy(() -> model.sample(spark, 10L, 1, 3L, Map.of("species", "rose"), 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rose");
    }

    @Test
    void transformFillsTheNullsAndKeepsEverythingElse() {
        Dataset<Row> holes = table.limit(40).withColumn("petal",
                org.apache.spark.sql.functions.when(col("count").mod(2).equalTo(0), null).otherwise(col("petal")))
                .withColumn("species", org.apache.spark.sql.functions.when(col("weight").lt(5), null)
                        .otherwise(col("species")));
        List<Row> before = holes.collectAsList();
        List<Row> after = model.transform(holes).collectAsList();
        assertThat(after).hasSize(before.size());
        int filled = 0;
        for (int i = 0; i < before.size(); i++) {
            for (int j = 0; j < 5; j++) {
                assertThat(after.get(i).isNullAt(j)).isFalse();
                if (!before.get(i).isNullAt(j)) {
                    assertThat(after.get(i).get(j)).isEqualTo(before.get(i).get(j));
                } else {
                    filled++;
                }
            }
            assertThat(List.of(SPECIES)).contains(after.get(i).getString(0));
        }
        assertThat(filled).isGreaterThan(10);
    }

    @Test
    void unsupportedColumnsAndBadConditionsAreNamed() {
        Dataset<Row> dated = table.withColumn("day", current_date());
        assertThatThrownBy(() -> new TabularFlowMatching().transformSchema(dated.schema()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'day' has type date");
        assertThatThrownBy(() -> new TabularFlowMatching().setConditionCol("petal").transformSchema(table.schema()))
                .hasMessageContaining("condition column 'petal' has type double");
        assertThat(new TabularFlowMatching().setConditionCol("count").setCategoricalCols(new String[] {"count"})
                .transformSchema(table.schema())).isEqualTo(table.schema());
        assertThatThrownBy(() -> new TabularFlowMatching().setInputCols(new String[] {"nope"}).transformSchema(table.schema()))
                .hasMessageContaining("'nope' does not exist");
        assertThatThrownBy(() -> model.transformSchema(table.drop("count").schema()))
                .hasMessageContaining("column 'count' does not exist");
        assertThatThrownBy(() -> new TabularFlowMatching().setSolver("dopri5")).hasMessageContaining("param solver");
    }

    @Test
    void aPipelineModelWithATabularStageSavesAndLoads() throws Exception {
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {
                new TabularFlowMatching().setInputCols(new String[] {"species", "count", "big"}).setIterations(50)
                        .setHidden(32, 32).setSeed(2L)}).fit(table);
        String path = dir.resolve("tabular-pipeline").toString();
        fitted.write().overwrite().save(path);
        PipelineModel again = PipelineModel.load(path);
        TabularFlowMatchingModel before = (TabularFlowMatchingModel) fitted.stages()[0];
        TabularFlowMatchingModel after = (TabularFlowMatchingModel) again.stages()[0];
        assertThat(after.schema()).isEqualTo(before.schema());
        assertThat(after.getHidden()).containsExactly(32, 32);
        assertThat(after.sample(spark, 200L, 2, 5L).collectAsList())
                .isEqualTo(before.sample(spark, 200L, 2, 5L).collectAsList());
        assertThat(after.sample(spark, 5L, 1, 5L).columns()).containsExactly("species", "count", "big");
    }
}
