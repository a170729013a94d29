package io.flowmatch.spark;

import io.flowmatch.core.Recipe;
import io.flowmatch.core.Standardization;
import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.train.LearningRateSchedule;
import io.flowmatch.core.train.LearningRateSchedules;
import java.io.Serializable;
import java.util.HashMap;

/**
 * What a worker needs to rebuild the run on an executor: the recipe's text form
 * ({@link Recipe#toMap()}), the data's dimension and row count, and, for a schedule of the
 * user's own that has no text form, its factors tabulated for every step. Broadcast once per run;
 * each executor parses it once.
 */
final class WorkerRecipe implements Serializable {

    private static final long serialVersionUID = 2L;

    private final HashMap<String, String> text;
    private final LearningRateSchedule tabulated;
    private final int dimension;
    private final long totalRows;
    private final double[] mean;
    private final double[] scale;
    private transient Recipe recipe;

    private WorkerRecipe(HashMap<String, String> text, LearningRateSchedule tabulated, int dimension, long totalRows,
            Standardization standardization) {
        this.text = text;
        this.tabulated = tabulated;
        this.dimension = dimension;
        this.totalRows = totalRows;
        this.mean = standardization == null ? null : standardization.mean();
        this.scale = standardization == null ? null : standardization.scale();
    }

    /**
     * The shippable form of {@code recipe} for data of {@code dimension} columns.
     *
     * @throws IllegalArgumentException if a part of the recipe cannot be rebuilt from its text
     *                                  (naming it), the source is not a Gaussian, or the model is
     *                                  one of the caller's own
     */
    static WorkerRecipe of(Recipe recipe, int dimension) {
        if (recipe.hasCustomModel()) {
            throw new IllegalArgumentException("Spark trains the recipe's MLP; a velocity model of your own cannot be "
                    + "shipped to the executors");
        }
        HashMap<String, String> text = new HashMap<>(recipe.toMap());
        LearningRateSchedule tabulated = null;
        try {
            LearningRateSchedules.parse(text.get("schedule"));
        } catch (IllegalArgumentException customSchedule) {
            tabulated = TabulatedSchedule.portable(recipe.training().schedule(), recipe.training().iterations());
            text.remove("schedule");
        }
        Recipe rebuilt;
        try {
            rebuilt = Recipe.fromMap(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("this recipe cannot be shipped to Spark executors: " + e.getMessage(), e);
        }
        try {
            recipe.source(dimension);
            rebuilt.source(dimension);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Spark training needs a standard or Gaussian source: " + e.getMessage(), e);
        }
        return new WorkerRecipe(text, tabulated, dimension, 1, null);
    }

    /** This recipe for a run over {@code rows} rows in all, standardized as given (null: not at all). */
    WorkerRecipe with(long rows, Standardization standardization) {
        return new WorkerRecipe(text, tabulated, dimension, rows, standardization);
    }

    /** The data's standardization fitted on the driver, or null when the recipe trains in the data's units. */
    Standardization standardization() {
        return mean == null ? null : Standardization.of(mean, scale);
    }

    /** The recipe, as the driver has it; parsed once per JVM. */
    synchronized Recipe recipe() {
        if (recipe == null) {
            Recipe parsed = Recipe.fromMap(text);
            recipe = tabulated == null ? parsed : parsed.toBuilder().schedule(tabulated).build();
        }
        return recipe;
    }

    /** The model's shape. */
    MlpArchitecture architecture() {
        return recipe().architecture(dimension);
    }

    /** A partition's weight in the averages: its share of all rows. */
    double weightOf(long rows) {
        return (double) rows / totalRows;
    }
}
