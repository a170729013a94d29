package io.flowmatch.discrete;

import io.flowmatch.core.Provenance;
import io.flowmatch.core.train.TrainingConfig;
import io.flowmatch.core.train.TrainingResult;
import io.flowmatch.core.train.TrainingRun;
import io.flowmatch.core.train.TrainingRunOptions;
import io.flowmatch.core.train.TrainingSession;
import io.flowmatch.core.train.WeightAverage;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of discrete flow matching (Gat et al., "Discrete Flow Matching", NeurIPS 2024):
 * learn the posterior p(x1 | x_t) of a mixture probability path from a mask or uniform source to
 * token sequences, then sample with the discrete Euler method.
 *
 * <pre>{@code
 * int[][] data = ...;   // n sequences of equal length L, tokens in [0, vocabulary)
 * DiscreteFlowModel model = DiscreteFlowMatcher.builder()
 *         .data(data, 128)                        // the vocabulary size
 *         .source(DiscreteSources.mask())         // or DiscreteSources.uniform()
 *         .iterations(5_000)
 *         .batchSize(256)
 *         .seed(1L)
 *         .train();
 * int[][] samples = model.sample(100_000, 64, 7L);   // n, sampler steps, seed: n x L tokens
 * }</pre>
 *
 * <p>Every setting of the run is a setting of its {@link DiscreteRecipe} (shared with
 * {@link DiscreteRecipe.Builder} through {@link DiscreteRecipeSettings}); training runs on
 * core's shared loop ({@link TrainingSession}, {@link TrainingRun}), so checkpoints, resumption,
 * weight averages, divergence policies and listeners work as for continuous flows.
 */
public final class DiscreteFlowMatcher {

    private static final Logger LOG = LoggerFactory.getLogger(DiscreteFlowMatcher.class);

    private DiscreteFlowMatcher() {
    }

    /** A builder with the defaults of {@link DiscreteRecipe}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Collects the settings of one training run: the recipe's (inherited from
     * {@link DiscreteRecipeSettings}), the data, and what is not part of a recipe (a network of
     * your own, listeners, checkpoints). Each setter checks its argument at once.
     */
    public static final class Builder extends DiscreteRecipeSettings<Builder> implements TrainingRunOptions<Builder> {
        private TokenData data;
        private PosteriorModel model;
        private final TrainingRun run = new TrainingRun();

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * The sequences to learn (required): n rows of the same length L, tokens in
         * [0, vocabulary). Copied.
         *
         * @throws IllegalArgumentException for a vocabulary below 2, no rows, a null or empty row,
         *                                  rows of different lengths or a token out of range, naming
         *                                  the row and column
         */
        public Builder data(int[][] sequences, int vocabulary) {
            this.data = TokenData.of(sequences, vocabulary);
            return this;
        }

        /**
         * A posterior network of your own instead of the recipe's {@link TokenMlp}, trained in
         * place; the recipe names it by its description. Its length, vocabulary and states must
         * fit the data and the source. Only TokenMlp networks can be saved to a file.
         */
        public Builder model(PosteriorModel model) {
            this.model = required(model, "model");
            customModel(model.description());
            return this;
        }

        /** The options of the run that are not part of its recipe (listeners, checkpoints, resumption). */
        @Override
        public TrainingRun trainingRun() {
            return run;
        }

        /** The recipe of everything set so far. */
        public DiscreteRecipe toRecipe() {
            return recipe();
        }

        /**
         * Trains and returns the model.
         *
         * @throws IllegalStateException    if no data was given
         * @throws IllegalArgumentException if a given network does not fit the data and source
         * @throws io.flowmatch.core.train.TrainingDivergedException if the loss becomes NaN or infinite
         * @throws io.flowmatch.core.io.ModelFormatException if the checkpoint to resume from is not valid
         */
        public DiscreteFlowModel train() {
            if (data == null) {
                throw new IllegalStateException("no data to train on: call data(sequences, vocabulary) first");
            }
            DiscreteRecipe recipe = recipe();
            TrainingConfig config = recipe.training();
            PosteriorModel network = model != null ? model
                    : TokenMlp.initialise(recipe.architecture(data.length(), data.vocabulary()), config.seed());
            DiscreteFlowObjective objective = new DiscreteFlowObjective(recipe, network, data);
            TrainingSession session = new TrainingSession(config, objective, 0L);
            WeightAverage average = session.average();
            LOG.info("training {} on {} with {}", network.description(), data.description(), recipe.toMap());
            TrainingResult result = run.run(session);
            Map<String, String> provenance = Provenance.of(recipe, data.description(), result, run);
            // copies, so that the returned model stays immutable even if the caller keeps the network
            PosteriorModel trained = network.withParameters(network.parameters());
            PosteriorModel averaged = average == null ? null : network.withParameters(average.average());
            return new DiscreteFlowModel(trained, averaged, recipe, provenance);
        }
    }
}
