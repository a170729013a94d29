package io.flowmatch.core.coupling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowmatch.core.metrics.LinearAssignment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CouplingsTest {

    private static float[] points(SplittableRandom rng, int n, int d, double shift) {
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextGaussian() + shift);
        }
        return x;
    }

    private static double pairedCost(float[] x0, float[] x1, int n, int d) {
        double s = 0;
        for (int i = 0; i < n * d; i++) {
            s += (x0[i] - x1[i]) * (x0[i] - x1[i]);
        }
        return s;
    }

    private static double bruteForceMinimum(double[] cost, int n) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        double[] best = {Double.POSITIVE_INFINITY};
        permute(perm, 0, cost, n, best);
        return best[0];
    }

    private static void permute(int[] p, int k, double[] cost, int n, double[] best) {
        if (k == n) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += cost[i * n + p[i]];
            }
            best[0] = Math.min(best[0], s);
            return;
        }
        for (int i = k; i < n; i++) {
            int tmp = p[k];
            p[k] = p[i];
            p[i] = tmp;
            permute(p, k + 1, cost, n, best);
            p[i] = p[k];
            p[k] = tmp;
        }
    }

    private static List<String> rows(float[] x, int n, int d) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Arrays.toString(Arrays.copyOfRange(x, i * d, (i + 1) * d)));
        }
        out.sort(String::compareTo);
        return out;
    }

    @Test
    void labelledExactOtIsTheOptimumOfEachClassAndDiffersFromTheGlobalPlan() {
        SplittableRandom rng = new SplittableRandom(21);
        int n = 18;
        int d = 2;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
        }
        float[] x0 = points(rng, n, d, 0);
        float[] x1 = points(rng, n, d, 0);
        for (int i = 0; i < n; i++) {
            x1[i * d] += 3f * labels[i];
        }
        float[] global0 = x0.clone();
        float[] global1 = x1.clone();
        Couplings.exactOt().couple(new SplittableRandom(1L), global0, global1, n, d);
        Couplings.exactOt().couple(new SplittableRandom(1L), x0, x1, labels, n, d);
        for (int k = 0; k < 3; k++) {
            int m = n / 3;
            float[] a = new float[m * d];
            float[] b = new float[m * d];
            for (int i = k, r = 0; i < n; i += 3, r++) {
                System.arraycopy(x0, i * d, a, r * d, d);
                System.arraycopy(x1, i * d, b, r * d, d);
            }
            double[] cost = new double[m * m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    double s = 0;
                    for (int c = 0; c < d; c++) {
                        s += (a[i * d + c] - b[j * d + c]) * (a[i * d + c] - b[j * d + c]);
                    }
                    cost[i * m + j] = s;
                }
            }
            assertThat(pairedCost(a, b, m, d)).as("class %s", k).isCloseTo(bruteForceMinimum(cost, m), within(1e-4));
        }
        // the global plan is cheaper because it pairs across classes, which the labelled one may not
        assertThat(pairedCost(global0, global1, n, d)).isLessThan(pairedCost(x0, x1, n, d) - 1e-3);
    }

    @Test
    void exactOtFindsTheBruteForceOptimumAndOnlyPermutesTheData() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 20; trial++) {
            int n = 2 + trial % 6;
            int d = 1 + trial % 3;
            float[] x0 = points(rng, n, d, 0);
            float[] x1 = points(rng, n, d, 1);
            float[] x0Before = x0.clone();
            List<String> x1Rows = rows(x1, n, d);
            double[] cost = new double[n * n];
            PairCosts.squaredDistances(x0, x1, n, d, cost);
            double optimum = bruteForceMinimum(cost, n);
            Couplings.exactOt().couple(rng, x0, x1, n, d);
            assertThat(x0).containsExactly(x0Before);
            assertThat(rows(x1, n, d)).isEqualTo(x1Rows);
            assertThat(pairedCost(x0, x1, n, d)).isCloseTo(optimum, within(1e-4));
        }
    }

    @Test
    void exactOtShortensThePairsOfABatch() {
        SplittableRandom rng = new SplittableRandom(1);
        int n = 256;
        float[] x0 = points(rng, n, 2, 0);
        float[] x1 = points(rng, n, 2, 0);
        double before = pairedCost(x0, x1, n, 2);
        Couplings.exactOt().couple(rng, x0, x1, n, 2);
        assertThat(pairedCost(x0, x1, n, 2)).isLessThan(0.25 * before);
    }

    @Test
    void sinkhornPlanHasUniformMarginalsAndTendsToTheExactPlanAsRegShrinks() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 12;
        float[] x0 = points(rng, n, 2, 0);
        float[] x1 = points(rng, n, 2, 0.5);
        double[] cost = new double[n * n];
        PairCosts.squaredDistances(x0, x1, n, 2, cost);
        int[] exact = LinearAssignment.solve(cost, n);
        double previous = Double.POSITIVE_INFINITY;
        for (double reg : new double[] {10, 1, 0.1, 0.01, 0.001}) {
            double[] plan = Sinkhorn.plan(cost, n, n, reg, 100_000, 1e-10);
            for (int i = 0; i < n; i++) {
                double row = 0;
                double col = 0;
                for (int j = 0; j < n; j++) {
                    row += plan[i * n + j];
                    col += plan[j * n + i];
                }
                assertThat(row).as("row %s at reg %s", i, reg).isCloseTo(1.0 / n, within(1e-5));
                assertThat(col).as("column %s at reg %s", i, reg).isCloseTo(1.0 / n, within(1e-5));
            }
            double distance = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double target = exact[i] == j ? 1.0 / n : 0.0;
                    distance += Math.abs(plan[i * n + j] - target);
                }
            }
            assertThat(distance).as("L1 distance to the exact plan at reg %s", reg).isLessThan(previous);
            previous = distance;
        }
        assertThat(previous).isLessThan(1e-3);
    }

    @Test
    void sinkhornWithLargeRegIsNearlyIndependent() {
        SplittableRandom rng = new SplittableRandom(6);
        int n = 8;
        double[] cost = new double[n * n];
        PairCosts.squaredDistances(points(rng, n, 2, 0), points(rng, n, 2, 0), n, 2, cost);
        double[] plan = Sinkhorn.plan(cost, n, n, 1e6, 1000, 1e-12);
        for (double p : plan) {
            assertThat(p).isCloseTo(1.0 / (n * n), within(1e-6));
        }
    }

    @Test
    void sinkhornCouplingDrawsPairsFromThePlan() {
        SplittableRandom rng = new SplittableRandom(7);
        int n = 64;
        float[] x0 = points(rng, n, 2, 0);
        float[] x1 = points(rng, n, 2, 0);
        float[] ot0 = x0.clone();
        float[] ot1 = x1.clone();
        Couplings.exactOt().couple(rng, ot0, ot1, n, 2);
        double independentCost = pairedCost(x0, x1, n, 2);
        Couplings.sinkhorn(0.01).couple(rng, x0, x1, n, 2);
        // with a small reg the sampled pairs are (with replacement) close to the exact ones
        assertThat(pairedCost(x0, x1, n, 2)).isLessThan(1.5 * pairedCost(ot0, ot1, n, 2))
                .isLessThan(0.5 * independentCost);
    }

    @Test
    void namesParseAndBadOnesAreRejected() {
        assertThat(Couplings.parse("independent").description()).isEqualTo("independent");
        assertThat(Couplings.parse("ot").description()).isEqualTo("exact_ot");
        assertThat(Couplings.parse("sinkhorn:0.05").description()).isEqualTo("sinkhorn(reg=0.05)");
        assertThat(Couplings.parse(Couplings.sinkhorn(0.5).description()).description()).isEqualTo("sinkhorn(reg=0.5)");
        assertThat(Couplings.sinkhorn(0.5, 200).description()).isEqualTo("sinkhorn(reg=0.5, max_iterations=200)");
        for (Coupling c : List.of(Couplings.independent(), Couplings.exactOt(), Couplings.sinkhorn(0.5),
                Couplings.sinkhorn(0.5, 200))) {
            assertThat(Couplings.parse(c.description()).description()).isEqualTo(c.description());
        }
        assertThat(Couplings.parse("sinkhorn:0.5,200").description()).isEqualTo("sinkhorn(reg=0.5, max_iterations=200)");
        assertThatThrownBy(() -> Couplings.parse("sinkhorn:0.5,x")).hasMessageContaining("bad iteration count");
        assertThatThrownBy(() -> Couplings.parse("greedy")).hasMessageContaining("unknown coupling 'greedy'");
        assertThatThrownBy(() -> Couplings.parse("sinkhorn:x")).hasMessageContaining("bad regularisation");
        assertThatThrownBy(() -> Couplings.sinkhorn(0)).hasMessageContaining("positive");
        assertThatThrownBy(() -> Sinkhorn.plan(new double[] {1, Double.NaN}, 1, 2, 1, 10, 1e-9))
                .hasMessageContaining("column 1");
        assertThatThrownBy(() -> Couplings.exactOt().couple(null, new float[5000], new float[5000], 5000, 1))
                .hasMessageContaining("up to 4096");
    }
}
