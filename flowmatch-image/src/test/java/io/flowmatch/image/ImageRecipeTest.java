package io.flowmatch.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.train.LearningRateSchedules;
import io.flowmatch.core.train.TrainingConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageRecipeTest {

    private static final UNetArchitecture ARCH = new UNetArchitecture(28, 28, 10, 8, 16, 8, 12, 2);

    @Test
    void textFormRoundTripsEveryPart() {
        TrainingConfig training = ImageRecipe.DEFAULT_TRAINING.toBuilder().iterations(77).batchSize(12).seed(5L)
                .learningRate(1e-3).schedule(LearningRateSchedules.warmup(10, LearningRateSchedules.cosine(0.1)))
                .clipNorm(2.5).ema(0.99).build();
        ImageRecipe recipe = ImageRecipe.of(training, ARCH, 0.25, 3);
        Map<String, String> map = recipe.toMap();
        assertThat(map.keySet()).startsWith("model", "label_dropout", "batch_split");
        ImageRecipe back = ImageRecipe.fromMap(map);
        assertThat(back).isEqualTo(recipe);
        assertThat(back.architecture()).isEqualTo(ARCH);
        assertThat(back.training()).isEqualTo(training);
        assertThat(back.labelDropout()).isEqualTo(0.25);
        assertThat(back.batchSplit()).isEqualTo(3);
    }

    @Test
    void absentKeysTakeTheImageDefaults() {
        ImageRecipe recipe = ImageRecipe.fromMap(Map.of("model", ARCH.toString()));
        assertThat(recipe.training()).isEqualTo(ImageRecipe.DEFAULT_TRAINING);
        assertThat(recipe.labelDropout()).isEqualTo(ImageRecipe.DEFAULT_LABEL_DROPOUT);
        assertThat(recipe.batchSplit()).isEqualTo(ImageRecipe.DEFAULT_BATCH_SPLIT);
    }

    @Test
    void badTextIsAClearError() {
        Map<String, String> unknown = new LinkedHashMap<>(ImageRecipe.fromMap(Map.of("model", ARCH.toString())).toMap());
        unknown.put("hidden", "64");
        assertThatThrownBy(() -> ImageRecipe.fromMap(unknown)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown image recipe key [hidden]");
        assertThatThrownBy(() -> ImageRecipe.fromMap(Map.of("label_dropout", "0.1")))
                .hasMessageContaining("'model'");
        assertThatThrownBy(() -> ImageRecipe.fromMap(Map.of("model", "unet(28x28)")))
                .hasMessageContaining("bad image recipe model");
        assertThatThrownBy(() -> ImageRecipe.fromMap(Map.of("model", ARCH.toString(), "label_dropout", "1.5")))
                .hasMessageContaining("label dropout");
        assertThatThrownBy(() -> ImageRecipe.fromMap(Map.of("model", ARCH.toString(), "batch_split", "x")))
                .hasMessageContaining("batch_split");
        assertThatThrownBy(() -> ImageRecipe.of(ImageRecipe.DEFAULT_TRAINING.toBuilder().batchSize(2).build(), ARCH,
                0.1, 3)).hasMessageContaining("cannot split a batch of 2");
    }

    @Test
    void architectureTextRoundTrips() {
        assertThat(UNetArchitecture.parse(ARCH.toString())).isEqualTo(ARCH);
        UNetArchitecture d = UNetArchitecture.defaults(32, 16, 3);
        assertThat(UNetArchitecture.parse(d.toString())).isEqualTo(d);
        assertThatThrownBy(() -> UNetArchitecture.parse("mlp(3)")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UNetArchitecture.parse(ARCH.toString().replace("classes=10", "classes=0")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UNetArchitecture.parse(ARCH.toString().replace("8/16", "8/99999")))
                .hasMessageContaining("outside");
    }
}
