package io.flowmatch.benchmarks;

import io.flowmatch.datasets.Column;
import io.flowmatch.datasets.Table;
import io.flowmatch.discrete.DiscreteFlowMatcher;
import io.flowmatch.discrete.DiscreteFlowModel;
import io.flowmatch.discrete.DiscreteSources;
import io.flowmatch.tabular.CategoricalCoding;
import io.flowmatch.tabular.TabularFlowMatcher;
import io.flowmatch.tabular.TabularModel;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Issue 19's question for the tabular flow: are categorical columns learned better as one-hot
 * blocks of a continuous flow (what {@link TabularFlowMatcher} does) or as tokens of a discrete
 * flow ({@link DiscreteFlowMatcher})? Both learn the same table of four dependent categorical
 * columns (8, 6, 5 and 4 categories, 960 cells, each column a noisy function of the earlier ones)
 * whose joint distribution is known exactly, with the same iterations, batch and seed; the score
 * is the total variation between the joint histogram of the samples and the truth, beside that of
 * a fresh true sample of the same size (the floor), plus the mean over column pairs of the
 * pairwise TV, the fraction of valid rows (a discrete flow over a shared vocabulary of 8 can emit
 * a code a column does not have) and the training time.
 *
 * <p>Run: {@code mvn -B -o -Pbench -pl benchmarks -am package -DskipTests}, then
 * {@code java -cp benchmarks/target/flowmatch-benchmarks.jar io.flowmatch.benchmarks.CategoricalComparison [iterations] [seeds]}.
 * Prints one line per run and a summary; not a unit test (it takes minutes).
 */
public final class CategoricalComparison {

    private static final int[] SIZES = {8, 6, 5, 4};
    private static final int CELLS = 8 * 6 * 5 * 4;

    private CategoricalComparison() {
    }

    /** The exact joint probability of every cell, indexed a + 8 (b + 6 (c + 5 d)). */
    static double[] truth() {
        double[] pa = {0.25, 0.2, 0.15, 0.12, 0.1, 0.08, 0.06, 0.04};
        double[] p = new double[CELLS];
        for (int a = 0; a < 8; a++) {
            for (int b = 0; b < 6; b++) {
                double pb = (b == a % 6 ? 0.7 : 0) + 0.3 / 6;
                for (int c = 0; c < 5; c++) {
                    double pc = (c == (a + b) % 5 ? 0.6 : 0) + 0.4 / 5;
                    for (int d = 0; d < 4; d++) {
                        double pd = (d == (a * c) % 4 ? 0.8 : 0) + 0.2 / 4;
                        p[cell(a, b, c, d)] = pa[a] * pb * pc * pd;
                    }
                }
            }
        }
        return p;
    }

    static int cell(int a, int b, int c, int d) {
        return a + 8 * (b + 6 * (c + 5 * d));
    }

