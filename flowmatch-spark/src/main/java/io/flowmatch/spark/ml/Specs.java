package io.flowmatch.spark.ml;

import static io.flowmatch.spark.ml.RecipeParam.Kind.BOOLEAN;
import static io.flowmatch.spark.ml.RecipeParam.Kind.DOUBLE;
import static io.flowmatch.spark.ml.RecipeParam.Kind.INT;
import static io.flowmatch.spark.ml.RecipeParam.Kind.LONG;
import static io.flowmatch.spark.ml.RecipeParam.Kind.NAME;
import static io.flowmatch.spark.ml.RecipeParam.Kind.TEXT;
import static io.flowmatch.spark.ml.RecipeParam.Kind.WIDTHS;

import io.flowmatch.core.FlowModel;
import io.flowmatch.core.Recipe;
import io.flowmatch.core.likelihood.DivergenceEstimator;
import io.flowmatch.solvers.Solvers;
import io.flowmatch.tabular.TabularRecipe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The Params of the Spark ML stages as lists of {@link RecipeParam}s: the loop's settings (shared
 * by both kinds of flow), the continuous flow's recipe, the tabular flow's recipe, and the
 * stages' own settings. Defaults come from the recipes' own defaults.
 */
final class Specs {

    /** The shared training loop's settings, in {@link io.flowmatch.core.train.TrainingConfig}'s order. */
    private static final List<RecipeParam> LOOP = List.of(
            RecipeParam.of("iterations", "iterations", LONG,
                    "optimizer steps to take (on Spark: steps each worker takes), >= 0"),
            RecipeParam.of("batchSize", "batch_size", INT,
                    "examples in a minibatch (on Spark: in each worker's minibatch), >= 1"),
            RecipeParam.of("seed", "seed", LONG,
                    "random seed of the initial weights and of every draw of the run; also the model's sampling seed"),
            RecipeParam.of("learningRate", "learning_rate", DOUBLE, "base learning rate, > 0"),
            RecipeParam.of("optimizer", "optimizer", TEXT,
                    "optimizer: adam, adamw:WD or adam(beta1=.., beta2=.., eps=.., weight_decay=..)"),
            RecipeParam.of("schedule", "schedule", TEXT,
                    "learning-rate schedule: constant, cosine[:MIN] or warmup(STEPS, SCHEDULE)"),
            RecipeParam.of("clipNorm", "clip_norm", DOUBLE, "clip gradients to this global L2 norm (0: off)"),
            RecipeParam.of("ema", "ema_decay", DOUBLE,
                    "decay in (0, 1) of an exponential moving average of the weights, which the model then "
                            + "samples from (0: off)"),
            RecipeParam.of("onDivergence", "divergence", TEXT,
                    "what a step with a NaN or infinite loss does: stop, or skip(lr_factor=F, max=N)"),
            RecipeParam.of("logEvery", "log_every", LONG, "steps between loss log lines, >= 1"));

    /** The continuous flow's recipe ({@link Recipe#FLOW_KEYS} but the model kind) and the loop. */
    static final List<RecipeParam> FLOW = concat(List.of(
            RecipeParam.of("hidden", "hidden", WIDTHS, "hidden layer widths of the velocity MLP"),
            RecipeParam.of("activation", "activation", TEXT, "activation of the velocity MLP: elu, gelu, silu, relu, tanh"),
            RecipeParam.of("path", "path", TEXT,
                    "probability path: condot, gaussian:SIGMA, cosine, poly:N, vp[:MIN,MAX] or sb:SIGMA"),
            RecipeParam.of("timeSampler", "time_sampler", TEXT,
                    "how training times are drawn: uniform, logit-normal[:MEAN,STD] or warp:S"),
            RecipeParam.of("coupling", "coupling", TEXT,
                    "how noise and data are paired in a minibatch: independent, ot (exact optimal transport) "
                            + "or sinkhorn:REG"),
            RecipeParam.of("prediction", "prediction", TEXT,
                    "what the network regresses onto: velocity, data (x1) or noise (x0); the last two need an "
                            + "affine path"),
            RecipeParam.of("source", "source", TEXT,
                    "source distribution: gaussian (the standard one) or gaussian(mean=[..], cov=[[..], ..])"),
            RecipeParam.of("normalize", "normalize", BOOLEAN,
                    "standardize each coordinate before training (fitted on the data, kept with the model and "
                            + "undone when sampling and scoring); needs the standard Gaussian source"),
            RecipeParam.of("labelDropout", "label_dropout", DOUBLE,
                    "with a label column: probability in [0, 1) of training a row with the null label (for "
                            + "classifier-free guidance)")),
            LOOP);

