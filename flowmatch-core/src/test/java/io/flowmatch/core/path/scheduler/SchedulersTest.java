package io.flowmatch.core.path.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulersTest {

    private static final List<Scheduler> ALL = List.of(Schedulers.condOt(), Schedulers.polynomial(2),
            Schedulers.polynomial(0.5), Schedulers.cosine(), Schedulers.variancePreserving(),
            Schedulers.linearWithMinimum(0.05));

    @Test
    void derivativesMatchCentralDifferences() {
        double h = 1e-6;
        for (Scheduler s : ALL) {
            for (double t = 0.05; t < 0.96; t += 0.05) {
                double da = (s.alpha(t + h) - s.alpha(t - h)) / (2 * h);
                double ds = (s.sigma(t + h) - s.sigma(t - h)) / (2 * h);
                assertThat(s.alphaDerivative(t)).as("%s alpha' at %s", s.description(), t)
                        .isCloseTo(da, within(1e-5 * Math.max(1, Math.abs(da))));
                assertThat(s.sigmaDerivative(t)).as("%s sigma' at %s", s.description(), t)
                        .isCloseTo(ds, within(1e-5 * Math.max(1, Math.abs(ds))));
            }
        }
    }

    @Test
    void pathsRunFromSourceToData() {
        for (Scheduler s : List.of(Schedulers.condOt(), Schedulers.polynomial(3), Schedulers.cosine())) {
            assertThat(s.alpha(0)).as(s.description()).isCloseTo(0, within(1e-12));
            assertThat(s.sigma(0)).as(s.description()).isCloseTo(1, within(1e-12));
            assertThat(s.alpha(1)).as(s.description()).isCloseTo(1, within(1e-12));
            assertThat(s.sigma(1)).as(s.description()).isCloseTo(0, within(1e-12));
        }
        Scheduler vp = Schedulers.variancePreserving(0.1, 20);
        assertThat(vp.alpha(0)).isCloseTo(Math.exp(-0.25 * 20.1), within(1e-12));
        assertThat(vp.alpha(1)).isEqualTo(1.0);
        assertThat(vp.sigma(1)).isEqualTo(0.0);
        for (double t = 0; t <= 1; t += 0.1) {
            assertThat(vp.alpha(t) * vp.alpha(t) + vp.sigma(t) * vp.sigma(t)).isCloseTo(1, within(1e-12));
            assertThat(Schedulers.cosine().alpha(t) * Schedulers.cosine().alpha(t)
                    + Schedulers.cosine().sigma(t) * Schedulers.cosine().sigma(t)).isCloseTo(1, within(1e-12));
        }
        Scheduler gauss = Schedulers.linearWithMinimum(0.05);
        assertThat(gauss.sigma(1)).isCloseTo(0.05, within(1e-12));
    }

    @Test
    void timeOfSnrInvertsTheRatioForClosedFormsAndBisection() {
        for (Scheduler s : ALL) {
            for (double t = 0.1; t < 0.95; t += 0.1) {
                double snr = s.alpha(t) / s.sigma(t);
                assertThat(s.timeOfSnr(snr)).as("%s at %s", s.description(), t).isCloseTo(t, within(1e-9));
            }
            assertThat(s.timeOfSnr(0)).isEqualTo(0.0);
            assertThat(s.timeOfSnr(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        }
    }

    @Test
    void invalidParametersAreRejected() {
        assertThatThrownBy(() -> Schedulers.polynomial(0)).hasMessageContaining("polynomial power");
        assertThatThrownBy(() -> Schedulers.variancePreserving(1, 0.5)).hasMessageContaining("beta_min");
        assertThatThrownBy(() -> Schedulers.linearWithMinimum(1)).hasMessageContaining("sigma_min");
    }
}
