package io.flowmatch.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearAssignmentTest {

    @Test
    void matchesBruteForceOnSmallRandomProblems() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + trial % 7;
            double[] cost = new double[n * n];
            for (int k = 0; k < cost.length; k++) {
                // include ties and negative costs
                cost[k] = trial % 3 == 0 ? rng.nextInt(4) - 1 : rng.nextDouble(-5, 5);
            }
            int[] match = LinearAssignment.solve(cost, n);
            assertThat(isPermutation(match)).isTrue();
            assertThat(total(cost, match, n)).isCloseTo(bruteForce(cost, n), within(1e-9));
        }
    }

    @Test
    void findsAHiddenPermutationOnALargeProblem() {
        int n = 1500;
        SplittableRandom rng = new SplittableRandom(2);
        int[] hidden = new int[n];
        for (int i = 0; i < n; i++) {
            hidden[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = hidden[i];
            hidden[i] = hidden[j];
            hidden[j] = t;
        }
        double[] cost = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                cost[i * n + j] = j == hidden[i] ? 0 : 1 + rng.nextDouble();
            }
        }
        assertThat(LinearAssignment.solve(cost, n)).containsExactly(hidden);
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> LinearAssignment.solve(new double[3], 2)).hasMessageContaining("n * n = 4");
        assertThatThrownBy(() -> LinearAssignment.solve(new double[] {1, Double.NaN, 0, 1}, 2))
                .hasMessageContaining("row 0, column 1");
        assertThatThrownBy(() -> LinearAssignment.solve(new double[0], 0)).hasMessageContaining("at least 1");
    }

    private static boolean isPermutation(int[] p) {
        boolean[] seen = new boolean[p.length];
        for (int v : p) {
            if (v < 0 || v >= p.length || seen[v]) {
                return false;
            }
            seen[v] = true;
        }
        return true;
    }

    private static double total(double[] cost, int[] match, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += cost[i * n + match[i]];
        }
        return s;
    }

    private static double bruteForce(double[] cost, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return permute(cost, n, p, 0);
    }

    private static double permute(double[] cost, int n, int[] p, int k) {
        if (k == n) {
            return total(cost, p, n);
        }
        double best = Double.POSITIVE_INFINITY;
        for (int i = k; i < n; i++) {
            int t = p[k];
            p[k] = p[i];
            p[i] = t;
            best = Math.min(best, permute(cost, n, p, k + 1));
            p[i] = p[k];
            p[k] = t;
        }
        return best;
    }
}