    /** The tabular flow's recipe ({@link TabularRecipe#FLOW_KEYS}) and the loop. */
    static final List<RecipeParam> TABULAR = concat(List.of(
            RecipeParam.of("hidden", "hidden", WIDTHS, "hidden layer widths of the velocity MLP"),
            RecipeParam.of("activation", "activation", TEXT, "activation of the velocity MLP: elu, gelu, silu, relu, tanh"),
            RecipeParam.of("conditionCol", "condition", NAME,
                    "a binary or categorical column to condition on, for sampling with classifier-free guidance "
                            + "(empty: unconditional)"),
            RecipeParam.of("labelDropout", "label_dropout", DOUBLE,
                    "probability in [0, 1) of training a row with the null label (for guidance)"),
            RecipeParam.of("timeSampler", "time_sampler", TEXT,
                    "how training times are drawn: uniform, logit-normal[:MEAN,STD] or warp:S"),
            RecipeParam.of("solver", "solver", TEXT, "fixed-step ODE solver of sampling: euler, midpoint, heun, rk4"),
            RecipeParam.of("steps", "steps", INT, "solver steps of sampling, >= 1"),
            RecipeParam.of("imputeDraws", "impute_draws", INT,
                    "draws averaged to fill a missing number when transforming (imputing), >= 1")),
            LOOP);

    /** The continuous flow's Spark settings. */
    static final List<RecipeParam> FLOW_SPARK = List.of(
            RecipeParam.own("syncEvery", INT, "local optimizer steps between averaging rounds, >= 1",
                    (key, text) -> atLeast(key, text, 1)),
            RecipeParam.own("partitions", INT,
                    "repartition the data into this many workers before training (0: keep the data's partitions)",
                    (key, text) -> atLeast(key, text, 0)),
            RecipeParam.own("likelihoodSolver", TEXT,
                    "ODE solver of the log-likelihood transform: euler, midpoint, heun, rk4 or dopri5[:ATOL,RTOL]",
                    (key, text) -> Solvers.parse(text)),
            RecipeParam.own("likelihoodSteps", INT,
                    "solver steps over [0, 1] of the log-likelihood transform (for dopri5: grid points it must "
                            + "land on), >= 1",
                    (key, text) -> atLeast(key, text, 1)),
            RecipeParam.own("divergenceEstimator", TEXT,
                    "how the log-likelihood transform computes div v: exact (d Jacobian-vector products, for "
                            + "small d), hutchinson, rademacher:K or gaussian:K (K random probes, seeded by seed)",
                    (key, text) -> DivergenceEstimator.parse(text)));

    /** The tabular flow's Spark settings. */
    static final List<RecipeParam> TABULAR_SPARK = List.of(
            RecipeParam.own("maxRows", INT,
                    "the tabular flow trains on the driver: at most this many rows are collected there (a "
                            + "seeded random sample of them when the data has more), >= 1",
                    (key, text) -> atLeast(key, text, 1)));

    /** The defaults of the Params outside the recipes, by name. */
    static final Map<String, String> SPARK_DEFAULTS = Map.of("syncEvery", "50", "partitions", "0",
            "likelihoodSolver", FlowModel.DEFAULT_SOLVER, "likelihoodSteps", Integer.toString(FlowModel.DEFAULT_STEPS),
            "divergenceEstimator", "exact", "maxRows", "1000000");