    /** n rows drawn from the truth, as codes [n][4]. */
    static int[][] draw(double[] p, int n, long seed) {
        double[] cdf = new double[p.length];
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += p[i];
            cdf[i] = s;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] rows = new int[n][];
        for (int r = 0; r < n; r++) {
            double u = rng.nextDouble() * s;
            int lo = 0;
            int hi = p.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cdf[mid] < u) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            int k = lo;
            rows[r] = new int[] {k % 8, (k / 8) % 6, (k / 48) % 5, k / 240};
        }
        return rows;
    }

    static Table toTable(int[][] rows) {
        List<Column> cols = new ArrayList<>();
        for (int j = 0; j < 4; j++) {
            List<String> cats = new ArrayList<>();
            for (int k = 0; k < SIZES[j]; k++) {
                cats.add("c" + j + "_" + k);
            }
            int[] codes = new int[rows.length];
            for (int r = 0; r < rows.length; r++) {
                codes[r] = rows[r][j];
            }
            cols.add(Column.categorical("col" + j, cats, codes));
        }
        return Table.of(cols);
    }

    static int[][] fromTable(Table t) {
        int[][] rows = new int[t.rowCount()][4];
        for (int j = 0; j < 4; j++) {
            Column c = t.column(j);
            for (int r = 0; r < rows.length; r++) {
                rows[r][j] = SIZES[j] == c.categories().size() ? c.code(r) : -1;
            }
        }
        return rows;
    }

    /** {joint TV, mean pairwise TV, valid fraction}; invalid rows count as mass outside the support. */
    static double[] score(double[] p, int[][] rows) {
        double[] h = new double[CELLS];
        int valid = 0;
        double[][][] pair = new double[6][][];
        for (int r = 0; r < rows.length; r++) {
            int[] x = rows[r];
            boolean ok = true;
            for (int j = 0; j < 4; j++) {
                ok &= x[j] >= 0 && x[j] < SIZES[j];
            }
            if (ok) {
                valid++;
                h[cell(x[0], x[1], x[2], x[3])] += 1.0 / rows.length;
            }
        }
        double tv = 1.0 - (double) valid / rows.length;
        for (int i = 0; i < CELLS; i++) {
            tv += Math.abs(h[i] - p[i]);
        }
        // pairwise marginals from the joint histograms
        double pairTv = 0;
        int pairs = 0;
        for (int j = 0; j < 4; j++) {
            for (int k = j + 1; k < 4; k++) {
                double[] hm = new double[SIZES[j] * SIZES[k]];
                double[] pm = new double[SIZES[j] * SIZES[k]];
                for (int i = 0; i < CELLS; i++) {
                    int[] x = {i % 8, (i / 8) % 6, (i / 48) % 5, i / 240};
                    hm[x[j] * SIZES[k] + x[k]] += h[i];
                    pm[x[j] * SIZES[k] + x[k]] += p[i];
                }
                double t = 1.0 - (double) valid / rows.length;
                for (int i = 0; i < hm.length; i++) {
                    t += Math.abs(hm[i] - pm[i]);
                }
                pairTv += t / 2;
                pairs++;
            }
        }
        return new double[] {tv / 2, pairTv / pairs, (double) valid / rows.length};
    }

    /**
     * Runs the comparison.
     *
     * @param args optional: iterations (default 3000), seeds (default 3)
     */
    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int n = 20_000;
        double[] p = truth();
        String[] names = {"tabular (one-hot, continuous)", "discrete (mask source)", "discrete (uniform source)",
            "tabular (discrete categories)"};
        double[][] sums = new double[names.length][4];
        double floorSum = 0;
        for (int s = 1; s <= seeds; s++) {
            int[][] train = draw(p, n, 100 + s);
            double floor = score(p, draw(p, n, 200 + s))[0];
            floorSum += floor;
            for (int m = 0; m < names.length; m++) {
                long start = System.nanoTime();
                int[][] fake;
                if (m == 0 || m == 3) {
                    TabularModel model = TabularFlowMatcher.builder().data(toTable(train))
                            .categorical(m == 0 ? CategoricalCoding.CONTINUOUS : CategoricalCoding.DISCRETE)
                            .iterations(iterations).batchSize(256).seed(s).train();
                    double secs = (System.nanoTime() - start) / 1e9;
                    fake = fromTable(model.sample(n, 7L));
                    report(names[m], s, score(p, fake), floor, secs, sums[m]);
                } else {
                    DiscreteFlowModel model = DiscreteFlowMatcher.builder().data(train, 8)
                            .source(m == 1 ? DiscreteSources.mask() : DiscreteSources.uniform())
                            .iterations(iterations).batchSize(256).seed(s).train();
                    double secs = (System.nanoTime() - start) / 1e9;
                    fake = model.sample(n, 64, 7L);
                    report(names[m], s, score(p, fake), floor, secs, sums[m]);
                }
            }
        }
        System.out.printf("summary over %d seeds, %d iterations, %d rows; floor joint TV %.4f%n", seeds, iterations, n, floorSum / seeds);
        for (int m = 0; m < names.length; m++) {
            System.out.printf("%-32s joint_tv=%.4f (%.2fx floor) pair_tv=%.4f valid=%.4f train_s=%.1f%n", names[m],
                    sums[m][0] / seeds, sums[m][0] / floorSum, sums[m][1] / seeds, sums[m][2] / seeds, sums[m][3] / seeds);
        }
    }

    private static void report(String name, int seed, double[] score, double floor, double secs, double[] sum) {
        System.out.printf("%-32s seed=%d joint_tv=%.4f floor=%.4f pair_tv=%.4f valid=%.4f train_s=%.1f%n",
                name, seed, score[0], floor, score[1], score[2], secs);
        sum[0] += score[0];
        sum[1] += score[1];
        sum[2] += score[2];
        sum[3] += secs;
    }
}
