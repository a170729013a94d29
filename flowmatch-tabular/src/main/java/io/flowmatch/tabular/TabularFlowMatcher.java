package io.flowmatch.tabular;

import io.flowmatch.core.Recipe;
import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.model.MlpVelocityModel;
import io.flowmatch.core.train.MlpSettings;
import io.flowmatch.core.train.TrainingConfig;
import io.flowmatch.core.train.TrainingResult;
import io.flowmatch.core.train.TrainingRun;
import io.flowmatch.core.train.TrainingRunOptions;
import io.flowmatch.core.train.TrainingSession;
import io.flowmatch.core.train.WeightAverage;
import io.flowmatch.datasets.Column;
import io.flowmatch.datasets.Table;
import io.flowmatch.solvers.OdeSolver;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a tabular flow on a {@link Table}: every column encoded as {@link TableEncoder} says
 * (numbers standardized, binary as one signed coordinate, categories one-hot), missing cells left
 * out of the loss, an optional condition column learnt with label dropout for classifier-free
 * guidance, on the shared training loop ({@link TrainingSession}, {@link TrainingRun}).
 *
 * <pre>{@code
 * Table train = Tables.readCsv(Path.of("train.csv"));
 * TabularModel model = TabularFlowMatcher.builder()
 *         .data(train)
 *         .condition("target")        // optional: a categorical column
 *         .iterations(5_000)
 *         .seed(1L)
 *         .train();
 * }</pre>
 *
 * <p>Defaults are {@link TabularRecipe#defaults()}.
 */
public final class TabularFlowMatcher {

    private static final Logger LOG = LoggerFactory.getLogger(TabularFlowMatcher.class);

    private TabularFlowMatcher() {
    }

    /** A builder with the defaults of {@link TabularRecipe#defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Fluent settings of a tabular flow; each setter validates at once. {@link #train()} runs it. */
    public static final class Builder extends MlpSettings<Builder> implements TrainingRunOptions<Builder> {
        private Table data;
        /** The settings other than the loop's and the MLP's, which the builder holds. */
        private TabularRecipe recipe;
        private final TrainingRun run = new TrainingRun();

        private Builder() {
            this(TabularRecipe.defaults());
        }

        private Builder(TabularRecipe defaults) {
            super(defaults.training(), defaults.hidden(), defaults.activation());
            this.recipe = defaults;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The training table (required); at least one row, no column entirely empty. */
        public Builder data(Table table) {
            if (table == null) {
                throw new IllegalArgumentException("data must not be null");
            }
            if (table.rowCount() < 1) {
                throw new IllegalArgumentException("data has no rows");
            }
            for (Column c : table.columns()) {
                if (c.missingCount() == c.size()) {
                    throw new IllegalArgumentException("column '" + c.name() + "' is entirely empty");
                }
            }
            this.data = table;
            return this;
        }

        /**
         * Conditions the flow on this binary or categorical column (checked against the data at
         * {@link #train()}): the model then samples p(row | label) with classifier-free guidance.
         * Null or empty: unconditional (the default).
         */
        public Builder condition(String column) {
            recipe = recipe.with(recipe.hidden(), recipe.activation(), column, recipe.labelDropout());
            return this;
        }

        /** The probability in [0, 1) of training a row with the null label (default 0.1). */
        public Builder labelDropout(double p) {
            recipe = recipe.with(recipe.hidden(), recipe.activation(), recipe.condition(), Recipe.checkLabelDropout(p));
            return this;
        }

        /** The sampler: a fixed-step solver and its number of steps (default Euler, 12). */
        public Builder sampler(OdeSolver solver, int steps) {
            recipe = recipe.withSampler(required(solver, "solver"), steps);
            return this;
        }

        /** How training draws the path's times (default logit-normal(1.5, 1)); see {@code TimeSamplers}. */
        public Builder timeSampler(io.flowmatch.core.time.TimeSampler sampler) {
            recipe = recipe.withTimeSampler(required(sampler, "time sampler"));
            return this;
        }

        /**
         * How categorical and binary columns are generated: on the continuous path as one-hot
         * blocks, or as masked tokens of a discrete flow beside the continuous numbers (see
         * {@link CategoricalCoding}; default {@link TabularRecipe#defaults()}'s).
         */
        public Builder categorical(CategoricalCoding coding) {
            recipe = recipe.withCategorical(required(coding, "categorical coding"));
            return this;
        }

        /** Draws averaged by {@link TabularModel#impute(Table, long)} (default 5). */
        public Builder imputeDraws(int draws) {
            recipe = recipe.withImputeDraws(draws);
            return this;
        }

        /** Every setting at once, loop included (later setters change it further). */
        public Builder recipe(TabularRecipe value) {
            startFrom(value);
            this.recipe = value;
            this.hidden = value.hidden();
            this.activation = value.activation();
            return this;
        }

        /** The options of the run that are not part of its recipe (listeners, checkpoints, resumption). */
        @Override
        public TrainingRun trainingRun() {
            return run;
        }

        /** The recipe as set so far. */
        public TabularRecipe recipe() {
            return recipe.with(hidden, activation, recipe.condition(), recipe.labelDropout())
                    .withTraining(trainingConfig());
        }

        /**
         * Trains and returns the model.
         *
         * @throws IllegalStateException    if no data was given
         * @throws IllegalArgumentException if the condition column is missing or holds numbers
         */
        public TabularModel train() {
            if (data == null) {
                throw new IllegalStateException("no data: call data(table) before train()");
            }
            return TabularFlowMatcher.train(recipe(), data, run);
        }
    }

    static TabularModel train(TabularRecipe recipe, Table data, TrainingRun run) {
        int[] labels = null;
        int k = 0;
        TableEncoder encoder = TableEncoder.fit(data);
        if (recipe.condition() != null) {
            int j = data.indexOf(recipe.condition());
            if (j < 0) {
                throw new IllegalArgumentException("condition column '" + recipe.condition() + "' is not in the data"
                        + " (columns: " + String.join(", ", data.names()) + ")");
            }
            Column c = data.column(j);
            if (!c.isCategorical()) {
                throw new IllegalArgumentException("condition column '" + c.name() + "' is " + c.type().description()
                        + "; a condition must be binary or categorical");
            }
            labels = c.codes();
            k = c.categories().size();
        }
        TableEncoder.Encoded encoded = encoder.encode(data);
        TrainingConfig config = recipe.training();
        MlpArchitecture arch = recipe.architecture(encoder.dimension() + k);
        MlpVelocityModel network = MlpVelocityModel.initialise(arch, DataType.FLOAT, config.seed());
        TabularObjective objective = new TabularObjective(recipe, encoder, encoded, labels, k, network);
        TrainingSession session = new TrainingSession(config, objective, 0L);
        LOG.info("training a tabular flow on {} rows, {} columns -> {} coordinates{}: {} ({} parameters), {}",
                data.rowCount(), data.columnCount(), encoder.dimension(),
                k > 0 ? ", condition " + recipe.condition() + " (" + k + " labels)" : "", arch,
                network.parameterCount(), config);
        TrainingResult result = run.run(session);
        WeightAverage average = session.average();
        MlpVelocityModel sampling = average == null ? network : network.withParameters(average.average());
        Map<String, String> measured = new LinkedHashMap<>();
        measured.put("rows", Integer.toString(data.rowCount()));
        measured.put("steps_done", Long.toString(result.steps()));
        measured.put("final_loss", Double.toString(result.meanFinalLoss()));
        measured.put("training_seconds", String.format(java.util.Locale.ROOT, "%.3f", result.seconds()));
        if (run.resumedFrom() != null) {
            measured.put("resumed_from", run.resumedFrom().toString());
        }
        return new TabularModel(recipe, encoder, sampling, measured);
    }
}
