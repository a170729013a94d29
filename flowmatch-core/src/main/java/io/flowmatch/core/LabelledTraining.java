package io.flowmatch.core;

import io.flowmatch.datasets.DataSource;
import io.flowmatch.datasets.LabelledDataSource;

/**
 * What {@link FlowMatcher} does differently for labelled data: the recipe's number of classes
 * is the data's, and the trained model keeps the data's class names.
 */
final class LabelledTraining {

    private LabelledTraining() {
    }

    /**
     * {@code recipe} with the data's number of classes (0 for unlabelled data).
     *
     * @throws IllegalArgumentException if the recipe insists on a number of classes the data do not have
     */
    static Recipe forData(Recipe recipe, DataSource data) {
        int classes = data instanceof LabelledDataSource labelled ? labelled.classes() : 0;
        if (recipe.classes() == classes) {
            return recipe;
        }
        if (recipe.classes() != 0) {
            throw new IllegalArgumentException("the recipe is for " + recipe.classes() + " classes but the data "
                    + data.description() + (classes == 0 ? " have no labels: give labelled data, e.g. "
                            + "data(points, labels)" : " have " + classes));
        }
        return recipe.withClasses(classes);
    }

    /** {@code model} with the class names of labelled {@code data}. */
    static FlowModel named(FlowModel model, DataSource data) {
        return data instanceof LabelledDataSource labelled && model.classes() == labelled.classes()
                ? model.withClassNames(labelled.classNames()) : model;
    }
}
