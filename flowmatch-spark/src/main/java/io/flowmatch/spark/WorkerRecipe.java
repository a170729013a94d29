package io.flowmatch.spark;

import io.flowmatch.core.model.Activation;
import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.train.LearningRateSchedule;
import io.flowmatch.core.train.TrainingConfig;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a worker needs to rebuild the run's {@link TrainingConfig} and model shape on an
 * executor, in serializable form; broadcast once per run.
 */
final class WorkerRecipe implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long iterations;
    private final int batchSize;
    private final long seed;
    private final double learningRate;
    private final LearningRateSchedule schedule;
    private final double clipNorm;
    private final double emaDecay;
    private final int dimension;
    private final int[] hidden;
    private final Activation activation;
    private final long totalRows;
    private transient TrainingConfig config;

    WorkerRecipe(TrainingConfig config, MlpArchitecture architecture, long totalRows) {
        this.iterations = config.iterations();
        this.batchSize = config.batchSize();
        this.seed = config.seed();
        this.learningRate = config.learningRate();
        this.schedule = TabulatedSchedule.portable(config.schedule(), config.iterations());
        this.clipNorm = config.clipNorm();
        this.emaDecay = config.emaDecay();
        this.dimension = architecture.dimension();
        this.hidden = architecture.hiddenWidths().stream().mapToInt(Integer::intValue).toArray();
        this.activation = architecture.activation();
        this.totalRows = totalRows;
    }

    /** The run's settings, as the driver has them (optimizer: default Adam). */
    synchronized TrainingConfig config() {
        if (config == null) {
            config = TrainingConfig.builder().iterations(iterations).batchSize(batchSize).seed(seed)
                    .learningRate(learningRate).schedule(schedule).clipNorm(clipNorm).emaDecay(emaDecay).build();
        }
        return config;
    }

    /** The model's shape. */
    MlpArchitecture architecture() {
        List<Integer> widths = new ArrayList<>();
        for (int w : hidden) {
            widths.add(w);
        }
        return new MlpArchitecture(dimension, widths, activation);
    }

    /** A partition's weight in the averages: its share of all rows. */
    double weightOf(long rows) {
        return (double) rows / totalRows;
    }
}
