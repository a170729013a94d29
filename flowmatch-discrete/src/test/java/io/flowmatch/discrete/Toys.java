package io.flowmatch.discrete;

import java.util.SplittableRandom;

/**
 * Token distributions whose every probability is known exactly, and the statistics that compare
 * samples with them: the 2-D checkerboard and a first-order Markov chain over 8 tokens.
 */
final class Toys {

    private Toys() {
    }

    // ---- the 2-D checkerboard: cells (i, j) of a side x side grid, blocks of side/4 ----

    /** Whether cell (i, j) is in the checkerboard's support: floor(i/b) + floor(j/b) even, b = side / 4. */
    static boolean inCheckerboard(int i, int j, int side) {
        int block = side / 4;
        return ((i / block) + (j / block)) % 2 == 0;
    }

    /** n cells drawn uniformly from the support. */
    static int[][] checkerboard(int n, int side, SplittableRandom rng) {
        int[][] out = new int[n][];
        for (int r = 0; r < n; r++) {
            int i;
            int j;
            do {
                i = rng.nextInt(side);
                j = rng.nextInt(side);
            } while (!inCheckerboard(i, j, side));
            out[r] = new int[] {i, j};
        }
        return out;
    }

    /** The fraction of samples in the support. */
    static double checkerboardSupport(int[][] samples, int side) {
        int in = 0;
        for (int[] s : samples) {
            in += inCheckerboard(s[0], s[1], side) ? 1 : 0;
        }
        return (double) in / samples.length;
    }

    /** Total variation between the samples' side x side histogram and the uniform distribution on the support. */
    static double checkerboardTv(int[][] samples, int side) {
        double[] counts = new double[side * side];
        for (int[] s : samples) {
            counts[s[0] * side + s[1]]++;
        }
        double cells = side * side / 2.0;
        double tv = 0;
        for (int i = 0; i < side; i++) {
            for (int j = 0; j < side; j++) {
                double p = inCheckerboard(i, j, side) ? 1 / cells : 0;
                tv += Math.abs(counts[i * side + j] / samples.length - p);
            }
        }
        return tv / 2;
    }

    // ---- a first-order Markov chain over 8 tokens: from a to a (0.2), a + 1 (0.6), a + 3 (0.2), mod 8 ----

    static final int CHAIN_TOKENS = 8;

    /** The transition matrix: doubly stochastic, so a uniform start keeps every position uniform. */
    static double[][] chain() {
        double[][] t = new double[CHAIN_TOKENS][CHAIN_TOKENS];
        for (int a = 0; a < CHAIN_TOKENS; a++) {
            t[a][a] += 0.2;
            t[a][(a + 1) % CHAIN_TOKENS] += 0.6;
            t[a][(a + 3) % CHAIN_TOKENS] += 0.2;
        }
        return t;
    }

    /** n sequences of the chain started uniformly. */
    static int[][] markov(int n, int length, SplittableRandom rng) {
        double[][] t = chain();
        int[][] out = new int[n][length];
        for (int[] row : out) {
            row[0] = rng.nextInt(CHAIN_TOKENS);
            for (int l = 1; l < length; l++) {
                double u = rng.nextDouble();
                int b = 0;
                double c = t[row[l - 1]][0];
                while (u >= c && b < CHAIN_TOKENS - 1) {
                    c += t[row[l - 1]][++b];
                }
                row[l] = b;
            }
        }
        return out;
    }

    /**
     * Total variation between the samples' bigram frequencies (every adjacent pair of every
     * sequence, pooled) and the chain's, P(a, b) = T[a][b] / 8 at every position.
     */
    static double bigramTv(int[][] samples) {
        double[][] t = chain();
        double[] counts = new double[CHAIN_TOKENS * CHAIN_TOKENS];
        long pairs = 0;
        for (int[] s : samples) {
            for (int l = 0; l + 1 < s.length; l++) {
                counts[s[l] * CHAIN_TOKENS + s[l + 1]]++;
                pairs++;
            }
        }
        double tv = 0;
        for (int a = 0; a < CHAIN_TOKENS; a++) {
            for (int b = 0; b < CHAIN_TOKENS; b++) {
                tv += Math.abs(counts[a * CHAIN_TOKENS + b] / pairs - t[a][b] / CHAIN_TOKENS);
            }
        }
        return tv / 2;
    }

    /** The fraction of sequences whose every transition has positive probability under the chain. */
    static double markovValid(int[][] samples) {
        double[][] t = chain();
        int valid = 0;
        for (int[] s : samples) {
            boolean ok = true;
            for (int l = 0; l + 1 < s.length && ok; l++) {
                ok = t[s[l]][s[l + 1]] > 0;
            }
            valid += ok ? 1 : 0;
        }
        return (double) valid / samples.length;
    }

    /** The largest total variation, over positions, between the samples' marginal and the uniform one. */
    static double worstMarginalTv(int[][] samples, int vocabulary) {
        double worst = 0;
        for (int l = 0; l < samples[0].length; l++) {
            double[] counts = new double[vocabulary];
            for (int[] s : samples) {
                counts[s[l]]++;
            }
            double tv = 0;
            for (double c : counts) {
                tv += Math.abs(c / samples.length - 1.0 / vocabulary);
            }
            worst = Math.max(worst, tv / 2);
        }
        return worst;
    }

    /** The baseline a model must beat: every position drawn independently from its marginal in {@code data}. */
    static int[][] independentMarginals(int[][] data, int n, SplittableRandom rng) {
        int length = data[0].length;
        int[][] out = new int[n][length];
        for (int[] row : out) {
            for (int l = 0; l < length; l++) {
                row[l] = data[rng.nextInt(data.length)][l];
            }
        }
        return out;
    }
}
