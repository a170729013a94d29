package io.flowmatch.core.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PathsTest {

    private static final int N = 50;
    private static final int D = 3;

    @Test
    void condOtInterpolatesLinearlyWithConstantVelocity() {
        float[][] batch = batch(1L);
        float[] x0 = batch[0];
        float[] x1 = batch[1];
        float[] t = batch[2];
        float[] xt = new float[N * D];
        float[] ut = new float[N * D];
        Paths.condOt().sample(x0, x1, t, N, D, xt, ut);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < D; j++) {
                int k = i * D + j;
                assertThat(xt[k]).isCloseTo((1 - t[i]) * x0[k] + t[i] * x1[k], within(1e-6f));
                assertThat(ut[k]).isCloseTo(x1[k] - x0[k], within(1e-6f));
            }
        }
    }

    @Test
    void gaussianPathMatchesItsDefinitionAndEndpoints() {
        double sigmaMin = 0.1;
        AffinePath path = Paths.gaussian(sigmaMin);
        assertThat(path.sigma(0)).isEqualTo(1.0);
        assertThat(path.alpha(0)).isEqualTo(0.0);
        assertThat(path.sigma(1)).isCloseTo(sigmaMin, within(1e-15));
        assertThat(path.alpha(1)).isEqualTo(1.0);
        float[][] batch = batch(2L);
        float[] xt = new float[N * D];
        float[] ut = new float[N * D];
        path.sample(batch[0], batch[1], batch[2], N, D, xt, ut);
        for (int i = 0; i < N; i++) {
            float t = batch[2][i];
            for (int j = 0; j < D; j++) {
                int k = i * D + j;
                assertThat(xt[k]).isCloseTo((float) ((1 - (1 - sigmaMin) * t) * batch[0][k] + t * batch[1][k]), within(1e-5f));
                assertThat(ut[k]).isCloseTo((float) (batch[1][k] - (1 - sigmaMin) * batch[0][k]), within(1e-5f));
            }
        }
    }

    @Test
    void targetVelocityIsTheTimeDerivativeOfThePath() {
        for (AffinePath path : new AffinePath[] {Paths.condOt(), Paths.gaussian(0.05)}) {
            for (double t = 0.05; t < 1; t += 0.1) {
                double h = 1e-6;
                assertThat(path.alphaDerivative(t)).isCloseTo((path.alpha(t + h) - path.alpha(t - h)) / (2 * h), within(1e-6));
                assertThat(path.sigmaDerivative(t)).isCloseTo((path.sigma(t + h) - path.sigma(t - h)) / (2 * h), within(1e-6));
            }
        }
    }

    @Test
    void specialisedCondOtAgreesWithTheGenericAffineFormula() {
        AffinePath condOt = Paths.condOt();
        AffinePath generic = new AffinePath() {
            @Override public double alpha(double t) { return condOt.alpha(t); }
            @Override public double sigma(double t) { return condOt.sigma(t); }
            @Override public double alphaDerivative(double t) { return 1; }
            @Override public double sigmaDerivative(double t) { return -1; }
            @Override public String description() { return "generic"; }
        };
        float[][] b = batch(3L);
        float[] xa = new float[N * D];
        float[] ua = new float[N * D];
        float[] xb = new float[N * D];
        float[] ub = new float[N * D];
        condOt.sample(b[0], b[1], b[2], N, D, xa, ua);
        generic.sample(b[0], b[1], b[2], N, D, xb, ub);
        for (int k = 0; k < N * D; k++) {
            assertThat(xa[k]).isCloseTo(xb[k], within(1e-6f));
            assertThat(ua[k]).isEqualTo(ub[k]);
        }
    }

    @Test
    void descriptionsParseBackAndBadOnesAreRejected() {
        assertThat(Paths.parse(Paths.condOt().description())).isSameAs(Paths.condOt());
        assertThat(Paths.parse(Paths.gaussian(0.01).description()).description()).isEqualTo("gaussian(sigma_min=0.01)");
        assertThatThrownBy(() -> Paths.parse("brownian")).hasMessageContaining("unknown probability path 'brownian'");
        assertThatThrownBy(() -> Paths.parse("poly:x")).hasMessageContaining("bad number");
        assertThatThrownBy(() -> Paths.parse("cosine:2")).hasMessageContaining("wrong number of parameters");
        assertThatThrownBy(() -> Paths.gaussian(1.0)).hasMessageContaining("sigma_min must be in [0, 1)");
        assertThatThrownBy(() -> Paths.gaussian(Double.NaN)).hasMessageContaining("sigma_min");
    }

    private static float[][] batch(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x0 = new float[N * D];
        float[] x1 = new float[N * D];
        float[] t = new float[N];
        for (int k = 0; k < N * D; k++) {
            x0[k] = (float) rng.nextGaussian();
            x1[k] = (float) (3 + rng.nextGaussian());
        }
        for (int i = 0; i < N; i++) {
            t[i] = rng.nextFloat();
        }
        return new float[][] {x0, x1, t};
    }
}
