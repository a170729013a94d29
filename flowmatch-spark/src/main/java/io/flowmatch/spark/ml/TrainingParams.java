package io.flowmatch.spark.ml;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The Params that every flowmatch stage trains with: the shared training loop's settings
 * (steps, batch, seed, optimizer, schedule, clipping, weight average, divergence policy) and the
 * velocity MLP's shape. Each stands for one key of the stage's recipe and is checked, when set,
 * by the recipe's own parser; its default is the recipe's default.
 */
public interface TrainingParams extends Params {

    /**
     * The Param of this stage that stands for the recipe setting of that name (one of
     * {@link #params()}).
     *
     * @throws IllegalArgumentException if the stage has no such Param
     */
    Param<?> recipeParam(String name);

    /** Optimizer steps to take (on Spark: steps each worker takes). */
    default LongParam iterations() {
        return (LongParam) recipeParam("iterations");
    }

    default long getIterations() {
        return (Long) getOrDefault(iterations());
    }

    /** Examples in a minibatch (on Spark: in each worker's minibatch). */
    default IntParam batchSize() {
        return (IntParam) recipeParam("batchSize");
    }

    default int getBatchSize() {
        return (Integer) getOrDefault(batchSize());
    }

    /** The seed of the initial weights and of every random draw of the run. */
    default LongParam seed() {
        return (LongParam) recipeParam("seed");
    }

    default long getSeed() {
        return (Long) getOrDefault(seed());
    }

    /** The base learning rate. */
    default DoubleParam learningRate() {
        return (DoubleParam) recipeParam("learningRate");
    }

    default double getLearningRate() {
        return (Double) getOrDefault(learningRate());
    }

    /** The optimizer, by the text {@code Optimizers.parse} reads. */
    @SuppressWarnings("unchecked")
    default Param<String> optimizer() {
        return (Param<String>) recipeParam("optimizer");
    }

    default String getOptimizer() {
        return getOrDefault(optimizer());
    }

    /** The learning-rate schedule, by the text {@code LearningRateSchedules.parse} reads. */
    @SuppressWarnings("unchecked")
    default Param<String> schedule() {
        return (Param<String>) recipeParam("schedule");
    }

    default String getSchedule() {
        return getOrDefault(schedule());
    }

    /** The global gradient norm to clip to (0: off). */
    default DoubleParam clipNorm() {
        return (DoubleParam) recipeParam("clipNorm");
    }

    default double getClipNorm() {
        return (Double) getOrDefault(clipNorm());
    }

    /** The decay of the weights' exponential moving average (0: off). */
    default DoubleParam ema() {
        return (DoubleParam) recipeParam("ema");
    }

    default double getEma() {
        return (Double) getOrDefault(ema());
    }

    /** What a step with a non-finite loss does, by the text {@code DivergencePolicy.parse} reads. */
    @SuppressWarnings("unchecked")
    default Param<String> onDivergence() {
        return (Param<String>) recipeParam("onDivergence");
    }

    default String getOnDivergence() {
        return getOrDefault(onDivergence());
    }

    /** Steps between loss log lines. */
    default LongParam logEvery() {
        return (LongParam) recipeParam("logEvery");
    }

    default long getLogEvery() {
        return (Long) getOrDefault(logEvery());
    }

    /** Hidden layer widths of the velocity MLP. */
    default IntArrayParam hidden() {
        return (IntArrayParam) recipeParam("hidden");
    }

    default int[] getHidden() {
        return getOrDefault(hidden());
    }

    /** The velocity MLP's activation, by the text {@code Activation.parse} reads. */
    @SuppressWarnings("unchecked")
    default Param<String> activation() {
        return (Param<String>) recipeParam("activation");
    }

    default String getActivation() {
        return getOrDefault(activation());
    }

    /** How training times are drawn, by the text {@code TimeSamplers.parse} reads. */
    @SuppressWarnings("unchecked")
    default Param<String> timeSampler() {
        return (Param<String>) recipeParam("timeSampler");
    }

    default String getTimeSampler() {
        return getOrDefault(timeSampler());
    }
}
