package io.flowmatch.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.datasets.IdxImages;
import org.junit.jupiter.api.Test;

class LabelledImagesTest {

    @Test
    void wrapsIdxImagesWithAPrivateCopy() {
        float[] pixels = {-1f, 0f, 1f, 0.5f, -0.5f, 0.25f};
        IdxImages idx = new IdxImages(pixels, new int[] {1, 0, 2}, 1, 2, 3);
        LabelledImages images = LabelledImages.of(idx);
        pixels[0] = 0.75f;
        assertThat(images.count()).isEqualTo(3);
        assertThat(images.height()).isEqualTo(1);
        assertThat(images.width()).isEqualTo(2);
        assertThat(images.classes()).isEqualTo(3);
        assertThat(images.labels()).containsExactly(1, 0, 2);
        assertThat(images.image(0)).containsExactly(-1f, 0f);
        assertThat(images.image(2)).containsExactly(-0.5f, 0.25f);
    }

    @Test
    void checksWhatTheArraysDoNot() {
        IdxImages labelOutOfRange = new IdxImages(new float[2], new int[] {3}, 1, 2, 3);
        assertThatThrownBy(() -> LabelledImages.of(labelOutOfRange)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label 3");
        assertThatThrownBy(() -> new IdxImages(new float[3], new int[] {0}, 1, 2, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 3");
    }
}
