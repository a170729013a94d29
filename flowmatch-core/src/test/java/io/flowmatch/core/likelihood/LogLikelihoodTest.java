package io.flowmatch.core.likelihood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.likelihood.DivergenceEstimator.Probe;
import io.flowmatch.core.model.Activation;
import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.model.MlpVelocityModel;
import io.flowmatch.core.model.TangentField;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LogLikelihoodTest {

    private static final double[][] A3 = {{1.5, 0.4, -0.3}, {0, 0.7, 0.5}, {0, 0, 2.0}};
    private static final double[] MU3 = {1.0, -2.0, 0.5};

    /** n points of N(mu, A A^T) for the given field's A, mu. */
    private static double[][] targetPoints(double[][] a, double[] mu, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int d = mu.length;
        double[][] x = new double[n][d];
        for (double[] row : x) {
            double[] z = new double[d];
            for (int k = 0; k < d; k++) {
                z[k] = rng.nextGaussian();
            }
            for (int p = 0; p < d; p++) {
                double s = mu[p];
                for (int q = 0; q < d; q++) {
                    s += a[p][q] * z[q];
                }
                row[p] = s;
            }
        }
        return x;
    }

    private static double[] analytic(LinearField field, double[][] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = field.logDensity(x[i]);
        }
        return out;
    }

    private static double maxDifference(double[] a, double[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    @Test
    void exactDivergenceGivesTheAnalyticLogDensityOfALinearFlow() {
        LinearField field = new LinearField(A3, MU3);
        double[][] x = targetPoints(A3, MU3, 60, 1);
        double[] expected = analytic(field, x);
        double[] dopri = LogLikelihood.builder(field).build().logDensity(Nd4j.createFromArray(x));
        assertThat(maxDifference(dopri, expected)).isLessThan(1e-4);
        double[] rk4 = LogLikelihood.builder(field).solver(Solvers.rk4()).steps(100).build()
                .logDensity(Nd4j.createFromArray(x));
        assertThat(maxDifference(rk4, expected)).isLessThan(1e-6);
        // the log-determinant is sum log A_kk = log 2.1 != 0, so a sign error in z would show
        assertThat(Math.abs(Math.log(1.5 * 0.7 * 2.0))).isGreaterThan(0.7);
    }

    @Test
    void theSignConventionsHoldInOneDimension() {
        // N(0, 1) -> N(3, 0.25): log p(3) = -log(0.5) - log(2 pi) / 2 = 0.6768...
        LinearField field = new LinearField(new double[][] {{0.5}}, new double[] {3});
        double[] logp = LogLikelihood.builder(field).build()
                .logDensity(Nd4j.createFromArray(new double[][] {{3.0}, {3.5}}));
        assertThat(logp[0]).isCloseTo(Math.log(2) - 0.5 * Math.log(2 * Math.PI), within(1e-5));
        assertThat(logp[1]).isCloseTo(Math.log(2) - 0.5 * Math.log(2 * Math.PI) - 0.5, within(1e-5));
    }

    @Test
    void rademacherProbesAreExactForADiagonalJacobian() {
        double[][] a = {{1.5, 0, 0}, {0, 0.7, 0}, {0, 0, 2.0}};
        LinearField field = new LinearField(a, MU3);
        double[][] x = targetPoints(a, MU3, 40, 2);
        double[] logp = LogLikelihood.builder(field).divergence(DivergenceEstimator.hutchinson(1, Probe.RADEMACHER))
                .seed(5L).build().logDensity(Nd4j.createFromArray(x));
        assertThat(maxDifference(logp, analytic(field, x))).isLessThan(1e-4);
    }

    @Test
    void hutchinsonIsUnbiasedWithBothProbes() {
        LinearField field = new LinearField(A3, MU3);
        int n = 1500;
        double[][] x = targetPoints(A3, MU3, n, 3);
        double[] expected = analytic(field, x);
        for (Probe probe : Probe.values()) {
            double[] estimate = LogLikelihood.builder(field).divergence(DivergenceEstimator.hutchinson(1, probe)).seed(11L)
                    .build().logDensity(Nd4j.createFromArray(x));
            double mean = 0;
            double square = 0;
            for (int i = 0; i < n; i++) {
                double diff = estimate[i] - expected[i];
                mean += diff / n;
                square += diff * diff / n;
            }
            double sd = Math.sqrt(square - mean * mean);
            assertThat(sd).as("%s spread", probe).isGreaterThan(0.05);
            assertThat(Math.abs(mean)).as("%s bias", probe).isLessThan(4 * sd / Math.sqrt(n));
            // more probes shrink the spread about as 1/sqrt(K)
            double[] many = LogLikelihood.builder(field).divergence(DivergenceEstimator.hutchinson(16, probe)).seed(11L)
                    .build().logDensity(Nd4j.createFromArray(java.util.Arrays.copyOf(x, 300)));
            double sq16 = 0;
            for (int i = 0; i < 300; i++) {
                sq16 += (many[i] - expected[i]) * (many[i] - expected[i]) / 300;
            }
            assertThat(Math.sqrt(sq16)).as("%s spread with 16 probes", probe).isLessThan(0.5 * sd);
        }
    }

    @Test
    void theSameSeedGivesTheSameHutchinsonEstimate() {
        LinearField field = new LinearField(A3, MU3);
        INDArray x = Nd4j.createFromArray(targetPoints(A3, MU3, 20, 4));
        LogLikelihood.Builder b = LogLikelihood.builder(field).divergence(DivergenceEstimator.parse("gaussian:2")).seed(9L);
        assertThat(b.build().logDensity(x)).isEqualTo(b.build().logDensity(x));
        assertThat(b.seed(10L).build().logDensity(x)).isNotEqualTo(LogLikelihood.builder(field)
                .divergence(DivergenceEstimator.parse("gaussian:2")).seed(9L).build().logDensity(x));
    }

    @Test
    void theDensityOfAnMlpFlowIntegratesToOne() {
        // a random (untrained) network is a smooth invertible flow like any other: its density
        // over a fine grid must sum to 1
        for (int d = 1; d <= 2; d++) {
            MlpVelocityModel model = MlpVelocityModel.initialise(new MlpArchitecture(d, List.of(16, 16), Activation.ELU),
                    DataType.DOUBLE, 7L + d);
            TangentField field = model.tangentField();
            int side = d == 1 ? 400 : 70;
            double lo = -7;
            double hi = 7;
            double h = (hi - lo) / side;
            int points = (int) Math.pow(side, d);
            double[][] grid = new double[points][d];
            for (int i = 0; i < points; i++) {
                grid[i][0] = lo + h * (i % side + 0.5);
                if (d == 2) {
                    grid[i][1] = lo + h * (i / side + 0.5);
                }
            }
            double[] logp = LogLikelihood.builder(field).build().logDensity(Nd4j.createFromArray(grid));
            double mass = 0;
            for (double v : logp) {
                mass += Math.exp(v) * Math.pow(h, d);
            }
            assertThat(mass).as("total mass in %d-D", d).isCloseTo(1.0, within(2e-3));
        }
    }

    @Test
    void aTrainedFlowModelIsScoredThroughItsVelocityModel() {
        // in the data's own units the model's density is its field's (StandardizationTest covers the other case)
        FlowModel model = FlowMatcher.builder().data(Datasets.moons(0.05)).normalize(false).iterations(30).batchSize(64)
                .seed(1L).hidden(16, 16).train();
        INDArray x = Datasets.moons(0.05).sample(50, 3L);
        double[] viaModel = LogLikelihood.builder(model).build().logDensity(x);
        double[] viaField = LogLikelihood.builder(((MlpVelocityModel) model.velocityModel()).tangentField()).build()
                .logDensity(x);
        assertThat(viaModel).isEqualTo(viaField);
        for (double v : viaModel) {
            assertThat(v).isFinite();
        }
    }

    @Test
    void logDensitiesAreBitIdenticalOnOneAndSeveralThreads() {
        FlowModel model = FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(30).batchSize(64).seed(1L)
                .hidden(16, 16).train();
        // three chunks of CHUNK_ROWS points, the last one shorter
        INDArray x = Datasets.moons(0.05).sample(2 * LogLikelihood.CHUNK_ROWS + 100, 3L);
        for (DivergenceEstimator divergence : List.of(DivergenceEstimator.exact(),
                DivergenceEstimator.hutchinson(2, Probe.RADEMACHER))) {
            LogLikelihood.Builder b = LogLikelihood.builder(model).divergence(divergence).solver(Solvers.rk4()).steps(8)
                    .seed(5L);
            double[] one = b.threads(1).build().logDensity(x);
            assertThat(b.threads(3).build().threads()).isEqualTo(3);
            assertThat(b.threads(3).build().logDensity(x)).as("%s on 3 threads", divergence).containsExactly(one);
            assertThat(b.threads(2).build().logDensity(x)).as("%s on 2 threads", divergence).containsExactly(one);
        }
        // a field given as one object is never shared between threads
        assertThat(LogLikelihood.builder(new LinearField(A3, MU3)).threads(4).build().threads()).isEqualTo(1);
        assertThat(LogLikelihood.builder(() -> new LinearField(A3, MU3)).threads(4).build().threads()).isEqualTo(4);
        assertThatThrownBy(() -> LogLikelihood.builder(model).threads(0)).hasMessageContaining("threads must be positive");
    }

    @Test
    void rejectsBadInput() {
        LogLikelihood ll = LogLikelihood.builder(new LinearField(A3, MU3)).build();
        assertThatThrownBy(() -> ll.logDensity(Nd4j.create(DataType.DOUBLE, 4, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("x must have shape [n, 3] with n >= 1, got [4, 2]");
        INDArray nan = Nd4j.create(DataType.DOUBLE, 3, 3);
        nan.putScalar(2, 1, Double.NaN);
        assertThatThrownBy(() -> ll.logDensity(nan))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("x has NaN at row 2, column 1");
        assertThatThrownBy(() -> DivergenceEstimator.hutchinson(0, Probe.GAUSSIAN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 probe");
        assertThatThrownBy(() -> DivergenceEstimator.parse("bogus"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected exact, hutchinson");
        assertThat(DivergenceEstimator.parse("Rademacher:4")).isEqualTo(DivergenceEstimator.hutchinson(4, Probe.RADEMACHER));
        assertThat(DivergenceEstimator.parse("exact").isExact()).isTrue();
        assertThat(DivergenceEstimator.parse(DivergenceEstimator.hutchinson(3, Probe.GAUSSIAN).description()))
                .isEqualTo(DivergenceEstimator.hutchinson(3, Probe.GAUSSIAN));
        assertThatThrownBy(() -> LogLikelihood.builder((TangentField) null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
