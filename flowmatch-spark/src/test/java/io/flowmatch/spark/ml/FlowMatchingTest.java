package io.flowmatch.spark.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.flowmatch.core.Recipe;
import io.flowmatch.core.coupling.Couplings;
import io.flowmatch.core.path.Paths;
import io.flowmatch.core.time.TimeSamplers;
import io.flowmatch.core.train.LearningRateSchedule;
import io.flowmatch.core.train.Optimizers;
import io.flowmatch.datasets.Datasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark ML API: Params, schema checks, fit / transform / sample, persistence, Pipelines. */
class FlowMatchingTest {

    private static SparkSession spark;
    private static Dataset<Row> moons;
    private static FlowMatchingModel model;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = MlTesting.start("local[2]");
        moons = MlTesting.points(spark, Datasets.moons(0.05).sample(4_000, 3L), 2, "x", "y");
        model = new FlowMatching().setInputCols(new String[] {"x", "y"}).setIterations(300).setBatchSize(128)
                .setSyncEvery(50).setSeed(1L).fit(moons);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void everyRecipeSettingIsAParamWithTheRecipesDefaultAndADoc() {
        FlowMatching fm = new FlowMatching();
        String explained = fm.explainParams();
        for (String name : List.of("featuresCol", "inputCols", "outputCol", "iterations", "batchSize", "syncEvery",
                "seed", "path", "timeSampler", "coupling", "prediction", "ema", "schedule", "hidden", "activation",
                "optimizer", "learningRate", "clipNorm", "normalize", "source", "onDivergence", "logEvery",
                "partitions", "likelihoodSolver", "likelihoodSteps", "divergenceEstimator")) {
            assertThat(fm.hasParam(name)).as(name).isTrue();
            assertThat(explained).contains(name + ": ");
        }
        assertThat(fm.recipe()).isEqualTo(Recipe.builder().build());
        assertThat(fm.getIterations()).isEqualTo(5_000L);
        assertThat(fm.getHidden()).containsExactly(64, 64, 64);
        assertThat(fm.getPath()).isEqualTo("condot");
        assertThat(fm.getFeaturesCol()).isEqualTo("features");
        assertThat(fm.getOutputCol()).isEqualTo("logLikelihood");
        assertThat(fm.getSyncEvery()).isEqualTo(50);
        assertThat(explained).contains("path: probability path").contains("(default: condot)");
    }

