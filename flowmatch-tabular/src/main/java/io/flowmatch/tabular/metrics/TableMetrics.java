package io.flowmatch.tabular.metrics;

import io.flowmatch.core.metrics.LinearAssignment;
import io.flowmatch.datasets.Column;
import io.flowmatch.datasets.ColumnType;
import io.flowmatch.datasets.Table;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * How good a synthetic table is, measured as the tabular generation literature does
 * (ForestFlow, Jolicoeur-Martineau et al., AISTATS 2024, whose metric code this follows), in the
 * {@link MetricSpace} fitted on the training table:
 * <ul>
 *   <li><b>W1</b> (train and test): the exact 1-Wasserstein distance, with L1 ground cost,
 *       between the uniform measures on the fake rows and on the training (held-out) rows;</li>
 *   <li><b>coverage</b> (train and test): the share of real rows with a fake row strictly
 *       inside the ball reaching their k-th nearest real neighbour (k chosen as the reference
 *       does: one more than the smallest k at which the real rows cover themselves at 95%);</li>
 *   <li><b>efficiency</b>: macro F1 (a label target) or R2 (a number target) on the held-out
 *       rows of classifiers trained on the fake rows, beside the same trained on the real ones
 *       (see {@link Efficiency});</li>
 *   <li><b>DCR</b>: the median distance from a fake row to its closest training row, beside the
 *       same for held-out rows; a model that copies its training rows has a much smaller one, and
 *       <b>copies</b> is the share of fake rows identical to a training row;</li>
 *   <li><b>valid</b>: the share of fake rows whose every cell is present, every number finite
 *       (whole for an integer column) and every label one seen in training.</li>
 * </ul>
 * Invalid fake rows are dropped from the other metrics (those with an unseen label are kept, the
 * label getting its own one-hot column, as in the reference judge).
 *
 * <p>W1 is exact: an assignment problem when both tables have the same number of rows, or, for
 * different sizes n and m, on lcm(n, m) copies when that is at most {@link #MAX_EXACT_ROWS};
 * otherwise it is the mean over 3 pairs of equal-size random subsamples of at most
 * {@link #MAX_EXACT_ROWS} rows ({@link Scores#w1Approximate()} says so). Distances cost
 * O(n m d); coverage O(n^2 d).
 */
public final class TableMetrics {

    /** The largest assignment problem solved for W1 (O(n^3) time, n^2 doubles). */
    public static final int MAX_EXACT_ROWS = 3000;

    private TableMetrics() {
    }

    /**
     * The scores of one fake table.
     *
     * @param efficiencyName "f1" for a label target, "r2" for a number target, "" without a target
     */
    public record Scores(double w1Train, double w1Test, double coverage, double coverageTest,
                         String efficiencyName, double efficiencyFake, double efficiencyReal,
                         double dcrFake, double dcrReal, double valid, double copies, int fakeRows, int k,
                         boolean w1Approximate) {

        /** One line {@code key=value ...} in the reference judge's order (NaN where not measured). */
        public String line() {
            StringBuilder s = new StringBuilder();
            s.append(String.format(java.util.Locale.ROOT, "w1_train=%.4f w1_test=%.4f coverage=%.4f coverage_test=%.4f",
                    w1Train, w1Test, coverage, coverageTest));
            if (!efficiencyName.isEmpty()) {
                s.append(String.format(java.util.Locale.ROOT, " %s_fake=%.4f %s_real=%.4f", efficiencyName,
                        efficiencyFake, efficiencyName, efficiencyReal));
            }
            s.append(String.format(java.util.Locale.ROOT, " dcr_fake=%.4f dcr_real=%.4f valid=%.4f copies=%.4f n_fake=%d k=%d",
                    dcrFake, dcrReal, valid, copies, fakeRows, k));
            if (w1Approximate) {
                s.append(" w1=subsampled");
            }
            return s.toString();
        }
    }

    /**
     * Scores {@code fake} against {@code train} and the held-out {@code test}.
     *
     * @param train  the training table (the metric space, W1/coverage train, DCR, validity)
     * @param test   held-out real rows, or null (then the test metrics and efficiency are NaN)
     * @param fake   the synthetic table, with at least train's columns (by name)
     * @param target the column the efficiency classifiers predict, or null for none
     * @throws IllegalArgumentException if a table lacks a column, train or test has missing cells,
     *                                  or the target is unknown
     */
    public static Scores evaluate(Table train, Table test, Table fake, String target) {
        if (train == null || fake == null) {
            throw new IllegalArgumentException("train and fake tables must not be null");
        }
        requireComplete(train, "train");
        if (test != null) {
            requireComplete(test, "test");
            requireColumns(train, test, "test");
        }
        requireColumns(train, fake, "fake");
        if (target != null) {
            train.column(target);
        }
        boolean[] valid = validRows(train, fake);
        int validCount = 0;
        for (boolean b : valid) {
            validCount += b ? 1 : 0;
        }
        double validShare = fake.rowCount() == 0 ? 0 : (double) validCount / fake.rowCount();
        Table usable = fake.rows(usableRows(train, fake));
        MetricSpace space = MetricSpace.fit(train, test, usable);
        double[] tr = space.map(train);
        double[] te = test == null ? null : space.map(test);
        double[] fk = space.map(usable);
        int d = space.dimension();
        int nTrain = tr.length / d;
        int nFake = fk.length / d;
        boolean[] approx = new boolean[1];
        double w1Train = w1(space, tr, fk, approx);
        double w1Test = te == null ? Double.NaN : w1(space, te, fk, approx);
        Radii radii = radii(space, tr);
        double coverage = coverage(space, tr, radii.radius, fk);
        double coverageTest = Double.NaN;
        if (te != null) {
            coverageTest = coverage(space, te, radii(space, te).radius, fk);
        }
        double[] closest = closest(space, fk, tr);
        double dcrFake = nFake == 0 ? Double.NaN : median(closest);
        int copies = 0;
        for (double c : closest) {
            copies += c == 0 ? 1 : 0;
        }
        double dcrReal = te == null ? Double.NaN : median(closest(space, te, tr));
        String effName = "";
        double effFake = Double.NaN;
        double effReal = Double.NaN;
        if (target != null && test != null) {
            Efficiency eff = new Efficiency(train, target);
            effName = eff.isClassification() ? "f1" : "r2";
            effFake = eff.score(usable, test);
            effReal = eff.score(train, test);
        }
        return new Scores(w1Train, w1Test, coverage, coverageTest, effName, effFake, effReal, dcrFake, dcrReal,
                validShare, nFake == 0 ? 0 : (double) copies / nFake, fake.rowCount(), radii.k, approx[0]);
    }

    private static void requireComplete(Table t, String what) {
        for (Column c : t.columns()) {
            if (c.missingCount() > 0) {
                throw new IllegalArgumentException("the " + what + " table has " + c.missingCount()
                        + " missing cells in column '" + c.name() + "'; metrics need complete real rows");
            }
        }
    }

    private static void requireColumns(Table train, Table other, String what) {
        for (Column c : train.columns()) {
            if (other.indexOf(c.name()) < 0) {
                throw new IllegalArgumentException("the " + what + " table has no column '" + c.name() + "'");
            }
        }
    }

    /** Rows valid as defined in the class description. */
    static boolean[] validRows(Table train, Table fake) {
        boolean[] ok = new boolean[fake.rowCount()];
        Arrays.fill(ok, true);
        for (Column c : train.columns()) {
            Column f = fake.column(c.name());
            Set<String> seen = c.isCategorical() ? new HashSet<>(c.categories()) : null;
            for (int r = 0; r < ok.length; r++) {
                if (f.isMissing(r)) {
                    ok[r] = false;
                } else if (seen != null) {
                    ok[r] &= seen.contains(f.text(r));
                } else {
                    double v = number(f, r);
                    ok[r] &= Double.isFinite(v) && (c.type() != ColumnType.INTEGER || v == Math.rint(v));
                }
            }
        }
        return ok;
    }

    /** Rows with every cell present and every number finite (unseen labels allowed). */
    private static int[] usableRows(Table train, Table fake) {
        int[] keep = new int[fake.rowCount()];
        int n = 0;
        for (int r = 0; r < fake.rowCount(); r++) {
            boolean ok = true;
            for (Column c : train.columns()) {
                Column f = fake.column(c.name());
                ok &= !f.isMissing(r) && (c.isCategorical() || Double.isFinite(number(f, r)));
            }
            if (ok) {
                keep[n++] = r;
            }
        }
        return Arrays.copyOf(keep, n);
    }

    private static double number(Column f, int r) {
        if (!f.isCategorical()) {
            return f.value(r);
        }
        try {
            return Double.parseDouble(f.text(r));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Exact W1 between the uniform measures on the rows of a and b (see the class description). */
    static double w1(MetricSpace space, double[] a, double[] b, boolean[] approximate) {
        int d = space.dimension();
        int n = a.length / d;
        int m = b.length / d;
        if (n == 0 || m == 0) {
            return Double.NaN;
        }
        long lcm = (long) n / gcd(n, m) * m;
        if (lcm <= MAX_EXACT_ROWS) {
            int size = (int) lcm;
            double[] cost = new double[size * size];
            int ra = size / n;
            int rb = size / m;
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    cost[i * size + j] = space.distance(a, i / ra, b, j / rb);
                }
            }
            int[] match = LinearAssignment.solve(cost, size);
            double total = 0;
            for (int i = 0; i < size; i++) {
                total += cost[i * size + match[i]];
            }
            return total / size;
        }
        approximate[0] = true;
        int size = Math.min(MAX_EXACT_ROWS, Math.min(n, m));
        SplittableRandom rng = new SplittableRandom(0);
        double sum = 0;
        for (int rep = 0; rep < 3; rep++) {
            sum += w1(space, subsample(a, n, d, size, rng), subsample(b, m, d, size, rng), new boolean[1]);
        }
        return sum / 3;
    }

    private static double[] subsample(double[] x, int n, int d, int size, SplittableRandom rng) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        double[] out = new double[size * d];
        for (int i = 0; i < size; i++) {
            int k = i + rng.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[k];
            idx[k] = t;
            System.arraycopy(x, idx[i] * d, out, i * d, d);
        }
        return out;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private record Radii(double[] radius, int k) {
    }

    /** The reference's k selection and each real row's distance to its k-th nearest real neighbour. */
    static Radii radii(MetricSpace space, double[] real) {
        int d = space.dimension();
        int n = real.length / d;
        int[] zeros = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                zeros[i] += space.distance(real, i, real, j) == 0 ? 1 : 0;
            }
        }
        int k = 1;
        double cov = 0;
        while (cov < 0.95) {
            int c = 0;
            for (int z : zeros) {
                c += z <= k ? 1 : 0;
            }
            cov = (double) c / n;
            k++;
        }
        k = Math.max(0, Math.min(k, n - 1));
        double[] radius = new double[n];
        double[] row = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                row[j] = space.distance(real, i, real, j);
            }
            Arrays.sort(row);
            radius[i] = row[k];
        }
        return new Radii(radius, k);
    }

    static double coverage(MetricSpace space, double[] real, double[] radius, double[] fake) {
        int d = space.dimension();
        int n = real.length / d;
        int m = fake.length / d;
        if (m == 0) {
            return 0;
        }
        int hit = 0;
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < m && best >= radius[i]; j++) {
                best = Math.min(best, space.distance(real, i, fake, j));
            }
            hit += best < radius[i] ? 1 : 0;
        }
        return (double) hit / n;
    }

    /** For each row of {@code query}, the distance to the closest row of {@code ref}. */
    static double[] closest(MetricSpace space, double[] query, double[] ref) {
        int d = space.dimension();
        int n = query.length / d;
        int m = ref.length / d;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                best = Math.min(best, space.distance(query, i, ref, j));
            }
            out[i] = best;
        }
        return out;
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
