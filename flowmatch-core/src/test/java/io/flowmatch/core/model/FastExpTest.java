package io.flowmatch.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FastExpTest {

    @Test
    void matchesMathExpToTwoUlpsOnTheNonPositiveRange() {
        double worst = 0;
        for (float x = -87f; x <= 0f; x += 0.000731f) {
            double exact = Math.exp(x);
            worst = Math.max(worst, Math.abs(FastExp.expNonPositive(x) - exact) / exact);
        }
        assertThat(worst).isLessThan(3e-7);
        assertThat(FastExp.expNonPositive(0f)).isEqualTo(1f);
        assertThat(FastExp.expNonPositive(-1000f)).isBetween(0f, 1e-37f);
        assertThat(FastExp.expNonPositive(Float.NEGATIVE_INFINITY)).isBetween(0f, 1e-37f);
    }

    @Test
    void eluBuiltOnItMatchesExpm1ToFloatAccuracy() {
        for (float x = -20f; x <= 0f; x += 0.0007f) {
            assertThat((double) (FastExp.expNonPositive(x) - 1f)).isCloseTo(Math.expm1(x),
                    org.assertj.core.data.Offset.offset(2e-7));
        }
    }
}