    @Test
    void aBadValueIsRefusedWhenSetNamingTheParam() {
        FlowMatching fm = new FlowMatching();
        assertThatThrownBy(() -> fm.setPath("brownian")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("param path").hasMessageContaining("brownian");
        assertThatThrownBy(() -> fm.setEma(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("param ema");
        assertThatThrownBy(() -> fm.setBatchSize(0)).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> fm.setSyncEvery(0)).hasMessageContaining("syncEvery");
        assertThatThrownBy(() -> fm.setDivergenceEstimator("exactly")).hasMessageContaining("divergenceEstimator");
        assertThat(fm.getPath()).isEqualTo("condot");
    }

    @Test
    void setRecipeSetsEveryParamAndTheParamsGiveTheRecipeBack() {
        Recipe recipe = Recipe.builder().path(Paths.cosine()).coupling(Couplings.sinkhorn(0.5))
                .timeSampler(TimeSamplers.warp(0.7)).hidden(32, 16).optimizer(Optimizers.adamW(0.01))
                .schedule(LearningRateSchedule.warmup(10, LearningRateSchedule.cosine(0.1))).clipNorm(1.0)
                .ema(0.95).learningRate(3e-3).iterations(40).batchSize(64).seed(8L).build();
        FlowMatching fm = new FlowMatching().setRecipe(recipe);
        assertThat(fm.recipe()).isEqualTo(recipe);
        FlowMatching copy = fm.copy(new ParamMap().put(fm.iterations().w(7L)));
        assertThat(copy.uid()).isEqualTo(fm.uid());
        assertThat(copy.getIterations()).isEqualTo(7L);
        assertThat(copy.getPath()).isEqualTo("cosine");
        assertThat(fm.getIterations()).isEqualTo(40L);
    }

    @Test
    void aModelCopyKeepsTheFlowAndUidAndTakesTheExtraParams() {
        FlowMatchingModel copy = model.copy(new ParamMap().put(model.outputCol().w("score")));
        assertThat(copy).isNotSameAs(model);
        assertThat(copy.uid()).isEqualTo(model.uid());
        assertThat(copy.getOutputCol()).isEqualTo("score");
        assertThat(model.getOutputCol()).isEqualTo("logLikelihood");
        assertThat(copy.flowModel()).isSameAs(model.flowModel());
        assertThat(copy.getInputCols()).containsExactly("x", "y");
        assertThat(copy.parent()).isSameAs(model.parent());
        assertThat(copy.explainParams()).contains("outputCol").contains("current: score");
    }

    @Test
    void transformSchemaNamesAMissingOrNonNumericColumn() {
        Dataset<Row> withText = moons.withColumn("label", lit("a"));
        assertThatThrownBy(() -> new FlowMatching().setInputCols(new String[] {"x", "z"}).transformSchema(moons.schema()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'z' does not exist");
        assertThatThrownBy(() -> new FlowMatching().setInputCols(new String[] {"x", "label"})
                .transformSchema(withText.schema())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'label' has type string").hasMessageContaining("numeric");
        assertThatThrownBy(() -> new FlowMatching().transformSchema(moons.schema()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'features' does not exist");
        assertThatThrownBy(() -> new FlowMatching().setFeaturesCol("x").transformSchema(moons.schema()))
                .hasMessageContaining("'x' has type double").hasMessageContaining("Vector");
        assertThatThrownBy(() -> model.setOutputCol("x").transformSchema(moons.schema()))
                .hasMessageContaining("output column 'x' exists already");
        model.setOutputCol("logLikelihood");
        assertThat(new FlowMatching().setInputCols(new String[] {"x", "y"}).transformSchema(moons.schema()).fieldNames())
                .containsExactly("x", "y", "logLikelihood");
    }

    @Test
    void transformScoresEveryRowAndFarRowsScoreLower() {
        Dataset<Row> far = moons.withColumn("x", col("x").plus(8.0)).limit(200);
        Dataset<Row> scored = model.setOutputCol("logLikelihood").transform(moons.limit(200).union(far));
        assertThat(scored.schema().apply("logLikelihood").dataType()).isEqualTo(DataTypes.DoubleType);
        List<Row> rows = scored.collectAsList();
        assertThat(rows).hasSize(400);
        double near = 0;
        double away = 0;
        for (int i = 0; i < 200; i++) {
            near += rows.get(i).getDouble(2);
            away += rows.get(200 + i).getDouble(2);
        }
        assertThat(near / 200).isGreaterThan(away / 200 + 10);
    }

    @Test
    void aRowWithANullCoordinateScoresNull() {
        Dataset<Row> withNull = moons.limit(3).withColumn("y",
                org.apache.spark.sql.functions.when(col("x").gt(-100), lit(null)).otherwise(col("y")));
        List<Row> rows = model.transform(withNull.union(moons.limit(2))).collectAsList();
        assertThat(rows.get(0).isNullAt(2)).isTrue();
        assertThat(rows.get(4).isNullAt(2)).isFalse();
    }

    @Test
    void sampleNamesTheColumnsLikeTheInputs() {
        Dataset<Row> fake = model.sample(spark, 1_000L, 3, 7L);
        assertThat(fake.columns()).containsExactly("x", "y");
        assertThat(fake.count()).isEqualTo(1_000L);
        assertThat(fake.collectAsList()).isEqualTo(model.sample(spark, 1_000L, 3, 7L).collectAsList());
    }

    @Test
    void aSavedModelLoadsWithItsParamsAndScoresAndSamplesAsBefore() throws Exception {
        String path = dir.resolve("fm-model").toString();
        model.setLikelihoodSteps(20);
        model.write().overwrite().save(path);
        model.write().overwrite().save(path);
        assertThatThrownBy(() -> model.write().save(path)).hasMessageContaining("already exists");
        FlowMatchingModel again = FlowMatchingModel.load(path);
        assertThat(again.uid()).isEqualTo(model.uid());
        assertThat(again.getLikelihoodSteps()).isEqualTo(20);
        assertThat(again.getInputCols()).containsExactly("x", "y");
        assertThat(again.flowModel().provenance()).isEqualTo(model.flowModel().provenance());
        assertThat(again.transform(moons.limit(50)).collectAsList()).isEqualTo(model.transform(moons.limit(50)).collectAsList());
        assertThat(again.sample(spark, 100L, 2, 3L).collectAsList()).isEqualTo(model.sample(spark, 100L, 2, 3L).collectAsList());
        assertThat(Files.exists(dir.resolve("fm-model/data/flow.model"))).isTrue();
        assertThat(io.flowmatch.core.FlowModel.load(dir.resolve("fm-model/data/flow.model")).dimension()).isEqualTo(2);
        model.setLikelihoodSteps(50);
    }

    @Test
    void anEstimatorSavesAndLoadsWithItsParams() throws Exception {
        String path = dir.resolve("fm").toString();
        FlowMatching fm = new FlowMatching().setPath("cosine").setHidden(16, 8).setEma(0.99);
        fm.write().save(path);
        FlowMatching again = FlowMatching.load(path);
        assertThat(again.uid()).isEqualTo(fm.uid());
        assertThat(again.recipe()).isEqualTo(fm.recipe());
    }

    @Test
    void inAPipelineAfterAVectorAssemblerAndThroughPipelineModelSaveAndLoad() throws Exception {
        VectorAssembler assembler = new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("features");
        FlowMatching fm = new FlowMatching().setIterations(100).setBatchSize(128).setSyncEvery(50).setSeed(2L);
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {assembler, fm}).fit(moons);
        String path = dir.resolve("pipeline").toString();
        fitted.write().overwrite().save(path);
        PipelineModel again = PipelineModel.load(path);
        assertThat(again.stages()[1]).isInstanceOf(FlowMatchingModel.class);
        FlowMatchingModel stage = (FlowMatchingModel) again.stages()[1];
        assertThat(stage.coordinateNames()).containsExactly("x", "y");
        List<Row> before = fitted.transform(moons.limit(20)).select("logLikelihood").collectAsList();
        List<Row> after = again.transform(moons.limit(20)).select("logLikelihood").collectAsList();
        assertThat(after).isEqualTo(before);
        Dataset<Row> fake = stage.sample(spark, 10L, 1, 1L);
        assertThat(fake.columns()).containsExactly("x", "y", "features");
    }

    @Test
    void exactOtCosineLogitNormalAndEmaThroughParamsReachTheWorkersAndTheProvenanceNamesThem() {
        FlowMatchingModel m = new FlowMatching().setInputCols(new String[] {"x", "y"}).setCoupling("ot")
                .setPath("cosine").setTimeSampler("logit-normal:0,1").setEma(0.999).setHidden(32, 16)
                .setActivation("silu").setLearningRate(5e-3).setClipNorm(1.0).setIterations(60)
                .setBatchSize(64).setSyncEvery(20).setSeed(5L).fit(moons);
        assertThat(m.flowModel().provenance()).containsEntry("path", "cosine").containsEntry("coupling", "exact_ot")
                .containsEntry("time_sampler", "logit_normal(mean=0.0, std=1.0)").containsEntry("ema_decay", "0.999")
                .containsEntry("hidden", "32,16").containsEntry("activation", "silu")
                .containsEntry("learning_rate", "0.005").containsEntry("clip_norm", "1.0")
                .containsEntry("workers", "2").containsEntry("rounds", "3");
        assertThat(m.flowModel().usesWeightAverage()).isTrue();
        assertThat(m.getCoupling()).isEqualTo("ot");
    }
}
