package io.flowmatch.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.model.Activation;
import io.flowmatch.solvers.Solvers;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TabularRecipeTest {

    @Test
    void textFormRoundTrips() {
        TabularRecipe r = TabularFlowMatcher.builder().condition("y").hidden(32, 16).activation(Activation.ELU)
                .labelDropout(0.2).sampler(Solvers.midpoint(), 20).imputeDraws(3).iterations(10).seed(5L)
                .learningRate(3e-3).ema(0.99).recipe();
        Map<String, String> text = r.toMap();
        assertThat(text).containsEntry("hidden", "32,16").containsEntry("condition", "y")
                .containsEntry("solver", "midpoint").containsEntry("iterations", "10");
        assertThat(TabularRecipe.fromMap(text)).isEqualTo(r);
        assertThat(TabularRecipe.fromMap(Map.of())).isEqualTo(TabularRecipe.defaults());
    }

    @Test
    void badValuesNameTheKey() {
        Map<String, String> m = new HashMap<>(TabularRecipe.defaults().toMap());
        m.put("label_dropout", "1.5");
        assertThatThrownBy(() -> TabularRecipe.fromMap(m)).hasMessageContaining("label dropout must be in [0, 1)");
        m.put("label_dropout", "0.1");
        m.put("hidden", "abc");
        assertThatThrownBy(() -> TabularRecipe.fromMap(m)).hasMessageContaining("bad hidden 'abc'");
        m.put("hidden", "8");
        m.put("solver", "dopri5");
        assertThatThrownBy(() -> TabularRecipe.fromMap(m)).hasMessageContaining("fixed-step solver");
    }

    @Test
    void buildersRefuseBadSettingsAtOnce() {
        assertThatThrownBy(() -> TabularFlowMatcher.builder().labelDropout(1.0)).hasMessageContaining("1.0");
        assertThatThrownBy(() -> TabularFlowMatcher.builder().hidden(0)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> TabularFlowMatcher.builder().sampler(Solvers.euler(), 0)).hasMessageContaining("0");
        assertThatThrownBy(() -> TabularFlowMatcher.builder().imputeDraws(0)).hasMessageContaining("0");
        assertThatThrownBy(() -> TabularFlowMatcher.builder().iterations(-1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> TabularFlowMatcher.builder().train()).isInstanceOf(IllegalStateException.class);
    }
}
