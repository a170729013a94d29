package io.flowmatch.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flowmatch.datasets.Column;
import io.flowmatch.datasets.Table;
import io.flowmatch.datasets.Tables;
import io.flowmatch.tabular.metrics.TableMetrics;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The tabular flow on Fisher's Iris, ForestFlow's first split (80/20 stratified, seed 0).
 *
 * <p>{@link #aShortRunLearnsIris()} runs by default (1000 steps): a model that learnt nothing, a
 * broken encoder or broken guidance fails it. The bars (mean of 3 seeds of 5000 steps;
 * imputation of 20% removed cells; guided samples) run with {@code -Ptabular}
 * ({@code flowmatch.tabular.quality=true}); they also write the tables to
 * {@code target/iris-quality/} for the Python judge {@code tabular_eval.py}.
 */
class IrisQualityTest {

    private static final String[] NUMBERS = {"sepal_length", "sepal_width", "petal_length", "petal_width"};

    private static boolean quality() {
        return Boolean.getBoolean("flowmatch.tabular.quality");
    }

    /** The coding under test: the default, or {@code -Dflowmatch.tabular.categorical=continuous|discrete}. */
    private static CategoricalCoding coding() {
        String v = System.getProperty("flowmatch.tabular.categorical");
        return v == null || v.isBlank() ? TabularRecipe.defaults().categorical() : CategoricalCoding.parse(v);
    }

    @Test
    void aShortRunLearnsIris() {
        Tables.Split s = Iris.split();
        TabularModel model = TabularFlowMatcher.builder().data(s.train()).condition("species").iterations(1000)
                .categorical(coding()).seed(1L).train();
        Table fake = model.sample(s.train().rowCount(), 2L);
        TableMetrics.Scores scores = TableMetrics.evaluate(s.train(), s.test(), fake, "species");
        assertThat(scores.valid()).isEqualTo(1.0);
        assertThat(scores.w1Train()).isLessThan(0.35);
        assertThat(scores.efficiencyFake()).isGreaterThan(0.85);
        assertThat(scores.copies()).isLessThan(0.2);
        assertThat(guidedAccuracy(model, s.train(), 2.0, 3L)).isGreaterThan(0.8);
    }

    @Test
    void generationMeetsForestFlowsBar() {
        assumeTrue(quality(), "run with -Ptabular");
        Tables.Split s = Iris.split();
        Path out = Path.of("target", "iris-quality");
        Tables.writeCsv(s.train(), out.resolve("train.csv"));
        Tables.writeCsv(s.test(), out.resolve("test.csv"));
        double[] sum = new double[7];
        for (long seed = 0; seed < 3; seed++) {
            TabularModel model = TabularFlowMatcher.builder().data(s.train()).condition("species").iterations(5_000)
                    .categorical(coding()).seed(seed).train();
            Table fake = model.sample(s.train().rowCount(), seed + 100);
            Tables.writeCsv(fake, out.resolve("fake-" + seed + ".csv"));
            TableMetrics.Scores sc = TableMetrics.evaluate(s.train(), s.test(), fake, "species");
            double guided = guidedAccuracy(model, s.train(), 2.0, seed + 200);
            System.out.printf(Locale.ROOT, "iris seed %d: %s guided@2=%.4f%n", seed, sc.line(), guided);
            double[] v = {sc.w1Train(), sc.w1Test(), sc.coverage(), sc.efficiencyFake(), sc.valid(), sc.dcrFake(), guided};
            for (int i = 0; i < v.length; i++) {
                sum[i] += v[i] / 3;
            }
        }
        System.out.printf(Locale.ROOT, "iris mean of 3 seeds: w1_train=%.4f w1_test=%.4f coverage=%.4f f1_fake=%.4f"
                + " valid=%.4f dcr_fake=%.4f guided@2=%.4f%n", sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6]);
        assertThat(sum[0]).isLessThanOrEqualTo(0.20);
        assertThat(sum[1]).isLessThanOrEqualTo(0.33);
        assertThat(sum[2]).isGreaterThanOrEqualTo(0.90);
        assertThat(sum[3]).isGreaterThanOrEqualTo(0.95);
        assertThat(sum[4]).isEqualTo(1.0);
        assertThat(sum[6]).isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void imputationBeatsTheMostFrequentClassAndStaysClose() {
        assumeTrue(quality(), "run with -Ptabular");
        Table iris = Iris.table();
        double maeSum = 0;
        double accSum = 0;
        double baseSum = 0;
        for (long seed = 0; seed < 3; seed++) {
            Table damaged = Tables.removeCells(new SplittableRandom(seed), iris, 0.2);
            TabularModel model = TabularFlowMatcher.builder().data(damaged).condition("species").iterations(5_000)
                    .categorical(coding()).seed(seed).train();
            Table filled = model.impute(damaged, seed + 300);
            double err = 0;
            int cells = 0;
            for (String name : NUMBERS) {
                Column truth = iris.column(name);
                double[] range = truth.range();
                for (int r = 0; r < iris.rowCount(); r++) {
                    if (damaged.column(name).isMissing(r)) {
                        err += Math.abs(filled.column(name).value(r) - truth.value(r)) / (range[1] - range[0]);
                        cells++;
                    }
                }
            }
            Column species = damaged.column("species");
            int[] counts = species.counts();
            int mostFrequent = 0;
            for (int i = 1; i < counts.length; i++) {
                mostFrequent = counts[i] > counts[mostFrequent] ? i : mostFrequent;
            }
            int right = 0;
            int base = 0;
            int removed = 0;
            for (int r = 0; r < iris.rowCount(); r++) {
                if (species.isMissing(r)) {
                    removed++;
                    right += filled.text(r, 4).equals(iris.text(r, 4)) ? 1 : 0;
                    base += iris.text(r, 4).equals(species.categories().get(mostFrequent)) ? 1 : 0;
                }
            }
            System.out.printf(Locale.ROOT, "iris imputation seed %d: mae=%.4f over %d cells, species %d/%d right"
                    + " (most frequent: %d)%n", seed, err / cells, cells, right, removed, base);
            maeSum += err / cells / 3;
            accSum += (double) right / removed / 3;
            baseSum += (double) base / removed / 3;
        }
        System.out.printf(Locale.ROOT, "iris imputation mean: mae=%.4f species_accuracy=%.4f most_frequent=%.4f%n",
                maeSum, accSum, baseSum);
        assertThat(maeSum).isLessThanOrEqualTo(0.10);
        assertThat(accSum).isGreaterThanOrEqualTo(baseSum);
    }

    /**
     * The share of guided samples (50 per species, guidance {@code w}) that a 5-nearest-neighbour
     * classifier trained on the real rows (standardized measurements) assigns to the requested species.
     */
    static double guidedAccuracy(TabularModel model, Table real, double w, long seed) {
        double[][] mean = new double[2][NUMBERS.length];
        for (int j = 0; j < NUMBERS.length; j++) {
            Column c = real.column(NUMBERS[j]);
            double m = 0;
            double ss = 0;
            for (int r = 0; r < c.size(); r++) {
                m += c.value(r) / c.size();
            }
            for (int r = 0; r < c.size(); r++) {
                ss += (c.value(r) - m) * (c.value(r) - m) / c.size();
            }
            mean[0][j] = m;
            mean[1][j] = Math.sqrt(ss);
        }
        int right = 0;
        int total = 0;
        for (String label : real.column("species").categories()) {
            Table t = model.sample(50, Map.of("species", label), w, seed);
            for (int r = 0; r < t.rowCount(); r++) {
                assertThat(t.column("species").text(r)).isEqualTo(label);
                right += knn(real, mean, t, r).equals(label) ? 1 : 0;
                total++;
            }
        }
        return (double) right / total;
    }

    private static String knn(Table real, double[][] scale, Table query, int q) {
        int n = real.rowCount();
        double[] dist = new double[n];
        for (int r = 0; r < n; r++) {
            double s = 0;
            for (int j = 0; j < NUMBERS.length; j++) {
                double a = (real.column(NUMBERS[j]).value(r) - scale[0][j]) / scale[1][j];
                double b = (query.column(NUMBERS[j]).value(q) - scale[0][j]) / scale[1][j];
                s += (a - b) * (a - b);
            }
            dist[r] = s;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(dist[a], dist[b]));
        Map<String, Integer> votes = new java.util.HashMap<>();
        for (int i = 0; i < 5; i++) {
            votes.merge(real.text(order[i], 4), 1, Integer::sum);
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}
