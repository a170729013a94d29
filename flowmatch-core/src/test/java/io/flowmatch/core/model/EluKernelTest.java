package io.flowmatch.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EluKernelTest {

    @Test
    void eluMatchesExpm1WithinTwoMillionths() {
        int n = 400_001;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = -35f + i * 0.0001f; // [-35, 5]
        }
        float[] y = x.clone();
        EluKernel.applyInPlace(y, n);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double exact = x[i] > 0 ? x[i] : Math.expm1(x[i]);
            worst = Math.max(worst, Math.abs(y[i] - exact));
        }
        assertThat(worst).isLessThan(2e-6);
        float[] special = {0f, -0f, 1e-30f, -1e-30f, -1000f, 1000f};
        EluKernel.applyInPlace(special, special.length);
        assertThat(special[0]).isEqualTo(0f);
        assertThat(special[2]).isEqualTo(1e-30f);
        assertThat(special[3]).isCloseTo(-1e-30f, org.assertj.core.data.Offset.offset(1e-29f));
        assertThat(special[4]).isCloseTo(-1f, org.assertj.core.data.Offset.offset(1e-7f));
        assertThat(special[5]).isEqualTo(1000f);
    }

    @Test
    void derivativeIsOneForPositiveInputsAndOutputPlusOneOtherwise() {
        float[] z = {2f, 0.5f, -0.1f, -3f, -40f};
        float[] a = z.clone();
        EluKernel.applyInPlace(a, a.length);
        float[] g = {1f, 2f, 3f, 4f, 5f};
        EluKernel.multiplyByDerivative(g, a, g.length);
        for (int i = 0; i < z.length; i++) {
            double slope = z[i] > 0 ? 1 : Math.exp(z[i]);
            assertThat((double) g[i]).isCloseTo((i + 1) * slope, org.assertj.core.data.Offset.offset(1e-5));
        }
    }
}
