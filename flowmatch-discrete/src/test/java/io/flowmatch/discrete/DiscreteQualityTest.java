package io.flowmatch.discrete;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "done when", with the default recipe, on distributions known exactly: the 2-D
 * checkerboard over 128 x 128 cells for both sources (at least 97% of 100k samples in the
 * support, and a histogram no further from the truth than 1.5 times a fresh true sample of the
 * same size), and bigrams of 10k length-32 sequences of a Markov chain over 8 tokens (within
 * total variation 0.05 of the chain's). Minutes long: run with {@code -Pdiscrete-quality}; the quick
 * versions in {@link DiscreteQuickQualityTest} run in every build.
 */
@EnabledIfSystemProperty(named = "flowmatch.discrete.quality", matches = "true")
class DiscreteQualityTest {

    private static final Logger LOG = LoggerFactory.getLogger(DiscreteQualityTest.class);

    @ParameterizedTest
    @ValueSource(strings = {"mask", "uniform"})
    void checkerboard(String source) {
        int side = 128;
        int[][] data = Toys.checkerboard(200_000, side, new SplittableRandom(1L));
        DiscreteFlowModel model = DiscreteFlowMatcher.builder().data(data, side).source(DiscreteSources.parse(source))
                .iterations(5_000).batchSize(256).seed(1L).train();
        int[][] samples = model.sample(100_000, 64, 7L);
        double support = Toys.checkerboardSupport(samples, side);
        double tv = Toys.checkerboardTv(samples, side);
        double floor = Toys.checkerboardTv(Toys.checkerboard(100_000, side, new SplittableRandom(2L)), side);
        double baseline = Toys.checkerboardSupport(Toys.independentMarginals(data, 100_000, new SplittableRandom(3L)), side);
        LOG.info("checkerboard {}: support {}, TV {} (fresh sample {}, ratio {}); independent marginals: support {}; {} s of training",
                source, support, tv, floor, tv / floor, baseline, model.provenance().get("train_seconds"));
        assertThat(support).isGreaterThanOrEqualTo(0.97);
        assertThat(tv).isLessThanOrEqualTo(1.5 * floor);
        assertThat(baseline).isLessThan(0.6);
    }

    /**
     * The Markov item with the default recipe (mask source) and the sampler's corrector (measured:
     * 0.046 without it, 0.041 with strength 10). The uniform source, with its better loss
     * (generalized KL), is only asserted to beat the baseline: it reaches ~0.12, not 0.05.
     */
    @Test
    void markovBigrams() {
        int[][] data = Toys.markov(200_000, 32, new SplittableRandom(1L));
        double baseline = Toys.bigramTv(Toys.independentMarginals(data, 10_000, new SplittableRandom(3L)));
        double floor = Toys.bigramTv(Toys.markov(10_000, 32, new SplittableRandom(2L)));
        DiscreteFlowModel mask = DiscreteFlowMatcher.builder().data(data, Toys.CHAIN_TOKENS).seed(1L).train();
        int[][] samples = mask.sample(10_000, DiscreteSampler.euler(64).withCorrector(10), 7L);
        double tv = Toys.bigramTv(samples);
        DiscreteFlowModel uniform = DiscreteFlowMatcher.builder().data(data, Toys.CHAIN_TOKENS).source(DiscreteSources.uniform())
                .loss(DiscreteLoss.GENERALIZED_KL).seed(1L).train();
        double uniformTv = Toys.bigramTv(uniform.sample(10_000, 64, 7L));
        LOG.info("markov: bigram TV mask {} (valid sequences {}), uniform {}; fresh sample {}, independent marginals {}",
                tv, Toys.markovValid(samples), uniformTv, floor, baseline);
        assertThat(tv).isLessThanOrEqualTo(0.05);
        assertThat(uniformTv).isLessThan(0.25 * baseline);
        assertThat(baseline).isGreaterThan(0.5);
    }
}
