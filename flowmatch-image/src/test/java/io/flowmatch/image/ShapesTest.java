package io.flowmatch.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShapesTest {

    @Test
    void balancedReproducibleAndInRange() {
        LabelledImages a = Shapes.generate(200, 3L);
        LabelledImages b = Shapes.generate(200, 3L);
        assertThat(a.count()).isEqualTo(200);
        assertThat(a.pixelsPerImage()).isEqualTo(784);
        assertThat(a.classes()).isEqualTo(10);
        int[] perClass = new int[10];
        for (int i = 0; i < a.count(); i++) {
            perClass[a.label(i)]++;
            assertThat(a.image(i)).isEqualTo(b.image(i));
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float v : a.image(i)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertThat(min).isEqualTo(-1f);                 // background
            assertThat(max).isBetween(0.1f, 1f);            // a bright shape
        }
        assertThat(perClass).containsOnly(20);
    }

    @Test
    void classesAreSeparableByNearestCentroid() {
        LabelledImages train = Shapes.generate(2000, 1L);
        LabelledImages test = Shapes.generate(500, 2L);
        NearestCentroid classifier = NearestCentroid.fit(train);
        assertThat(classifier.accuracy(test.asMatrix(), test.labels())).isGreaterThan(0.95);
    }
}
