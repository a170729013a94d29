package io.flowmatch.core.likelihood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.model.Activation;
import io.flowmatch.core.model.ConditionalPass;
import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.model.MlpVelocityModel;
import io.flowmatch.core.train.LearningRateSchedule;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import io.flowmatch.solvers.Trajectory;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * log p(x | label) of class-conditional flows: on the labelled eight Gaussians a point scores
 * highest under its own component's label; a random conditional network's conditional and guided
 * densities integrate to one; a labelled model scored without a label gives exactly the bits of
 * the same network without its class embedding; bad labels are named.
 */
class ConditionalLogLikelihoodTest {

    private static final Logger LOG = LoggerFactory.getLogger(ConditionalLogLikelihoodTest.class);
    private static final double RADIUS = 5;
    private static final double DIAGONAL = RADIUS / Math.sqrt(2);
    private static final double[] CX = {RADIUS, DIAGONAL, 0, -DIAGONAL, -RADIUS, -DIAGONAL, 0, DIAGONAL};
    private static final double[] CY = {0, DIAGONAL, RADIUS, DIAGONAL, 0, -DIAGONAL, -RADIUS, -DIAGONAL};

    private static FlowModel eight;

    @BeforeAll
    static void train() {
        // the recipe of LabelledFlowTest: 1000 steps put 98 % of each class's samples in its component
        eight = FlowMatcher.builder().data(Datasets.labelledEightGaussians()).iterations(1_000)
                .schedule(LearningRateSchedule.cosine(0.0)).seed(1L).train();
    }

