package io.flowmatch.discrete;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.model.Activation;
import io.flowmatch.core.train.Optimizers;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The discrete recipe's text form: every setting round-trips, unknown keys and bad values are errors. */
class DiscreteRecipeTest {

    @Test
    void theDefaultsAreTheMeasuredOnes() {
        Map<String, String> m = DiscreteRecipe.builder().build().toMap();
        assertThat(m).containsEntry("model", "token-mlp").containsEntry("source", "mask")
                .containsEntry("loss", "cross_entropy").containsEntry("batch_size", "256");
        assertThat(m.keySet()).startsWith("model", "hidden", "activation", "time_frequencies", "window", "source", "scheduler",
                "loss");
    }

    @Test
    void everySettingRoundTrips() {
        DiscreteRecipe recipe = DiscreteRecipe.builder().source(DiscreteSources.uniform()).loss(DiscreteLoss.GENERALIZED_KL)
                .scheduler(ConvexSchedulers.polynomial(2.5)).hidden(32, 16, 8).activation(Activation.ELU).timeFrequencies(7).window(3)
                .iterations(123).batchSize(17).seed(-4L).learningRate(0.03).optimizer(Optimizers.parse("adamw(weight_decay=0.01)"))
                .clipNorm(2).ema(0.95).build();
        DiscreteRecipe back = DiscreteRecipe.fromMap(recipe.toMap());
        assertThat(back).isEqualTo(recipe);
        assertThat(back.toMap()).isEqualTo(recipe.toMap());
        assertThat(back.hidden()).containsExactly(32, 16, 8);
        assertThat(back.scheduler().kappa(0.5)).isEqualTo(Math.pow(0.5, 2.5));
        assertThat(back.toBuilder().build()).isEqualTo(recipe);
        assertThat(DiscreteRecipe.fromMap(Map.of())).isEqualTo(DiscreteRecipe.builder().build());
    }

    @Test
    void unknownKeysAndBadValuesAreErrors() {
        Map<String, String> m = new LinkedHashMap<>(DiscreteRecipe.builder().build().toMap());
        m.put("path", "condot");
        assertThatThrownBy(() -> DiscreteRecipe.fromMap(m)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown discrete recipe key [path]");
        assertThatThrownBy(() -> DiscreteRecipe.fromMap(Map.of("source", "gaussian")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("source 'gaussian'");
        assertThatThrownBy(() -> DiscreteRecipe.fromMap(Map.of("scheduler", "polynomial(n=0.1)")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheduler");
        assertThatThrownBy(() -> DiscreteRecipe.fromMap(Map.of("loss", "mse")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loss 'mse'");
        assertThatThrownBy(() -> DiscreteRecipe.fromMap(Map.of("hidden", "8,x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hidden");
        assertThatThrownBy(() -> DiscreteRecipe.fromMap(Map.of("model", "transformer")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model");
        assertThatThrownBy(() -> DiscreteRecipe.fromMap(Map.of("batch_size", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch_size");
    }

    @Test
    void aCustomNetworkIsNamedNotRebuilt() {
        DiscreteRecipe recipe = DiscreteRecipe.builder().customModel("my-transformer(layers=4)").build();
        assertThat(recipe.toMap()).containsEntry("model", "custom(my-transformer(layers=4))").doesNotContainKey("hidden");
        DiscreteRecipe back = DiscreteRecipe.fromMap(recipe.toMap());
        assertThat(back.hasCustomModel()).isTrue();
        assertThat(back).isEqualTo(recipe);
    }

    @Test
    void namesParseBack() {
        for (DiscreteLoss loss : DiscreteLoss.values()) {
            assertThat(DiscreteLoss.parse(loss.description())).isEqualTo(loss);
        }
        assertThat(DiscreteLoss.parse("KL")).isEqualTo(DiscreteLoss.GENERALIZED_KL);
        assertThat(DiscreteLoss.parse("cross-entropy")).isEqualTo(DiscreteLoss.CROSS_ENTROPY);
        assertThat(DiscreteSources.parse(" Mask ")).isEqualTo(DiscreteSources.mask());
        assertThat(DiscreteSources.parse("uniform").isMask()).isFalse();
        assertThatThrownBy(() -> DiscreteSources.parse("noise")).hasMessageContaining("mask or uniform");
        assertThat(DiscreteSources.mask().states(10)).isEqualTo(11);
        assertThat(DiscreteSources.uniform().states(10)).isEqualTo(10);
    }
}
