package io.flowmatch.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link TimeSampler}: extend this class, give the sampler and, where it is
 * known, its distribution function, and it is held to the checks every sampler must pass.
 *
 * <ul>
 *   <li>every time lies in [0, 1];</li>
 *   <li>exactly t[0..n) is written;</li>
 *   <li>the same generator state gives bit-identical times;</li>
 *   <li>the empirical distribution function of 100 000 draws is within 0.01 of
 *       {@link #cdf(double)} everywhere (a Kolmogorov-Smirnov distance; the 0.1% critical value
 *       is 0.006), and the sample mean within 0.01 of the distribution's mean;</li>
 *   <li>its description is not blank and, for a built-in sampler, parses back.</li>
 * </ul>
 *
 * <p>In the test-jar of flowmatch-core, so that samplers in other modules can extend it.
 */
public abstract class TimeSamplerContractTest {

    private static final int N = 100_000;

    /** The sampler under test. */
    protected abstract TimeSampler sampler();

    /**
     * The distribution function P(t &lt;= x) the sampler documents, or NaN where it is not known
     * (then the distribution checks are skipped).
     */
    protected double cdf(double x) {
        return Double.NaN;
    }

    /** {@code TimeSamplers.parse} of the description, or null if the sampler is not a built-in one. */
    protected TimeSampler parsed(String description) {
        return null;
    }

    private float[] draw(long seed, int n, int length) {
        float[] t = new float[length];
        Arrays.fill(t, -7f);
        sampler().sample(new SplittableRandom(seed), t, n);
        return t;
    }

    @Test
    public void drawsTimesInTheUnitIntervalIntoExactlyTheFirstNEntries() {
        float[] t = draw(1L, 10_000, 10_010);
        for (int i = 0; i < 10_000; i++) {
            assertThat(t[i]).as("t[%s]", i).isBetween(0f, 1f);
        }
        for (int i = 10_000; i < t.length; i++) {
            assertThat(t[i]).as("t[%s], past n", i).isEqualTo(-7f);
        }
    }

    @Test
    public void theSameGeneratorGivesTheSameTimes() {
        assertThat(draw(2L, 1000, 1000)).containsExactly(draw(2L, 1000, 1000));
        assertThat(draw(2L, 1000, 1000)).isNotEqualTo(draw(3L, 1000, 1000));
    }

    @Test
    public void followsItsDistribution() {
        Assumptions.assumeFalse(Double.isNaN(cdf(0.5)), "no known distribution function");
        float[] t = draw(4L, N, N);
        Arrays.sort(t);
        double worst = 0;
        double mean = 0;
        for (int i = 0; i < N; i++) {
            double f = cdf(t[i]);
            worst = Math.max(worst, Math.max(Math.abs((i + 1.0) / N - f), Math.abs((double) i / N - f)));
            mean += t[i];
        }
        mean /= N;
        assertThat(worst).as("Kolmogorov-Smirnov distance to the documented distribution").isLessThan(0.01);
        // E[t] = integral of (1 - F) over [0, 1], by the midpoint rule
        double expected = 0;
        int cells = 20_000;
        for (int k = 0; k < cells; k++) {
            expected += (1 - cdf((k + 0.5) / cells)) / cells;
        }
        assertThat(mean).as("mean").isCloseTo(expected, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    public void hasADescriptionThatParsesBack() {
        TimeSampler sampler = sampler();
        assertThat(sampler.description()).isNotBlank();
        TimeSampler again = parsed(sampler.description());
        if (again != null) {
            assertThat(again.description()).isEqualTo(sampler.description());
            float[] a = new float[100];
            float[] b = new float[100];
            sampler.sample(new SplittableRandom(5L), a, 100);
            again.sample(new SplittableRandom(5L), b, 100);
            assertThat(b).containsExactly(a);
        }
    }

    /** The standard normal distribution function (Numerical Recipes' erfc, relative error below 1.2e-7). */
    protected static double normalCdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double u = 1 / (1 + 0.5 * x);
        double erfc = u * Math.exp(-x * x - 1.26551223 + u * (1.00002368 + u * (0.37409196 + u * (0.09678418
                + u * (-0.18628806 + u * (0.27886807 + u * (-1.13520398 + u * (1.48851587
                + u * (-0.82215223 + u * 0.17087277)))))))));
        return z >= 0 ? 1 - erfc / 2 : erfc / 2;
    }
}
