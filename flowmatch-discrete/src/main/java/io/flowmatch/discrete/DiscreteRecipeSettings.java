package io.flowmatch.discrete;

import io.flowmatch.core.internal.RecipeText;
import io.flowmatch.core.train.MlpSettings;
import io.flowmatch.core.train.TrainingSettings;

/**
 * The setters of a {@link DiscreteRecipe}, shared by {@link DiscreteRecipe.Builder} and
 * {@link DiscreteFlowMatcher.Builder} so that each setting has one name and one check: the
 * loop's (inherited from {@link TrainingSettings}), the {@link TokenMlp}'s hidden widths and
 * activation (inherited from {@link MlpSettings}) and the discrete flow's own (source,
 * scheduler, loss, the TokenMlp's time features and local window). Each setter checks its
 * argument at once and throws {@link IllegalArgumentException} naming the bad value.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class DiscreteRecipeSettings<B extends DiscreteRecipeSettings<B>> extends MlpSettings<B> {

    int timeFrequencies = TokenMlpArchitecture.DEFAULT_TIME_FREQUENCIES;
    int window = TokenMlpArchitecture.DEFAULT_WINDOW;
    String customModel;
    DiscreteSource source = DiscreteSources.mask();
    ConvexScheduler scheduler = DiscreteRecipe.DEFAULT_SCHEDULER;
    DiscreteLoss loss = DiscreteRecipe.DEFAULT_LOSS;

    /** Settings with the discrete flow's defaults (see {@link DiscreteRecipe}). */
    protected DiscreteRecipeSettings() {
        super(DiscreteRecipe.DEFAULT_TRAINING, DiscreteRecipe.DEFAULT_HIDDEN, DiscreteRecipe.DEFAULT_ACTIVATION);
    }

    /** The recipe of everything set so far. */
    protected DiscreteRecipe recipe() {
        return new DiscreteRecipe(this, trainingConfig(), hidden, activation);
    }

    /** Starts from {@code recipe}: every setting takes its value (later calls change them one by one). */
    public B recipe(DiscreteRecipe recipe) {
        startFrom(recipe);
        this.hidden = recipe.hidden();
        this.activation = recipe.activation();
        this.timeFrequencies = recipe.timeFrequencies();
        this.window = recipe.window();
        this.customModel = recipe.customModelDescription();
        this.source = recipe.source();
        this.scheduler = recipe.scheduler();
        this.loss = recipe.loss();
        return self();
    }

    /** The source distribution (default {@link DiscreteSources#mask()}). */
    public B source(DiscreteSource source) {
        this.source = required(source, "source");
        return self();
    }

    /** kappa(t), how fast tokens leave the source (default {@code polynomial(n=1.0)}, kappa = t); see {@link ConvexSchedulers}. */
    public B scheduler(ConvexScheduler scheduler) {
        this.scheduler = required(scheduler, "scheduler");
        return self();
    }

    /** What the posterior is trained with (default {@link DiscreteLoss#CROSS_ENTROPY}). */
    public B loss(DiscreteLoss loss) {
        this.loss = required(loss, "loss");
        return self();
    }

    /** Sine/cosine pairs of the time features of the {@link TokenMlp}, in [0, 64] (default 4). */
    public B timeFrequencies(int frequencies) {
        if (frequencies < 0 || frequencies > 64) {
            throw new IllegalArgumentException("time frequencies must be in [0, 64], got " + frequencies);
        }
        this.timeFrequencies = frequencies;
        return self();
    }

    /**
     * The reach of the {@link TokenMlp}'s local skip in positions, in [0, 64] (default 2; 0: a
     * plain MLP): each position's logits get a learned row for each token this close to it.
     */
    public B window(int positions) {
        if (positions < 0 || positions > 64) {
            throw new IllegalArgumentException("the local window must be in [0, 64], got " + positions);
        }
        this.window = positions;
        return self();
    }

    /** A network the caller made, known to the recipe by its description only. */
    B customModel(String description) {
        this.customModel = description == null ? null : RecipeText.singleLine(description);
        return self();
    }
}
