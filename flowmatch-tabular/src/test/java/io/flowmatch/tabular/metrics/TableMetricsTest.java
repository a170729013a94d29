package io.flowmatch.tabular.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.flowmatch.datasets.Column;
import io.flowmatch.datasets.Table;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TableMetricsTest {

    /** x uniform in [0, 10], label "hi" when x > 5: a target a classifier learns from x. */
    private static Table blobs(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        double[] z = new double[n];
        String[] y = new String[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble(0, 10);
            z[i] = rng.nextGaussian();
            y[i] = x[i] > 5 ? "hi" : "lo";
        }
        return Table.of(Column.numeric("x", x), Column.numeric("z", z), Column.categorical("y", y));
    }

    @Test
    void aPerfectCopyIsCaught() {
        Table train = blobs(60, 1);
        Table test = blobs(20, 2);
        TableMetrics.Scores s = TableMetrics.evaluate(train, test, train, "y");
        assertThat(s.w1Train()).isZero();
        assertThat(s.coverage()).isEqualTo(1.0);
        assertThat(s.dcrFake()).isZero();
        assertThat(s.copies()).isEqualTo(1.0);
        assertThat(s.dcrReal()).isPositive();
        assertThat(s.valid()).isEqualTo(1.0);
        assertThat(s.efficiencyName()).isEqualTo("f1");
        assertThat(s.efficiencyFake()).isEqualTo(s.efficiencyReal());
        assertThat(s.efficiencyReal()).isGreaterThan(0.85);
        assertThat(s.line()).startsWith("w1_train=0.0000 w1_test=").contains(" f1_fake=").contains(" copies=1.0000");
    }

    @Test
    void w1MatchesAHandComputedCase() {
        // one numeric column, min-max scaled on train [0, 4]: train {0, 4}, fake {1, 3} -> mean |shift| = 1/4
        Table train = Table.of(Column.numeric("x", new double[] {0, 4}));
        Table fake = Table.of(Column.numeric("x", new double[] {1, 3}));
        assertThat(TableMetrics.evaluate(train, null, fake, null).w1Train()).isCloseTo(0.25, offset(1e-12));
        // unequal sizes (2 vs 4: lcm 4): fake {0, 0, 4, 4} is the same measure as train
        Table four = Table.of(Column.numeric("x", new double[] {0, 4, 0, 4}));
        assertThat(TableMetrics.evaluate(train, null, four, null).w1Train()).isZero();
        // a different label costs 1 (one-hot / 2, L1)
        Table a = Table.of(Column.categorical("c", "p", "q"));
        Table b = Table.of(Column.categorical("c", "p", "p"));
        assertThat(TableMetrics.evaluate(a, null, b, null).w1Train()).isCloseTo(0.5, offset(1e-12));
    }

    @Test
    void shiftedFakesScoreWorseThanFreshRealRows() {
        Table train = blobs(120, 1);
        Table test = blobs(30, 2);
        Table fresh = blobs(120, 3);
        double[] shifted = new double[120];
        for (int i = 0; i < 120; i++) {
            shifted[i] = fresh.column("z").value(i) + 2;
        }
        Table bad = fresh.withColumn(1, Column.numeric("z", shifted));
        TableMetrics.Scores good = TableMetrics.evaluate(train, test, fresh, null);
        TableMetrics.Scores worse = TableMetrics.evaluate(train, test, bad, null);
        assertThat(worse.w1Train()).isGreaterThan(good.w1Train() + 0.2);
        assertThat(worse.coverage()).isLessThan(good.coverage());
        assertThat(good.copies()).isZero();
        assertThat(good.dcrFake()).isCloseTo(good.dcrReal(), offset(0.1));
    }

    @Test
    void validityCountsMissingCellsUnseenLabelsAndFractionsInIntegers() {
        Table train = Table.of(Column.integer("n", new double[] {1, 2, 3}), Column.categorical("c", "a", "b", "a"));
        Table fake = Table.of(Column.numeric("n", new double[] {1, 2.5, Double.NaN, 2}),
                Column.categorical("c", "a", "a", "a", "zz"));
        TableMetrics.Scores s = TableMetrics.evaluate(train, null, fake, null);
        assertThat(s.valid()).isEqualTo(0.25);
        assertThat(s.fakeRows()).isEqualTo(4);
    }

    @Test
    void regressionTargetsScoreR2() {
        SplittableRandom rng = new SplittableRandom(4);
        int n = 150;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble(-1, 1);
            y[i] = 3 * x[i] + 0.1 * rng.nextGaussian();
        }
        Table all = Table.of(Column.numeric("x", x), Column.numeric("y", y));
        Table train = all.rows(java.util.stream.IntStream.range(0, 100).toArray());
        Table test = all.rows(java.util.stream.IntStream.range(100, 150).toArray());
        TableMetrics.Scores s = TableMetrics.evaluate(train, test, train, "y");
        assertThat(s.efficiencyName()).isEqualTo("r2");
        assertThat(s.efficiencyReal()).isGreaterThan(0.9);
    }

    @Test
    void macroF1FollowsScikitLearn() {
        // sklearn: f1_score(["a","a","b","c"], ["a","b","b","b"], average="macro") = (2/3 + 1/2 + 0) / 3
        assertThat(Efficiency.macroF1(List.of("a", "a", "b", "c"), List.of("a", "b", "b", "b")))
                .isCloseTo((2.0 / 3 + 0.5) / 3, offset(1e-12));
    }

    @Test
    void refusesIncompleteRealTables() {
        Table train = Table.of(Column.numeric("x", new double[] {1, Double.NaN}));
        assertThatThrownBy(() -> TableMetrics.evaluate(train, null, train, null))
                .hasMessageContaining("1 missing cells in column 'x'");
        Table ok = Table.of(Column.numeric("x", new double[] {1, 2}));
        Table other = Table.of(Column.numeric("w", new double[] {1, 2}));
        assertThatThrownBy(() -> TableMetrics.evaluate(ok, null, other, null))
                .hasMessageContaining("the fake table has no column 'x'");
    }
}