    private Specs() {
    }

    /** Checks a continuous recipe key's text with {@link Recipe#fromMap}. */
    static void checkFlow(String key, String text) {
        Recipe.fromMap(Map.of(key, text));
    }

    /** Checks a tabular recipe key's text with {@link TabularRecipe#fromMap}. */
    static void checkTabular(String key, String text) {
        TabularRecipe.fromMap(Map.of(key, text));
    }

    private static void atLeast(String key, String text, int min) {
        if (Integer.parseInt(text) < min) {
            throw new IllegalArgumentException(key + " must be at least " + min + ", got " + text);
        }
    }

    /** The Param {@code name} of {@code specs} for {@code owner}. */
    static Param<?> param(Params owner, List<RecipeParam> specs, RecipeParam.Check check, String name) {
        for (RecipeParam s : specs) {
            if (s.name().equals(name)) {
                return s.param(owner, check);
            }
        }
        throw new AssertionError("no param " + name);
    }

    /** The continuous flow's Param {@code name}. */
    static Param<?> flow(Params owner, String name) {
        return param(owner, concat(FLOW, FLOW_SPARK), Specs::checkFlow, name);
    }

    /** The tabular flow's Param {@code name}. */
    static Param<?> tabular(Params owner, String name) {
        return param(owner, concat(TABULAR, TABULAR_SPARK), Specs::checkTabular, name);
    }

    /** Sets the defaults of the continuous flow's Params. */
    static void flowDefaults(FlowMatchingParams owner) {
        Map<String, String> defaults = new LinkedHashMap<>(Recipe.builder().build().toMap());
        // an unconditional recipe leaves its label keys out of its text form
        defaults.putIfAbsent("label_dropout", Double.toString(Recipe.DEFAULT_LABEL_DROPOUT));
        defaults.putAll(SPARK_DEFAULTS);
        RecipeParam.setDefaults(owner, concat(FLOW, FLOW_SPARK), defaults);
        owner.setDefault(owner.featuresCol(), "features");
        owner.setDefault(owner.labelCol(), "");
        owner.setDefault(owner.outputCol(), "logLikelihood");
    }

    /** Sets every Param of {@code specs} to the value of its key in {@code recipeText} (a recipe's text form). */
    static void setAll(Params owner, List<RecipeParam> specs, Map<String, String> recipeText) {
        for (RecipeParam spec : specs) {
            String text = spec.key() == null ? null : recipeText.get(spec.key());
            if (text != null) {
                Param<Object> p = owner.getParam(spec.name());
                owner.set(p, spec.value(text));
            }
        }
    }

    /** Sets the defaults of the tabular flow's Params. */
    static void tabularDefaults(TabularFlowMatchingParams owner) {
        Map<String, String> defaults = new LinkedHashMap<>(TabularRecipe.defaults().toMap());
        defaults.putAll(SPARK_DEFAULTS);
        RecipeParam.setDefaults(owner, concat(TABULAR, TABULAR_SPARK), defaults);
        owner.setDefault(owner.categoricalCols(), new String[0]);
    }

    /** The continuous recipe of {@code owner}'s Params. */
    static Recipe flowRecipe(Params owner) {
        try {
            return Recipe.fromMap(RecipeParam.recipeText(owner, FLOW));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the Params do not make a recipe: " + e.getMessage(), e);
        }
    }

    /** The tabular recipe of {@code owner}'s Params. */
    static TabularRecipe tabularRecipe(Params owner) {
        try {
            return TabularRecipe.fromMap(RecipeParam.recipeText(owner, TABULAR));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the Params do not make a tabular recipe: " + e.getMessage(), e);
        }
    }

    static List<RecipeParam> concat(List<RecipeParam> a, List<RecipeParam> b) {
        List<RecipeParam> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
