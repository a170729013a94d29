package io.flowmatch.spark.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * The Params of {@link FlowMatching} and {@link FlowMatchingModel}: the input columns, the output
 * column, every setting of the continuous flow's recipe ({@link io.flowmatch.core.Recipe}, the
 * settings of {@code FlowMatcher.builder()} under the same names), the Spark training settings
 * and the log-likelihood transform's settings. {@code explainParams()} lists them with their docs
 * and defaults.
 */
public interface FlowMatchingParams extends TrainingParams {

    @Override
    default Param<?> recipeParam(String name) {
        return Specs.flow(this, name);
    }

    /** The Vector column of the points' coordinates, used when {@link #inputCols()} is not set. */
    default Param<String> featuresCol() {
        return new Param<>(uid(), "featuresCol",
                "features column: a Vector of each point's coordinates (used when inputCols is not set)");
    }

    default String getFeaturesCol() {
        return getOrDefault(featuresCol());
    }

    /** Numeric columns, one per coordinate, in order; when set, used instead of {@link #featuresCol()}. */
    default StringArrayParam inputCols() {
        return new StringArrayParam(this, "inputCols",
                "numeric input columns, one per coordinate, in order (when set, used instead of featuresCol)");
    }

    default String[] getInputCols() {
        return getOrDefault(inputCols());
    }

    /**
     * The column of class labels (empty, the default: none). When set, {@code fit} trains a
     * class-conditional model on it (an integral column: classes 0..K-1; a string column: its
     * sorted values are the class names) and the model's {@code transform} scores
     * log p(x | label) for rows that have the column.
     */
    default Param<String> labelCol() {
        return new Param<>(uid(), "labelCol",
                "label column: integers 0..K-1 or strings (class names, sorted into classes); when set, fit trains "
                        + "a class-conditional model and transform scores log p(x | label) (empty: no labels)");
    }

    default String getLabelCol() {
        return getOrDefault(labelCol());
    }

    /** Whether {@link #labelCol()} names a column. */
    default boolean hasLabelCol() {
        return isDefined(labelCol()) && !getLabelCol().isEmpty();
    }

    /** The probability of training a row with the null label (classifier-free guidance), recipe key label_dropout. */
    default org.apache.spark.ml.param.DoubleParam labelDropout() {
        return (org.apache.spark.ml.param.DoubleParam) recipeParam("labelDropout");
    }

    default double getLabelDropout() {
        return (Double) getOrDefault(labelDropout());
    }

    /** The column the model's transform adds: each row's log-density. */
    default Param<String> outputCol() {
        return new Param<>(uid(), "outputCol",
                "output column of transform: each row's log-density log p(x) in nats, in the data's units, or "
                        + "log p(x | label) when the label column is present (null for a row with a missing or "
                        + "non-finite coordinate, or a label that is not a class; a null label scores log p(x))");
    }

    default String getOutputCol() {
        return getOrDefault(outputCol());
    }

    /** The probability path, by the text {@code Paths.parse} reads. */
    @SuppressWarnings("unchecked")
    default Param<String> path() {
        return (Param<String>) recipeParam("path");
    }

    default String getPath() {
        return getOrDefault(path());
    }

    /** How noise and data are paired, by the text {@code Couplings.parse} reads. */
    @SuppressWarnings("unchecked")
    default Param<String> coupling() {
        return (Param<String>) recipeParam("coupling");
    }

    default String getCoupling() {
        return getOrDefault(coupling());
    }

    /** What the network regresses onto, by the text {@code Prediction.parse} reads. */
    @SuppressWarnings("unchecked")
    default Param<String> prediction() {
        return (Param<String>) recipeParam("prediction");
    }

    default String getPrediction() {
        return getOrDefault(prediction());
    }

    /** The source distribution: {@code gaussian} or a Gaussian by its description. */
    @SuppressWarnings("unchecked")
    default Param<String> source() {
        return (Param<String>) recipeParam("source");
    }

    default String getSource() {
        return getOrDefault(source());
    }

    /** Whether each coordinate is standardized before training. */
    default BooleanParam normalize() {
        return (BooleanParam) recipeParam("normalize");
    }

    default boolean getNormalize() {
        return (Boolean) getOrDefault(normalize());
    }

    /** Local optimizer steps between averaging rounds. */
    default IntParam syncEvery() {
        return (IntParam) recipeParam("syncEvery");
    }

    default int getSyncEvery() {
        return (Integer) getOrDefault(syncEvery());
    }

    /** Workers to repartition the data into (0: the data's own partitions). */
    default IntParam partitions() {
        return (IntParam) recipeParam("partitions");
    }

    default int getPartitions() {
        return (Integer) getOrDefault(partitions());
    }

    /** The ODE solver of the log-likelihood transform, by the text {@code Solvers.parse} reads. */
    @SuppressWarnings("unchecked")
    default Param<String> likelihoodSolver() {
        return (Param<String>) recipeParam("likelihoodSolver");
    }

    default String getLikelihoodSolver() {
        return getOrDefault(likelihoodSolver());
    }

    /** Solver steps of the log-likelihood transform. */
    default IntParam likelihoodSteps() {
        return (IntParam) recipeParam("likelihoodSteps");
    }

    default int getLikelihoodSteps() {
        return (Integer) getOrDefault(likelihoodSteps());
    }

    /** How the log-likelihood transform computes the divergence, by the text {@code DivergenceEstimator.parse} reads. */
    @SuppressWarnings("unchecked")
    default Param<String> divergenceEstimator() {
        return (Param<String>) recipeParam("divergenceEstimator");
    }

    default String getDivergenceEstimator() {
        return getOrDefault(divergenceEstimator());
    }
}
