package io.flowmatch.spark.ml;

import io.flowmatch.core.FlowModel;
import io.flowmatch.core.Recipe;
import io.flowmatch.spark.SparkFlowMatcher;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReadable;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Flow matching as a Spark ML {@link Estimator}: {@link #fit} trains a continuous flow on the
 * points of a DataFrame, data-parallel on the session's cluster ({@link SparkFlowMatcher}:
 * parameter averaging every {@code syncEvery} local steps), and gives a
 * {@link FlowMatchingModel}, which scores rows with their log-density and samples new ones.
 *
 * <pre>{@code
 * FlowMatching fm = new FlowMatching()
 *         .setInputCols(new String[] {"x", "y"})   // or setFeaturesCol("features") for a Vector column
 *         .setIterations(5_000).setBatchSize(256).setSyncEvery(50).setSeed(1L)
 *         .setPath("cosine").setCoupling("ot").setTimeSampler("logit-normal").setEma(0.999);
 * FlowMatchingModel model = fm.fit(points);
 * Dataset<Row> scored = model.setOutputCol("logLikelihood").transform(points);
 * Dataset<Row> fake = model.sample(spark, 1_000_000L, 8, 7L);   // columns named like the inputs
 * model.write().overwrite().save("/path/fm-model");
 * }</pre>
 *
 * <p>As a {@link org.apache.spark.ml.Pipeline} stage it follows a {@code VectorAssembler}:
 * {@code new Pipeline().setStages(new PipelineStage[] {assembler, fm})}, and the fitted
 * {@code PipelineModel} saves and loads with it.
 *
 * <p><b>Params.</b> Every setting of {@code FlowMatcher.builder()} is a Param of the same name
 * ({@code path}, {@code timeSampler}, {@code coupling}, {@code prediction}, {@code ema},
 * {@code schedule}, {@code hidden}, {@code activation}, {@code optimizer}, {@code learningRate},
 * {@code clipNorm}, {@code normalize}, ...), a plug-in part by the text its factory's
 * {@code parse} reads ({@code "cosine"}, {@code "ot"}, {@code "logit-normal:0,1"}); each is checked
 * by the recipe's own parser when it is set, its default is the recipe's default, and
 * {@link #explainParams()} lists them all. The Params make one {@link Recipe}, whose text form
 * is what reaches the executors, so the model's {@code provenance()} names every choice.
 * {@link #setRecipe(Recipe)} sets them all from a recipe built in Java.
 *
 * <p><b>Labels.</b> {@link #setLabelCol(String)} names a column of class labels (integers 0..K-1,
 * or strings, whose sorted distinct values become classes 0..K-1 and the model's class names):
 * {@code fit} trains a class-conditional flow exactly as {@code FlowMatcher.builder().data(points,
 * labels)} does (class embedding, {@code labelDropout}, couplings within each class), the model
 * samples a class with guidance ({@link FlowMatchingModel#sample(SparkSession, long, int, long,
 * String, double)}) and scores log p(x | label). A null label in training stops {@code fit} with
 * the column named (a row without a class cannot train p(x | label); drop such rows or give them
 * a class of their own).
 *
 * <pre>{@code
 * FlowMatchingModel m = new FlowMatching().setInputCols(new String[] {"x", "y"}).setLabelCol("species").fit(df);
 * Dataset<Row> setosa = m.sample(spark, 1_000L, 2, 7L, "setosa", 1.0);   // x, y, species
 * }</pre>
 */
public final class FlowMatching extends Estimator<FlowMatchingModel>
        implements FlowMatchingParams, DefaultParamsWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;

    /** An estimator with a random uid and the default Params. */
    public FlowMatching() {
        this(Identifiable.randomUID("flowMatching"));
    }

    /** An estimator with the given uid and the default Params (Spark's readers use this). */
    public FlowMatching(String uid) {
        this.uid = uid;
        Specs.flowDefaults(this);
    }

    @Override
    public String uid() {
        return uid;
    }

    /** Spark's reader of a saved estimator; {@code Pipeline.load} finds it by this name. */
    public static MLReader<FlowMatching> read() {
        return new DefaultParamsReadable<FlowMatching>() {
        }.read();
    }

    /** The estimator saved at {@code path} by {@code write().save(path)}. */
    public static FlowMatching load(String path) {
        return read().load(path);
    }

    public FlowMatching setFeaturesCol(String value) {
        set(featuresCol(), value);
        return this;
    }

    public FlowMatching setInputCols(String[] value) {
        set(inputCols(), value);
        return this;
    }

    /** The label column (empty: none); see the class comment. */
    public FlowMatching setLabelCol(String value) {
        set(labelCol(), value == null ? "" : value);
        return this;
    }

    /** The label dropout of a labelled fit: P(a row trains with the null label), in [0, 1). */
    public FlowMatching setLabelDropout(double value) {
        set(labelDropout(), value);
        return this;
    }

    public FlowMatching setOutputCol(String value) {
        set(outputCol(), value);
        return this;
    }

    public FlowMatching setIterations(long value) {
        set(iterations(), value);
        return this;
    }

    public FlowMatching setBatchSize(int value) {
        set(batchSize(), value);
        return this;
    }

    public FlowMatching setSeed(long value) {
        set(seed(), value);
        return this;
    }

    public FlowMatching setLearningRate(double value) {
        set(learningRate(), value);
        return this;
    }

    public FlowMatching setOptimizer(String value) {
        set(optimizer(), value);
        return this;
    }

    public FlowMatching setSchedule(String value) {
        set(schedule(), value);
        return this;
    }

    public FlowMatching setClipNorm(double value) {
        set(clipNorm(), value);
        return this;
    }

    public FlowMatching setEma(double value) {
        set(ema(), value);
        return this;
    }

    public FlowMatching setOnDivergence(String value) {
        set(onDivergence(), value);
        return this;
    }

    public FlowMatching setLogEvery(long value) {
        set(logEvery(), value);
        return this;
    }

    public FlowMatching setHidden(int... value) {
        set(hidden(), value);
        return this;
    }

    public FlowMatching setActivation(String value) {
        set(activation(), value);
        return this;
    }

    public FlowMatching setPath(String value) {
        set(path(), value);
        return this;
    }

    public FlowMatching setTimeSampler(String value) {
        set(timeSampler(), value);
        return this;
    }

    public FlowMatching setCoupling(String value) {
        set(coupling(), value);
        return this;
    }

    public FlowMatching setPrediction(String value) {
        set(prediction(), value);
        return this;
    }

    public FlowMatching setSource(String value) {
        set(source(), value);
        return this;
    }

    public FlowMatching setNormalize(boolean value) {
        set(normalize(), value);
        return this;
    }

    public FlowMatching setSyncEvery(int value) {
        set(syncEvery(), value);
        return this;
    }

    public FlowMatching setPartitions(int value) {
        set(partitions(), value);
        return this;
    }

    public FlowMatching setLikelihoodSolver(String value) {
        set(likelihoodSolver(), value);
        return this;
    }

    public FlowMatching setLikelihoodSteps(int value) {
        set(likelihoodSteps(), value);
        return this;
    }

    public FlowMatching setDivergenceEstimator(String value) {
        set(divergenceEstimator(), value);
        return this;
    }

    /**
     * Sets every recipe Param from {@code recipe}'s text form: the same run as
     * {@code FlowMatcher.builder().recipe(recipe)}.
     *
     * @throws IllegalArgumentException if the recipe names a velocity model of the caller's own,
     *                                  which Spark cannot rebuild on the executors
     */
    public FlowMatching setRecipe(Recipe recipe) {
        if (recipe == null) {
            throw new IllegalArgumentException("recipe must not be null");
        }
        if (recipe.hasCustomModel()) {
            throw new IllegalArgumentException("FlowMatching trains the recipe's MLP; a velocity model of your own "
                    + "cannot be shipped to the executors");
        }
        Specs.setAll(this, Specs.FLOW, recipe.toMap());
        return this;
    }

    /** The recipe the Params make now. */
    public Recipe recipe() {
        return Specs.flowRecipe(this);
    }

    /**
     * Trains on the points of {@code dataset} with the recipe of the Params.
     *
     * @throws IllegalArgumentException naming a missing or non-numeric column, a bad value (null,
     *                                  NaN, infinite; rows with them must be dropped first), or
     *                                  a combination of Params that makes no recipe
     */
    @Override
    public FlowMatchingModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema(), true);
        Points points = Points.of(this);
        int d = points.dimension(dataset, "FlowMatching");
        List<String> names = points.names(dataset.schema(), d);
        SparkFlowMatcher.Builder trainer = SparkFlowMatcher.builder().recipe(recipe());
        org.apache.spark.sql.types.StructField label = null;
        if (hasLabelCol()) {
            label = dataset.schema().apply(getLabelCol());
            trainer.data(points.coordinatesAndLabel(dataset, names, getLabelCol()), getLabelCol());
        } else {
            trainer.data(points.coordinates(dataset, names));
        }
        FlowModel flow = trainer.syncEvery(getSyncEvery()).partitions(getPartitions()).train();
        FlowMatchingModel model = new FlowMatchingModel(uid, flow, names, label);
        copyValues(model, ParamMap.empty());
        return model.setParent(this);
    }

    /**
     * Checks the input columns and the Params; the estimator's output schema is the model's, with
     * the log-likelihood column added.
     *
     * @throws IllegalArgumentException naming a missing or non-numeric input column, an output
     *                                  column that exists already, or Params that make no recipe
     */
    @Override
    public StructType transformSchema(StructType schema) {
        recipe();
        Points.of(this).check(schema, "FlowMatching");
        if (hasLabelCol()) {
            FlowMatchingModel.checkLabelColumn(schema, getLabelCol(), "FlowMatching", true);
            Points points = Points.of(this);
            if (!points.fromVector() && java.util.Arrays.asList(getInputCols()).contains(getLabelCol())) {
                throw new IllegalArgumentException("FlowMatching: label column '" + getLabelCol()
                        + "' is also an input column; the label cannot be a coordinate");
            }
        }
        return FlowMatchingModel.withOutput(schema, getOutputCol(), "FlowMatching");
    }

    @Override
    public FlowMatching copy(ParamMap extra) {
        return defaultCopy(extra);
    }
}
