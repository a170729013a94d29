package io.flowmatch.core.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SchrodingerBridgePathTest {

    @Test
    void pointsSpreadAroundTheLineWithTheBridgeVarianceAndTheTargetMatchesTorchCfm() {
        double sigma = 0.5;
        ProbabilityPath p = Paths.schrodingerBridge(sigma);
        int n = 100_000;
        float[] x0 = new float[n];
        float[] x1 = new float[n];
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            x0[i] = -1f;
            x1[i] = 3f;
            t[i] = 0.25f;
        }
        float[] xt = new float[n];
        float[] ut = new float[n];
        p.sample(new SplittableRandom(1), x0, x1, t, n, 1, xt, ut);
        double mean = 0;
        double sq = 0;
        for (float v : xt) {
            mean += v;
            sq += v * v;
        }
        mean /= n;
        double var = sq / n - mean * mean;
        assertThat(mean).isCloseTo(0.25 * 3 + 0.75 * -1, within(0.01));
        assertThat(var).isCloseTo(sigma * sigma * 0.25 * 0.75, within(0.003));
        // TorchCFM's target: (1 - 2t) / (2 t (1 - t)) (x_t - mu_t) + x1 - x0
        double factor = (1 - 2 * 0.25) / (2 * 0.25 * 0.75);
        for (int i = 0; i < 100; i++) {
            double expected = factor * (xt[i] - 0.0) + 4.0;
            assertThat((double) ut[i]).isCloseTo(expected, within(1e-4));
        }
    }

    @Test
    void needsAGeneratorAndAPositiveSigma() {
        ProbabilityPath p = Paths.schrodingerBridge(0.1);
        float[] a = new float[2];
        assertThatThrownBy(() -> p.sample(a, a, new float[2], 2, 1, a, a)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Paths.schrodingerBridge(0)).hasMessageContaining("positive");
        assertThat(Paths.parse("sb:0.1").description()).isEqualTo("schrodinger_bridge(sigma=0.1)");
        assertThat(Paths.parse(p.description()).description()).isEqualTo(p.description());
    }

    @Test
    void targetStaysFiniteAtTheEnds() {
        ProbabilityPath p = Paths.schrodingerBridge(1.0);
        float[] x = {0f, 0f};
        float[] xt = new float[2];
        float[] ut = new float[2];
        p.sample(new SplittableRandom(2), x, x, new float[] {0f, 1f}, 2, 1, xt, ut);
        assertThat(ut[0]).isFinite();
        assertThat(ut[1]).isFinite();
        assertThat(xt[0]).isEqualTo(0f);
    }
}
