package io.flowmatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.coupling.Couplings;
import io.flowmatch.core.model.Activation;
import io.flowmatch.core.path.Paths;
import io.flowmatch.core.path.Prediction;
import io.flowmatch.core.time.TimeSamplers;
import io.flowmatch.core.train.DivergencePolicy;
import io.flowmatch.core.train.LearningRateSchedule;
import io.flowmatch.core.train.Optimizers;
import io.flowmatch.datasets.Datasets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Recipe}: the one value a run is defined by, and its text form. */
class RecipeTest {

    static Stream<Recipe> recipes() {
        return Stream.of(
                Recipe.builder().build(),
                Recipe.builder().path(Paths.cosine()).coupling(Couplings.exactOt())
                        .timeSampler(TimeSamplers.logitNormal(0, 1)).ema(0.999).build(),
                Recipe.builder().path(Paths.gaussian(0.01)).timeSampler(TimeSamplers.warp(0.6))
                        .coupling(Couplings.sinkhorn(0.05)).hidden(32, 16).activation(Activation.SILU).build(),
                Recipe.builder().path(Paths.polynomial(2)).prediction(Prediction.NOISE)
                        .optimizer(Optimizers.adamW(0.01)).schedule(LearningRateSchedule.warmup(100,
                                LearningRateSchedule.cosine(0.05))).clipNorm(1.5).learningRate(3e-3).build(),
                Recipe.builder().path(Paths.variancePreserving(0.1, 20)).prediction(Prediction.DATA)
                        .onDivergence(DivergencePolicy.skipAndLowerLearningRate(0.5, 7)).iterations(123)
                        .batchSize(17).seed(-5L).logEvery(3).build(),
                Recipe.builder().path(Paths.schrodingerBridge(0.5)).source(Datasets.gaussian(
                        new double[] {1.5, -2}, new double[][] {{2, 0.5}, {0.5, 1}})).build());
    }

    @ParameterizedTest
    @MethodSource("recipes")
    void everyRecipeRoundTripsThroughItsTextForm(Recipe recipe) {
        Map<String, String> text = recipe.toMap();
        Recipe again = Recipe.fromMap(text);
        assertThat(again.toMap()).isEqualTo(text);
        assertThat(again).isEqualTo(recipe);
        assertThat(again.training()).isEqualTo(recipe.training());
        assertThat(text.values()).allSatisfy(v -> assertThat(v).doesNotContain("\n"));
    }

    @Test
    void theTextFormNamesEveryChoice() {
        Map<String, String> text = Recipe.builder().path(Paths.cosine()).coupling(Couplings.exactOt())
                .timeSampler(TimeSamplers.logitNormal(0, 1)).ema(0.999).build().toMap();
        assertThat(text).containsEntry("path", "cosine").containsEntry("coupling", "exact_ot")
                .containsEntry("time_sampler", "logit_normal(mean=0.0, std=1.0)").containsEntry("ema_decay", "0.999")
                .containsEntry("model", "mlp").containsEntry("hidden", "64,64,64").containsEntry("activation", "elu")
                .containsEntry("prediction", "velocity").containsEntry("source", "gaussian")
                .containsEntry("optimizer", "adam(beta1=0.9, beta2=0.999, eps=1.0E-8, weight_decay=0.0)")
                .containsEntry("schedule", "cosine(min=0.0)").containsEntry("learning_rate", "0.02")
                .containsEntry("iterations", "5000");
        assertThat(text.keySet()).containsExactlyElementsOf(
                Stream.concat(Recipe.FLOW_KEYS.stream(), io.flowmatch.core.train.TrainingConfig.KEYS.stream()).toList());
    }

    @Test
    void aGaussianSourceIsRebuiltFromItsText() {
        Recipe recipe = Recipe.fromMap(Recipe.builder().source(Datasets.gaussian(
                new double[] {1.5, -2}, new double[][] {{2, 0.5}, {0.5, 1}})).build().toMap());
        assertThat(recipe.hasStandardSource()).isFalse();
        assertThat(recipe.source(2).description()).isEqualTo(Datasets.gaussian(
                new double[] {1.5, -2}, new double[][] {{2, 0.5}, {0.5, 1}}).description());
        assertThatThrownBy(() -> recipe.source(3)).hasMessageContaining("dimension 2");
        assertThat(Recipe.builder().source(Datasets.gaussian(3)).build().hasStandardSource()).isTrue();
    }

