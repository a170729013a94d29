package io.flowmatch.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearAssignmentTest {

    /** Kinds of random cost matrices for the brute-force comparison. */
    private static double[][] randomCost(int n, int kind, SplittableRandom rng) {
        double[][] c = new double[n][n];
        double[] rowOffset = new double[n];
        double[] columnOffset = new double[n];
        for (int i = 0; i < n; i++) {
            rowOffset[i] = rng.nextDouble(-1000, 1000);
            columnOffset[i] = rng.nextDouble(-1000, 1000);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                c[i][j] = switch (kind) {
                    case 0 -> rng.nextDouble(-5, 5);                          // continuous, negative too
                    case 1 -> rng.nextInt(4) - 1;                             // many ties, in {-1, 0, 1, 2}
                    case 2 -> 7;                                              // all equal
                    case 3 -> rng.nextInt(3) + rowOffset[i] + columnOffset[j]; // strong row/column offsets
                    default -> -Math.abs(rng.nextGaussian()) * 1e6;           // large negative values
                };
            }
        }
        return c;
    }

    @Test
    void matchesBruteForceOverAllPermutationsForSmallRandomMatrices() {
        SplittableRandom rng = new SplittableRandom(11);
        int checked = 0;
        for (int n = 1; n <= 7; n++) {
            int trials = n <= 5 ? 300 : n == 6 ? 120 : 40;
            for (int trial = 0; trial < trials; trial++) {
                int kind = trial % 5;
                double[][] c = randomCost(n, kind, rng);
                double[] flat = TestPoints.flatten(c);
                int[] assignment = LinearAssignment.solve(flat, n);
                assertThat(TestPoints.isPermutation(assignment)).as("n=%d kind=%d", n, kind).isTrue();
                double optimum = TestPoints.bruteForceMinimum(c);
                double scale = Math.max(1, Math.abs(optimum));
                assertThat(LinearAssignment.totalCost(flat, n, assignment))
                        .as("n=%d trial=%d kind=%d", n, trial, kind)
                        .isCloseTo(optimum, within(1e-12 * scale * n));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(1500);
    }

    @Test
    void solvesKnownSmallExamples() {
        // SciPy's linear_sum_assignment example: unique optimum rows -> [1, 0, 2], total 1 + 2 + 2 = 5
        double[] cost = {4, 1, 3, 2, 0, 5, 3, 2, 2};
        int[] assignment = LinearAssignment.solve(cost, 3);
        assertThat(assignment).containsExactly(1, 0, 2);
        assertThat(LinearAssignment.totalCost(cost, 3, assignment)).isEqualTo(5.0);
        // greedy row by row would take 1 + 100; the optimum swaps: 2 + 2
        assertThat(LinearAssignment.solve(new double[] {1, 2, 2, 100}, 2)).containsExactly(1, 0);
        assertThat(LinearAssignment.solve(new double[] {-3.5}, 1)).containsExactly(0);
    }

    @Test
    void findsTheUniqueZeroCostPermutationOfALargeMatrix() {
        // cost[i][j] = |pi(j) - i|: zero exactly on j = pi^-1(i), at least 1 elsewhere
        int n = 2000;
        int[] pi = TestPoints.permutation(n, 5);
        int[] inverse = new int[n];
        for (int j = 0; j < n; j++) {
            inverse[pi[j]] = j;
        }
        double[] cost = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                cost[i * n + j] = Math.abs(pi[j] - i);
            }
        }
        assertThat(LinearAssignment.solve(cost, n)).containsExactly(inverse);
    }

    @Test
    void matchesTheSortedMatchingForSquaredDistancesOnALineAtNEquals2000() {
        // squared distance on a line is convex, so matching both point sets in sorted order is
        // optimal; the nearest-point start leaves about 40% of the rows free, and the searches
        // that place them are long (about 150,000 steps in all)
        int n = 2000;
        SplittableRandom rng = new SplittableRandom(6);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextGaussian();
            y[i] = rng.nextGaussian();
        }
        double[] cost = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                cost[i * n + j] = (x[i] - y[j]) * (x[i] - y[j]);
            }
        }
        int[] assignment = LinearAssignment.solve(cost, n);
        assertThat(TestPoints.isPermutation(assignment)).isTrue();
        double[] xs = x.clone();
        double[] ys = y.clone();
        Arrays.sort(xs);
        Arrays.sort(ys);
        double sorted = 0;
        for (int i = 0; i < n; i++) {
            sorted += (xs[i] - ys[i]) * (xs[i] - ys[i]);
        }
        assertThat(LinearAssignment.totalCost(cost, n, assignment)).isCloseTo(sorted, within(1e-9 * sorted));
    }

    @Test
    void doesNotModifyTheCostMatrix() {
        double[] cost = TestPoints.flatten(randomCost(6, 0, new SplittableRandom(7)));
        double[] copy = cost.clone();
        LinearAssignment.solve(cost, 6);
        assertThat(cost).containsExactly(copy);
    }

    @Test
    void rejectsInvalidInputWithAClearMessage() {
        assertThatThrownBy(() -> LinearAssignment.solve(new double[0], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1, got 0");
        assertThatThrownBy(() -> LinearAssignment.solve(null, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be null");
        assertThatThrownBy(() -> LinearAssignment.solve(new double[6], 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be square").hasMessageContaining("n * n = 4").hasMessageContaining("got 6");
        assertThatThrownBy(() -> LinearAssignment.solve(new double[] {1, 2, Double.NaN, 4}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("cost matrix has NaN at row 1, column 0");
        assertThatThrownBy(() -> LinearAssignment.solve(new double[] {1, Double.NEGATIVE_INFINITY, 3, 4}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cost matrix has -Infinity at row 0, column 1");
        assertThatThrownBy(() -> LinearAssignment.solve(new double[] {1, 2, 3, 1e300}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1, column 1")
                .hasMessageContaining("exceeds the supported magnitude");
    }

    @Test
    void totalCostRejectsANonPermutation() {
        double[] cost = {1, 2, 3, 4};
        assertThat(LinearAssignment.totalCost(cost, 2, new int[] {1, 0})).isEqualTo(5.0);
        assertThatThrownBy(() -> LinearAssignment.totalCost(cost, 2, new int[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a permutation");
        assertThatThrownBy(() -> LinearAssignment.totalCost(cost, 2, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n = 2");
    }
}
