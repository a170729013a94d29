package io.flowmatch.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimeSamplersTest {

    private static final int N = 200_000;

    private static float[] draw(TimeSampler sampler) {
        float[] t = new float[N];
        sampler.sample(new SplittableRandom(1), t, N);
        return t;
    }

    private static double fractionBetween(float[] t, double lo, double hi) {
        int c = 0;
        for (float v : t) {
            if (v >= lo && v < hi) {
                c++;
            }
        }
        return (double) c / t.length;
    }

    @Test
    void uniformFillsTheUnitIntervalEvenly() {
        float[] t = draw(TimeSamplers.uniform());
        assertThat(fractionBetween(t, 0, 0.25)).isCloseTo(0.25, within(0.005));
        assertThat(fractionBetween(t, 0.75, 1.0)).isCloseTo(0.25, within(0.005));
        assertThat(fractionBetween(t, 0, 1)).isEqualTo(1.0);
    }

    @Test
    void warpFixesTheEndsAndTheMiddleAndHasSlopeSThere() {
        for (double s : new double[] {0.2, 0.5, 1.0, 1.4}) {
            assertThat(TimeSamplers.warp(0, s)).isEqualTo(0.0);
            assertThat(TimeSamplers.warp(1, s)).isCloseTo(1.0, within(1e-12));
            assertThat(TimeSamplers.warp(0.5, s)).isCloseTo(0.5, within(1e-12));
            double h = 1e-6;
            double slope = (TimeSamplers.warp(0.5 + h, s) - TimeSamplers.warp(0.5 - h, s)) / (2 * h);
            assertThat(slope).isCloseTo(s, within(1e-6));
        }
        assertThat(TimeSamplers.warp(0.3, 1.0)).isCloseTo(0.3, within(1e-12));
    }

    @Test
    void warpBelowOnePutsMoreMassInTheMiddle() {
        // density of t at 1/2 is 1/s: with s = 0.5 the band [0.45, 0.55) holds about 0.2
        float[] t = draw(TimeSamplers.warp(0.5));
        assertThat(fractionBetween(t, 0.45, 0.55)).isCloseTo(0.2, within(0.01));
        assertThat(fractionBetween(t, 0, 1)).isEqualTo(1.0);
    }

    @Test
    void logitNormalMatchesItsDistributionFunction() {
        // P(t < sigmoid(m)) = 1/2 and P(t < sigmoid(m + s)) = Phi(1) = 0.8413
        float[] t = draw(TimeSamplers.logitNormal(0.5, 1.2));
        double median = 1 / (1 + Math.exp(-0.5));
        double upper = 1 / (1 + Math.exp(-(0.5 + 1.2)));
        assertThat(fractionBetween(t, 0, median)).isCloseTo(0.5, within(0.005));
        assertThat(fractionBetween(t, 0, upper)).isCloseTo(0.8413, within(0.005));
    }

    @Test
    void parseKnowsEveryNameAndRejectsTheRest() {
        assertThat(TimeSamplers.parse("uniform").description()).isEqualTo("uniform");
        assertThat(TimeSamplers.parse("logit-normal").description()).isEqualTo("logit_normal(mean=0.0, std=1.0)");
        assertThat(TimeSamplers.parse("logit-normal:0.5,2").description()).isEqualTo("logit_normal(mean=0.5, std=2.0)");
        assertThat(TimeSamplers.parse("warp:0.7").description()).isEqualTo("warp(s=0.7)");
        assertThatThrownBy(() -> TimeSamplers.parse("beta")).hasMessageContaining("unknown time sampler 'beta'");
        assertThatThrownBy(() -> TimeSamplers.parse("warp:2")).hasMessageContaining("(0, 1.5)");
        assertThatThrownBy(() -> TimeSamplers.parse("warp:x")).hasMessageContaining("bad number");
        for (TimeSampler sampler : new TimeSampler[] {TimeSamplers.uniform(), TimeSamplers.logitNormal(0.5, 2),
            TimeSamplers.warp(0.7)}) {
            assertThat(TimeSamplers.parse(sampler.description()).description()).isEqualTo(sampler.description());
        }
        assertThatThrownBy(() -> TimeSamplers.logitNormal(0, 0)).hasMessageContaining("positive");
    }
}