    @Test
    void aCustomSourceIsNamedButMustBeGivenAgain() {
        Recipe recipe = Recipe.fromMap(Recipe.builder().source(Datasets.moons(0.05)).build().toMap());
        assertThat(recipe.toMap().get("source")).isEqualTo(Datasets.moons(0.05).description());
        assertThatThrownBy(() -> recipe.source(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("give it again with source(...)");
    }

    @Test
    void absentKeysTakeTheDefaultsAndUnknownKeysAreAnError() {
        assertThat(Recipe.fromMap(Map.of())).isEqualTo(Recipe.builder().build());
        assertThat(Recipe.fromMap(Map.of("path", "cosine")).path().description()).isEqualTo("cosine");
        assertThatThrownBy(() -> Recipe.fromMap(Map.of("pathh", "cosine", "coupling", "ot")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown recipe key [pathh]");
    }

    @Test
    void badValuesNameTheKeyAndTheValue() {
        assertThatThrownBy(() -> Recipe.fromMap(Map.of("path", "spiral")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path 'spiral'");
        assertThatThrownBy(() -> Recipe.fromMap(Map.of("batch_size", "-3")))
                .hasMessageContaining("batch_size '-3'").hasMessageContaining("positive");
        assertThatThrownBy(() -> Recipe.fromMap(Map.of("optimizer", "sgd")))
                .hasMessageContaining("unknown optimizer 'sgd'");
        assertThatThrownBy(() -> Recipe.fromMap(Map.of("hidden", "64,x")))
                .hasMessageContaining("hidden '64,x'");
        assertThatThrownBy(() -> Recipe.fromMap(Map.of("prediction", "data", "path", "sb:0.5")))
                .hasMessageContaining("needs an affine path");
    }

    @Test
    void aCustomModelIsNamedInTheRecipe() {
        io.flowmatch.core.model.MlpVelocityModel own = io.flowmatch.core.model.MlpVelocityModel.initialise(
                io.flowmatch.core.model.MlpArchitecture.defaults(2), org.nd4j.linalg.api.buffer.DataType.FLOAT, 1L);
        Recipe recipe = FlowMatcher.builder().model(own).toRecipe();
        assertThat(recipe.hasCustomModel()).isTrue();
        assertThat(recipe.toMap().get("model")).startsWith("custom(").doesNotContainPattern("\n");
        assertThat(recipe.toMap()).doesNotContainKey("hidden");
        assertThat(Recipe.fromMap(recipe.toMap())).isEqualTo(recipe);
    }

    @Test
    void theTrainedModelsProvenanceIsTheRecipePlusWhatTheRunMeasured() {
        FlowMatcher.Builder builder = FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(20).batchSize(32)
                .path(Paths.cosine()).coupling(Couplings.exactOt()).timeSampler(TimeSamplers.logitNormal(0, 1))
                .ema(0.9).seed(4L);
        Recipe recipe = builder.toRecipe();
        FlowModel model = builder.train();
        Map<String, String> provenance = new LinkedHashMap<>(model.provenance());
        assertThat(provenance).containsAllEntriesOf(recipe.toMap()).containsEntry("steps_done", "20")
                .containsKeys("data", "final_loss", "train_seconds", "library_version");
        provenance.keySet().retainAll(recipe.toMap().keySet());
        assertThat(Recipe.fromMap(provenance)).isEqualTo(recipe);
    }

    @Test
    void recipeStartsABuilderThatChangesOneSettingAtATime() {
        Recipe base = Recipe.builder().path(Paths.cosine()).ema(0.99).build();
        Recipe changed = base.toBuilder().iterations(10).build();
        assertThat(changed.path().description()).isEqualTo("cosine");
        assertThat(changed.training().emaDecay()).isEqualTo(0.99);
        assertThat(changed.training().iterations()).isEqualTo(10);
        assertThat(FlowMatcher.builder().recipe(base).toRecipe()).isEqualTo(base);
        assertThat(List.of(base.toMap().get("iterations"), changed.toMap().get("iterations")))
                .containsExactly("5000", "10");
    }

    @Test
    void theConditioningKeysAreWrittenForAConditionalRecipeOnlyAndRoundTrip() {
        assertThat(Recipe.builder().build().toMap()).doesNotContainKeys("classes", "label_dropout");
        Recipe conditional = Recipe.builder().classes(8).labelDropout(0.25).coupling(Couplings.exactOt()).build();
        Map<String, String> text = conditional.toMap();
        assertThat(text).containsEntry("classes", "8").containsEntry("label_dropout", "0.25");
        List<String> keys = List.copyOf(text.keySet());
        assertThat(keys.indexOf("classes")).isEqualTo(keys.indexOf("normalize") + 1);
        assertThat(Recipe.fromMap(text)).isEqualTo(conditional);
        assertThat(Recipe.fromMap(text).classes()).isEqualTo(8);
        assertThat(Recipe.fromMap(text).labelDropout()).isEqualTo(0.25);
        assertThat(conditional.architecture(2).classes()).isEqualTo(8);
        // a dropout other than the default is kept even before the classes are known
        Recipe dropoutOnly = Recipe.builder().labelDropout(0.3).build();
        assertThat(Recipe.fromMap(dropoutOnly.toMap()).labelDropout()).isEqualTo(0.3);
        assertThat(conditional.toBuilder().build()).isEqualTo(conditional);
        assertThatThrownBy(() -> Recipe.fromMap(Map.of("classes", "-2"))).hasMessageContaining("classes '-2'");
        assertThatThrownBy(() -> Recipe.fromMap(Map.of("label_dropout", "1"))).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> FlowMatcher.builder().labelDropout(-0.1)).hasMessageContaining("label dropout");
    }
}
