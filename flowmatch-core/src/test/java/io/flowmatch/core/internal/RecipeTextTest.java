package io.flowmatch.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text-form plumbing every recipe shares. */
class RecipeTextTest {

    @Test
    void widthsRoundTripAndBadOnesAreNamed() {
        assertThat(RecipeText.parseWidths(RecipeText.joinWidths(List.of(64, 32, 1)))).containsExactly(64, 32, 1);
        assertThat(RecipeText.parseWidths(" 8 , 9")).containsExactly(8, 9);
        assertThatThrownBy(() -> RecipeText.parseWidths("64,x")).hasMessage("hidden width 'x' is not a whole number");
        assertThatThrownBy(() -> RecipeText.parseWidths("0")).hasMessage("hidden width out of range: 0");
        assertThatThrownBy(() -> RecipeText.parseWidths("65537")).hasMessage("hidden width out of range: 65537");
    }

    @Test
    void unknownKeysAreListedWithEveryGroupOfKnownOnes() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("a", "1");
        map.put("zz", "2");
        map.put("yy", "3");
        assertThatThrownBy(() -> RecipeText.requireKnownKeys(map, "test recipe", List.of("a"), List.of("b"), List.of("c")))
                .hasMessage("unknown test recipe keys [zz, yy]; known keys are [a], [b] and [c]");
        map.remove("zz");
        assertThatThrownBy(() -> RecipeText.requireKnownKeys(map, "recipe", List.of("a"), List.of("b")))
                .hasMessage("unknown recipe key [yy]; known keys are [a] and [b]");
        assertThatThrownBy(() -> RecipeText.requireKnownKeys(null, "recipe", List.of("a")))
                .hasMessage("recipe map must not be null");
        RecipeText.requireKnownKeys(Map.of("a", "1"), "recipe", List.of("a"));
    }

    @Test
    void aValueThatCannotBeReadIsNamedWithItsKey() {
        assertThatThrownBy(() -> RecipeText.read(Map.of("steps", "ten"), List.of("steps"), "test recipe",
                (k, v) -> Integer.parseInt(v))).hasMessageStartingWith("bad test recipe steps 'ten': ");
        assertThat(RecipeText.read("recipe", "k", "true", RecipeText::parseBoolean)).isTrue();
        assertThatThrownBy(() -> RecipeText.parseBoolean("yes")).hasMessage("expected true or false");
    }

    @Test
    void theModelEntryIsTheMlpOrACustomNetworkWhereAllowed() {
        assertThat(RecipeText.customModel("mlp", "mlp", true)).isNull();
        assertThat(RecipeText.customModel(" custom(my net(3)) ", "mlp", true)).isEqualTo("my net(3)");
        assertThatThrownBy(() -> RecipeText.customModel("custom(x)", "mlp", false))
                .hasMessage("unknown model (expected mlp)");
        assertThatThrownBy(() -> RecipeText.customModel("mlp(3)", "token-mlp", true))
                .hasMessage("unknown model (expected token-mlp or custom(...))");
        assertThat(RecipeText.singleLine("a\nb\rc")).isEqualTo("a b c");
    }
}
