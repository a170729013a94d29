package io.flowmatch.spark.ml;

import io.flowmatch.datasets.ColumnType;
import io.flowmatch.datasets.Table;
import io.flowmatch.tabular.TabularFlowMatcher;
import io.flowmatch.tabular.TabularModel;
import io.flowmatch.tabular.TabularRecipe;
import java.util.ArrayList;
import java.util.Arrays;
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
 * The tabular flow as a Spark ML {@link Estimator}: "a synthetic copy of my table" for a
 * DataFrame of string, boolean, integral and real columns with missing cells (nulls).
 * {@link #fit} trains a {@link TabularFlowMatcher} flow and gives a
 * {@link TabularFlowMatchingModel}, which samples rows with the input's schema (names, types,
 * categories) in parallel, conditioned on a column or not, and fills missing cells
 * ({@code transform}).
 *
 * <pre>{@code
 * TabularFlowMatchingModel m = new TabularFlowMatching()
 *         .setConditionCol("species")          // optional: a string or boolean column
 *         .setIterations(5_000).setSeed(1L)
 *         .fit(table);                          // every column of the DataFrame, or setInputCols
 * Dataset<Row> fake = m.sample(spark, 1_000_000L, 8, 7L);                         // table's schema
 * Dataset<Row> setosa = m.sample(spark, 1_000L, 2, 7L, Map.of("species", "setosa"), 2.0);
 * Dataset<Row> filled = m.transform(withNulls);                                   // nulls filled
 * }</pre>
 *
 * <p><b>Where it trains.</b> The tabular flow trains on the driver, on one machine's cores: fit
 * collects the rows there (at most {@code maxRows}, default 1,000,000; a seeded random sample of
 * them when the DataFrame has more). Sampling and imputing run on the executors, with the model
 * broadcast once. Types map as {@link SparkTables} says: strings are categorical, booleans
 * binary, integral columns integer, real columns numeric, and {@code categoricalCols} declares
 * other columns categorical.
 *
 * <p>Every setting of {@code TabularFlowMatcher.builder()} is a Param, checked by the tabular
 * recipe's parser; {@link #setRecipe(TabularRecipe)} sets them all at once.
 */
