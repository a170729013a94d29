package io.flowmatch.discrete;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The discrete Euler sampler driven by the exact posterior of a tiny known distribution: its
 * samples match the distribution to sampling noise, no mask token survives t = 1, and the
 * step-size limit keeps every jump probability in [0, 1].
 */
class DiscreteSamplerTest {

    private static final int LENGTH = 3;
    private static final int VOCABULARY = 3;

    /** A fixed distribution over the 27 sequences, with some impossible ones and strong dependence between positions. */
    static double[] target() {
        SplittableRandom rng = new SplittableRandom(4L);
        double[] p = new double[27];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            int[] x = OraclePosterior.digits(i, LENGTH, VOCABULARY);
            // impossible unless the last token differs from the first, and uneven otherwise
            p[i] = x[0] == x[2] ? 0 : 0.2 + rng.nextDouble();
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** Every token a data token, none the mask token. */
    static void assertTokens(int[] sequence) {
        for (int x : sequence) {
            assertThat(x).as("token of %s", java.util.Arrays.toString(sequence)).isBetween(0, VOCABULARY - 1);
        }
    }

    /** Total variation between the sequences' frequencies and {@code p}. */
    static double tv(int[][] samples, double[] p) {
        double[] counts = new double[p.length];
        for (int[] s : samples) {
            counts[(s[0] * VOCABULARY + s[1]) * VOCABULARY + s[2]]++;
        }
        double tv = 0;
        for (int i = 0; i < p.length; i++) {
            tv += Math.abs(counts[i] / samples.length - p[i]);
        }
        return tv / 2;
    }

    /** Fresh draws from {@code p}. */
    static int[][] draw(double[] p, int n, SplittableRandom rng) {
        int[][] out = new int[n][];
        for (int r = 0; r < n; r++) {
            double u = rng.nextDouble();
            int i = 0;
            double c = p[0];
            while (u >= c && i < p.length - 1) {
                c += p[++i];
            }
            out[r] = OraclePosterior.digits(i, LENGTH, VOCABULARY);
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"mask, 2.0, 0.0", "uniform, 1.0, 0.0", "mask, 1.0, 3.0"})
    void withTheExactPosteriorTheSamplesFollowTheTarget(String sourceName, double n, double corrector) {
        double[] p = target();
        DiscreteSource source = DiscreteSources.parse(sourceName);
        ConvexScheduler scheduler = ConvexSchedulers.polynomial(n);
        DiscreteFlowModel oracle = DiscreteFlowModel.of(new OraclePosterior(p, LENGTH, VOCABULARY, source, scheduler),
                source, scheduler);
        int count = 40_000;
        int[][] samples = oracle.sample(count, DiscreteSampler.euler(100).withCorrector(corrector), 3L);
        double noise = tv(draw(p, count, new SplittableRandom(8L)), p);
        double impossible = 0;
        for (int[] s : samples) {
            assertThat(s).hasSize(LENGTH);
            assertTokens(s);
            impossible += s[0] == s[2] ? 1 : 0;
        }
        // the parallel (factorised) update of Euler leaves a bias of order 1/steps; 100 steps keep it under the noise
        assertThat(tv(samples, p)).as("TV to the target; a fresh true sample has %s", noise).isLessThan(1.6 * noise + 0.004);
        assertThat(impossible / count).as("impossible sequences").isLessThan(0.01);
    }

    @ParameterizedTest
    @CsvSource({"mask, 0.03", "uniform, 0.02"})
    void withTheExactPosteriorOfAMarkovChainTheBigramsAreRight(String sourceName, double limit) {
        // L = 16 is too long to enumerate: the oracle runs the forward-backward recursion
        DiscreteSource source = DiscreteSources.parse(sourceName);
        ConvexScheduler scheduler = ConvexSchedulers.polynomial(1);
        DiscreteFlowModel oracle = DiscreteFlowModel.of(new MarkovOracle(16, source, scheduler), source, scheduler);
        int[][] samples = oracle.sample(4_000, 64, 3L);
        double noise = Toys.bigramTv(Toys.markov(4_000, 16, new SplittableRandom(8L)));
        assertThat(Toys.bigramTv(samples)).as("bigram TV; a fresh true sample has %s", noise).isLessThan(limit);
        assertThat(Toys.bigramTv(samples)).as("bigram TV of the independent marginals")
                .isLessThan(0.1 * Toys.bigramTv(Toys.independentMarginals(samples, 4_000, new SplittableRandom(9L))));
    }

    @Test
    void oneStepDrawsEveryPositionFromItsMarginal() {
        // from the all-mask state the posterior is the product of the marginals, and the last step draws from it
        double[] p = target();
        DiscreteSource mask = DiscreteSources.mask();
        ConvexScheduler scheduler = ConvexSchedulers.polynomial(2);
        DiscreteFlowModel oracle = DiscreteFlowModel.of(new OraclePosterior(p, LENGTH, VOCABULARY, mask, scheduler), mask,
                scheduler);
        int[][] samples = oracle.sample(30_000, 1, 5L);
        for (int l = 0; l < LENGTH; l++) {
            for (int v = 0; v < VOCABULARY; v++) {
                double expected = 0;
                for (int i = 0; i < p.length; i++) {
                    expected += OraclePosterior.digits(i, LENGTH, VOCABULARY)[l] == v ? p[i] : 0;
                }
                int position = l;
                int value = v;
                double seen = java.util.Arrays.stream(samples).filter(s -> s[position] == value).count() / 30_000.0;
                assertThat(seen).as("P(x%d = %d)", l, v).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.012));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1", "2", "3", "7"})
    void noMaskTokenIsLeftAtTheEnd(int steps) {
        double[] p = target();
        DiscreteSource mask = DiscreteSources.mask();
        ConvexScheduler scheduler = ConvexSchedulers.polynomial(3);
        DiscreteFlowModel oracle = DiscreteFlowModel.of(new OraclePosterior(p, LENGTH, VOCABULARY, mask, scheduler), mask,
                scheduler);
        int[][] samples = oracle.sample(2_000, DiscreteSampler.euler(steps).withCorrector(5.0), 9L);
        for (int[] s : samples) {
            assertTokens(s);
        }
    }

    @ParameterizedTest
    @CsvSource({"1.0, 0.0, 10", "2.0, 0.0, 10", "3.0, 0.0, 64", "1.0, 9.0, 10", "2.0, 40.0, 16"})
    void theGridKeepsJumpProbabilitiesValid(double n, double corrector, int steps) {
        ConvexScheduler scheduler = ConvexSchedulers.polynomial(n);
        DiscreteSampler sampler = DiscreteSampler.euler(steps).withCorrector(corrector);
        double[] grid = sampler.timeGrid(scheduler);
        assertThat(grid[0]).isZero();
        assertThat(grid[grid.length - 1]).isEqualTo(1.0);
        assertThat(grid[grid.length - 2]).as("the last step is a whole grid step").isEqualTo((steps - 1.0) / steps);
        for (int k = 1; k < steps; k++) {
            assertThat(grid).as("uniform grid point %d/%d", k, steps).contains((double) k / steps);
        }
        for (int s = 0; s + 2 < grid.length; s++) {
            double h = grid[s + 1] - grid[s];
            assertThat(h).isPositive();
            assertThat(h * (scheduler.jumpRate(grid[s]) + corrector)).as("h * rate at t = %s", grid[s]).isLessThanOrEqualTo(1 + 1e-12);
        }
        if (corrector == 0) {
            assertThat(grid).as("convex kappa needs no split").hasSize(steps + 1);
        } else {
            assertThat(grid.length).as("a strong corrector splits steps").isGreaterThan(steps + 1);
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> DiscreteSampler.euler(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> DiscreteSampler.euler(4).withCorrector(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DiscreteSampler.euler(4).withCorrector(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConvexSchedulers.polynomial(0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.5");
        assertThat(ConvexSchedulers.parse("poly:3").description()).isEqualTo("polynomial(n=3.0)");
        assertThat(ConvexSchedulers.parse(ConvexSchedulers.polynomial(2.5).description()).kappa(0.5))
                .isEqualTo(Math.pow(0.5, 2.5));
        assertThat(ConvexSchedulers.parse("linear").kappa(0.25)).isEqualTo(0.25);
        assertThatThrownBy(() -> ConvexSchedulers.parse("cosine")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cosine");
    }
}
