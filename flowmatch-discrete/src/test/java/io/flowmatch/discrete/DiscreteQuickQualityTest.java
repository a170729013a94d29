package io.flowmatch.discrete;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Small, fast versions of the quality runs ({@link DiscreteQualityTest} has the sizes):
 * a trained flow must beat what a broken one cannot, the independent per-position marginals and
 * the untrained network, by a wide margin, on distributions known exactly.
 */
class DiscreteQuickQualityTest {

    @Test
    void aSmallCheckerboardIsLearnedWithTheMaskSource() {
        int side = 32;
        int[][] data = Toys.checkerboard(20_000, side, new SplittableRandom(1L));
        DiscreteFlowMatcher.Builder builder = DiscreteFlowMatcher.builder().data(data, side).hidden(64, 64).batchSize(128)
                .seed(1L);
        DiscreteFlowModel untrained = builder.iterations(0).train();
        DiscreteFlowModel model = builder.iterations(600).train();
        int[][] samples = model.sample(20_000, 32, 7L);
        double support = Toys.checkerboardSupport(samples, side);
        double tv = Toys.checkerboardTv(samples, side);
        double floor = Toys.checkerboardTv(Toys.checkerboard(20_000, side, new SplittableRandom(2L)), side);
        int[][] independent = Toys.independentMarginals(data, 20_000, new SplittableRandom(3L));
        int[][] guess = untrained.sample(20_000, 32, 7L);
        assertThat(Toys.checkerboardSupport(independent, side)).isLessThan(0.55);
        assertThat(Toys.checkerboardSupport(guess, side)).isLessThan(0.6);
        assertThat(support).as("fraction in the support").isGreaterThan(0.93);
        assertThat(tv).as("TV; a fresh true sample has %s", floor).isLessThan(1.6 * floor)
                .isLessThan(0.5 * Toys.checkerboardTv(independent, side));
    }

    @Test
    void aMarkovChainsBigramsAreLearnedWithTheUniformSource() {
        int[][] data = Toys.markov(20_000, 10, new SplittableRandom(1L));
        DiscreteFlowMatcher.Builder builder = DiscreteFlowMatcher.builder().data(data, Toys.CHAIN_TOKENS)
                .source(DiscreteSources.uniform()).hidden(64, 64).batchSize(128).seed(1L);
        DiscreteFlowModel model = builder.iterations(600).train();
        int[][] samples = model.sample(5_000, 32, 7L);
        int[][] independent = Toys.independentMarginals(data, 5_000, new SplittableRandom(3L));
        double tv = Toys.bigramTv(samples);
        assertThat(Toys.bigramTv(independent)).isGreaterThan(0.5);
        assertThat(Toys.markovValid(independent)).isLessThan(0.01);
        assertThat(tv).as("bigram TV").isLessThan(0.1);
        assertThat(Toys.markovValid(samples)).as("sequences without an impossible transition").isGreaterThan(0.5);
        assertThat(Toys.worstMarginalTv(samples, Toys.CHAIN_TOKENS)).isLessThan(0.06);
    }
}