public final class TabularFlowMatching extends Estimator<TabularFlowMatchingModel>
        implements TabularFlowMatchingParams, DefaultParamsWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;

    /** An estimator with a random uid and the default Params. */
    public TabularFlowMatching() {
        this(Identifiable.randomUID("tabularFlowMatching"));
    }

    /** An estimator with the given uid and the default Params (Spark's readers use this). */
    public TabularFlowMatching(String uid) {
        this.uid = uid;
        Specs.tabularDefaults(this);
    }

    @Override
    public String uid() {
        return uid;
    }

    /** Spark's reader of a saved estimator; {@code Pipeline.load} finds it by this name. */
    public static MLReader<TabularFlowMatching> read() {
        return new DefaultParamsReadable<TabularFlowMatching>() {
        }.read();
    }

    /** The estimator saved at {@code path} by {@code write().save(path)}. */
    public static TabularFlowMatching load(String path) {
        return read().load(path);
    }

    public TabularFlowMatching setInputCols(String[] value) {
        set(inputCols(), value);
        return this;
    }

    public TabularFlowMatching setCategoricalCols(String[] value) {
        set(categoricalCols(), value);
        return this;
    }

    public TabularFlowMatching setConditionCol(String value) {
        set(conditionCol(), value);
        return this;
    }

    public TabularFlowMatching setLabelDropout(double value) {
        set(labelDropout(), value);
        return this;
    }

    public TabularFlowMatching setSolver(String value) {
        set(solver(), value);
        return this;
    }

    public TabularFlowMatching setSteps(int value) {
        set(steps(), value);
        return this;
    }

    public TabularFlowMatching setImputeDraws(int value) {
        set(imputeDraws(), value);
        return this;
    }

    public TabularFlowMatching setMaxRows(int value) {
        set(maxRows(), value);
        return this;
    }

    public TabularFlowMatching setIterations(long value) {
        set(iterations(), value);
        return this;
    }

    public TabularFlowMatching setBatchSize(int value) {
        set(batchSize(), value);
        return this;
    }

    public TabularFlowMatching setSeed(long value) {
        set(seed(), value);
        return this;
    }

    public TabularFlowMatching setLearningRate(double value) {
        set(learningRate(), value);
        return this;
    }

    public TabularFlowMatching setOptimizer(String value) {
        set(optimizer(), value);
        return this;
    }

    public TabularFlowMatching setSchedule(String value) {
        set(schedule(), value);
        return this;
    }

    public TabularFlowMatching setClipNorm(double value) {
        set(clipNorm(), value);
        return this;
    }

    public TabularFlowMatching setEma(double value) {
        set(ema(), value);
        return this;
    }

    public TabularFlowMatching setOnDivergence(String value) {
        set(onDivergence(), value);
        return this;
    }

    public TabularFlowMatching setLogEvery(long value) {
        set(logEvery(), value);
        return this;
    }

    public TabularFlowMatching setHidden(int... value) {
        set(hidden(), value);
        return this;
    }

    public TabularFlowMatching setActivation(String value) {
        set(activation(), value);
        return this;
    }

    public TabularFlowMatching setTimeSampler(String value) {
        set(timeSampler(), value);
        return this;
    }

    /** Sets every recipe Param from {@code recipe}: the same run as {@code TabularFlowMatcher.builder().recipe(recipe)}. */
    public TabularFlowMatching setRecipe(TabularRecipe recipe) {
        if (recipe == null) {
            throw new IllegalArgumentException("recipe must not be null");
        }
        Specs.setAll(this, Specs.TABULAR, recipe.toMap());
        return this;
    }

    /** The tabular recipe the Params make now. */
    public TabularRecipe recipe() {
        return Specs.tabularRecipe(this);
    }

    /**
     * Collects the table's rows to the driver (see the class description), trains there and
     * returns the model.
     *
     * @throws IllegalArgumentException as {@link #transformSchema}, or if there are no rows or a
     *                                  column is entirely empty
     */
    @Override
    public TabularFlowMatchingModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema(), true);
        List<String> columns = columns(this, dataset.schema());
        Dataset<Row> selected = dataset.toDF().select(columns.get(0), columns.subList(1, columns.size())
                .toArray(new String[0]));
        Table table = SparkTables.collect(selected, Arrays.asList(getCategoricalCols()), getMaxRows(), getSeed());
        TabularModel trained = TabularFlowMatcher.builder().recipe(recipe()).data(table).train();
        TabularFlowMatchingModel model = new TabularFlowMatchingModel(uid, trained, selected.schema());
        copyValues(model, ParamMap.empty());
        return model.setParent(this);
    }

    /**
     * Checks the columns and the Params; the output schema is the input's.
     *
     * @throws IllegalArgumentException naming a missing column or one of an unsupported type, a
     *                                  condition column that is not a label column, or Params
     *                                  that make no recipe
     */
    @Override
    public StructType transformSchema(StructType schema) {
        TabularRecipe recipe = recipe();
        List<String> columns = columns(this, schema);
        List<String> categorical = Arrays.asList(getCategoricalCols());
        for (String c : categorical) {
            if (!columns.contains(c)) {
                throw new IllegalArgumentException("TabularFlowMatching: categorical column '" + c
                        + "' is not one of the table's columns " + columns);
            }
        }
        for (String c : columns) {
            SparkTables.columnType(schema.apply(c), categorical.contains(c));
        }
        String condition = recipe.condition();
        if (condition != null) {
            if (!columns.contains(condition)) {
                throw new IllegalArgumentException("TabularFlowMatching: condition column '" + condition
                        + "' is not one of the table's columns " + columns);
            }
            ColumnType type = SparkTables.columnType(schema.apply(condition), categorical.contains(condition));
            if (!type.isCategorical()) {
                throw new IllegalArgumentException("TabularFlowMatching: condition column '" + condition + "' has type "
                        + schema.apply(condition).dataType().simpleString() + "; condition on a string or boolean "
                        + "column, or declare it in categoricalCols");
            }
        }
        return schema;
    }

    /** The table's columns: {@code inputCols}, or every column of {@code schema}; each must exist. */
    static List<String> columns(TabularFlowMatchingParams stage, StructType schema) {
        List<String> all = Arrays.asList(schema.fieldNames());
        if (!stage.isDefined(stage.inputCols()) || stage.getInputCols().length == 0) {
            if (all.isEmpty()) {
                throw new IllegalArgumentException("TabularFlowMatching: the data has no columns");
            }
            return all;
        }
        List<String> columns = new ArrayList<>();
        for (String c : stage.getInputCols()) {
            if (!all.contains(c)) {
                throw new IllegalArgumentException("TabularFlowMatching: input column '" + c + "' does not exist; the "
                        + "columns are " + all);
            }
            if (columns.contains(c)) {
                throw new IllegalArgumentException("TabularFlowMatching: input column '" + c + "' is given twice");
            }
            columns.add(c);
        }
        return columns;
    }

    @Override
    public TabularFlowMatching copy(ParamMap extra) {
        return defaultCopy(extra);
    }
}
