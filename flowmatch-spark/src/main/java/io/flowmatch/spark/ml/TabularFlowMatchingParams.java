package io.flowmatch.spark.ml;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * The Params of {@link TabularFlowMatching} and {@link TabularFlowMatchingModel}: the columns,
 * every setting of the tabular flow's recipe ({@link io.flowmatch.tabular.TabularRecipe}, the
 * settings of {@code TabularFlowMatcher.builder()}) and how many rows training collects.
 */
public interface TabularFlowMatchingParams extends TrainingParams {

    @Override
    default Param<?> recipeParam(String name) {
        return Specs.tabular(this, name);
    }

    /** The table's columns, in order (default: every column of the DataFrame). */
    default StringArrayParam inputCols() {
        return new StringArrayParam(this, "inputCols",
                "the table's columns, in order: string, boolean, integral or real (default: every column)");
    }

    default String[] getInputCols() {
        return getOrDefault(inputCols());
    }

    /** Columns to treat as categorical whatever their type (e.g. integer class labels). */
    default StringArrayParam categoricalCols() {
        return new StringArrayParam(this, "categoricalCols",
                "columns to treat as categorical whatever their Spark type, e.g. integer class labels (strings "
                        + "are categorical and booleans binary anyway)");
    }

    default String[] getCategoricalCols() {
        return getOrDefault(categoricalCols());
    }

    /** The column to condition on (empty: none). */
    @SuppressWarnings("unchecked")
    default Param<String> conditionCol() {
        return (Param<String>) recipeParam("conditionCol");
    }

    default String getConditionCol() {
        return getOrDefault(conditionCol());
    }

    /** The probability of training a row with the null label. */
    default DoubleParam labelDropout() {
        return (DoubleParam) recipeParam("labelDropout");
    }

    default double getLabelDropout() {
        return (Double) getOrDefault(labelDropout());
    }

    /** The fixed-step solver of sampling and imputing, by the text {@code Solvers.parse} reads. */
    @SuppressWarnings("unchecked")
    default Param<String> solver() {
        return (Param<String>) recipeParam("solver");
    }

    default String getSolver() {
        return getOrDefault(solver());
    }

    /** Solver steps of sampling and imputing. */
    default IntParam steps() {
        return (IntParam) recipeParam("steps");
    }

    default int getSteps() {
        return (Integer) getOrDefault(steps());
    }

    /** Draws averaged to fill a missing cell. */
    default IntParam imputeDraws() {
        return (IntParam) recipeParam("imputeDraws");
    }

    default int getImputeDraws() {
        return (Integer) getOrDefault(imputeDraws());
    }

    /** The most rows training collects to the driver. */
    default IntParam maxRows() {
        return (IntParam) recipeParam("maxRows");
    }

    default int getMaxRows() {
        return (Integer) getOrDefault(maxRows());
    }
}