    @Test
    void pointsNearACentreScoreHighestUnderTheirOwnLabel() {
        int perClass = 40;
        SplittableRandom rng = new SplittableRandom(11L);
        double[][] x = new double[8 * perClass][2];
        int[] truth = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            int k = i / perClass;
            // within one standard deviation (0.5) of centre k
            double r = 0.5 * Math.sqrt(rng.nextDouble());
            double a = rng.nextDouble(2 * Math.PI);
            x[i][0] = CX[k] + r * Math.cos(a);
            x[i][1] = CY[k] + r * Math.sin(a);
            truth[i] = k;
        }
        INDArray points = Nd4j.createFromArray(x);
        double[][] logp = new double[8][];
        for (int j = 0; j < 8; j++) {
            logp[j] = LogLikelihood.builder(eight).label(j).solver(Solvers.rk4()).steps(20).build().logDensity(points);
        }
        int pairs = 0;
        int won = 0;
        int best = 0;
        for (int i = 0; i < x.length; i++) {
            int k = truth[i];
            boolean top = true;
            for (int j = 0; j < 8; j++) {
                if (j != k) {
                    pairs++;
                    won += logp[k][i] > logp[j][i] ? 1 : 0;
                    top &= logp[k][i] > logp[j][i];
                }
            }
            best += top ? 1 : 0;
        }
        double rate = won / (double) pairs;
        LOG.info("class separation: log p(x|k) > log p(x|j) in {} of {} pairs ({}); own label highest for {} of {}"
                + " points", won, pairs, rate, best, x.length);
        assertThat(rate).isGreaterThanOrEqualTo(0.95);
        // the per-row form gives the same numbers as one label for all rows, bit for bit
        int[] shifted = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            shifted[i] = (truth[i] + 1) % 8;
        }
        double[] perRow = LogLikelihood.builder(eight).labels(shifted).solver(Solvers.rk4()).steps(20).build()
                .logDensity(points);
        for (int i = 0; i < x.length; i++) {
            assertThat(perRow[i]).isEqualTo(logp[shifted[i]][i]);
        }
        // and the conditional density is far sharper than the mixture's at the point's own centre
        double[] mixture = LogLikelihood.builder(eight).solver(Solvers.rk4()).steps(20).build().logDensity(points);
        double gain = 0;
        double conditional = 0;
        for (int i = 0; i < x.length; i++) {
            gain += logp[truth[i]][i] - mixture[i];
            conditional += logp[truth[i]][i];
        }
        // the true densities give -0.70 nats (N(centre, 0.25 I) within one standard deviation) and a
        // gain of log 8 = 2.08; the unconditional field, trained only on the 10 % of dropped labels,
        // is blurrier than the mixture of the conditional ones, so the gain comes out larger
        LOG.info("mean log p(x | own label) {} nats; minus log p(x): {} nats", conditional / x.length, gain / x.length);
        assertThat(conditional / x.length).isBetween(-1.5, 0.0);
        assertThat(gain / x.length).isGreaterThan(1.0);
    }

    @Test
    void conditionalAndGuidedDensitiesOfARandomNetworkIntegrateToOne() {
        for (int d = 1; d <= 2; d++) {
            MlpVelocityModel net = MlpVelocityModel.initialise(new MlpArchitecture(d, List.of(16, 16), Activation.ELU, 3),
                    DataType.DOUBLE, 7L + d);
            int side = d == 1 ? 400 : 70;
            double lo = -7;
            double h = 14.0 / side;
            int points = (int) Math.pow(side, d);
            double[][] grid = new double[points][d];
            for (int i = 0; i < points; i++) {
                grid[i][0] = lo + h * (i % side + 0.5);
                if (d == 2) {
                    grid[i][1] = lo + h * (i / side + 0.5);
                }
            }
            INDArray x = Nd4j.createFromArray(grid);
            double[] unconditional = LogLikelihood.builder(net.tangentField()).build().logDensity(x);
            for (double w : new double[] {1.0, 2.5}) {
                double[] logp = LogLikelihood.builder(net.tangentField()).label(2).guidance(w).build().logDensity(x);
                double mass = 0;
                double differs = 0;
                for (int i = 0; i < points; i++) {
                    mass += Math.exp(logp[i]) * Math.pow(h, d);
                    differs = Math.max(differs, Math.abs(logp[i] - unconditional[i]));
                }
                assertThat(mass).as("total mass in %d-D, guidance %s", d, w).isCloseTo(1.0, within(2e-3));
                assertThat(differs).as("label 2 changes the density in %d-D", d).isGreaterThan(0.05);
            }
        }
    }

    @Test
    void withoutALabelALabelledModelScoresExactlyAsItsNetworkWithoutTheEmbedding() {
        MlpArchitecture arch = new MlpArchitecture(2, List.of(16, 16), Activation.ELU, 5);
        MlpVelocityModel labelled = MlpVelocityModel.initialise(arch, DataType.FLOAT, 3L);
        MlpArchitecture bare = new MlpArchitecture(2, List.of(16, 16), Activation.ELU);
        MlpVelocityModel plain = MlpVelocityModel.of(bare,
                labelled.parameters().get(NDArrayIndex.interval(0, bare.parameterCount())));
        INDArray x = Datasets.moons(0.05).sample(300, 4L);
        double[] viaPlain = LogLikelihood.builder(plain.tangentField()).build().logDensity(x);
        assertThat(LogLikelihood.builder(labelled.tangentField()).build().logDensity(x)).containsExactly(viaPlain);
        int[] nulls = new int[300];
        Arrays.fill(nulls, ConditionalPass.NULL_LABEL);
        assertThat(LogLikelihood.builder(labelled.tangentField()).labels(nulls).build().logDensity(x))
                .containsExactly(viaPlain);
        assertThat(LogLikelihood.builder(labelled.tangentField()).label(1).guidance(0.0).build().logDensity(x))
                .containsExactly(viaPlain);
        // the trained model's unconditional score is its velocity model's, as for an unlabelled model
        INDArray y = Datasets.labelledEightGaussians().sample(64, 5L);
        LogLikelihood.Builder b = LogLikelihood.builder(eight).solver(Solvers.rk4()).steps(10);
        assertThat(b.build().isConditional()).isFalse();
        double[] unconditional = b.build().logDensity(y);
        assertThat(b.label(ConditionalPass.NULL_LABEL).build().logDensity(y)).containsExactly(unconditional);
    }

    @Test
    void conditionalVelocitiesAndTrajectoriesAreTheSamplersFields() {
        INDArray x = Datasets.labelledEightGaussians().sample(50, 6L);
        int[] threes = new int[50];
        Arrays.fill(threes, 3);
        INDArray v3 = eight.velocity(0.4, x, 3);
        assertThat(v3.ravel().toFloatVector()).containsExactly(eight.velocity(0.4, x, threes, 1.0).ravel().toFloatVector());
        assertThat(eight.velocity(0.4, x, threes, 0.0).ravel().toFloatVector())
                .containsExactly(eight.velocity(0.4, x).ravel().toFloatVector());
        assertThat(v3.sub(eight.velocity(0.4, x)).amaxNumber().doubleValue()).isGreaterThan(0.1);
        // guidance w extrapolates the two fields
        INDArray guided = eight.velocity(0.4, x, threes, 2.0);
        INDArray expected = v3.mul(2).sub(eight.velocity(0.4, x));
        assertThat(guided.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-4);
        int[] labels = FlowModel.labelMix(new int[] {0, 10, 0, 0, 5});
        Trajectory path = eight.trajectory(labels, 2.0, Solvers.midpoint(), 20, 7L);
        INDArray last = path.states().get(path.states().size() - 1);
        assertThat(last.toFloatMatrix()).isEqualTo(eight.sample(labels, 2.0, Solvers.midpoint(), 20, 7L).toFloatMatrix());
    }

    @Test
    void badLabelsAreNamed() {
        FlowModel plain = FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(2).hidden(8).train();
        assertThatThrownBy(() -> LogLikelihood.builder(plain).label(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label 0 given, but the model was trained without labels");
        assertThatThrownBy(() -> plain.velocity(0.5, Nd4j.zeros(DataType.FLOAT, 2, 2), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trained without labels");
        assertThatThrownBy(() -> LogLikelihood.builder(eight).label(8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label 8 is not a class of the model: its classes are 0 to 7");
        assertThatThrownBy(() -> LogLikelihood.builder(eight).labels(new int[] {1, -2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label -2 (row 1) is not a class");
        assertThatThrownBy(() -> LogLikelihood.builder(eight).label("nine")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown class 'nine'");
        assertThat(LogLikelihood.builder(eight).label("5").build().toString()).contains("label 5");
        assertThatThrownBy(() -> LogLikelihood.builder(eight).guidance(2.0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("guidance 2.0 needs a label");
        assertThatThrownBy(() -> LogLikelihood.builder(eight).guidance(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("guidance must be finite");
        LogLikelihood two = LogLikelihood.builder(eight).labels(new int[] {1, 2}).build();
        assertThatThrownBy(() -> two.logDensity(Nd4j.zeros(DataType.FLOAT, 3, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels has 2 entries but x has 3 rows");
        assertThatThrownBy(() -> eight.velocity(0.5, Nd4j.zeros(DataType.FLOAT, 2, 2), new int[] {1}, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one label per row of x (2)");
    }

}
