package io.flowmatch.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.io.ModelFile;
import io.flowmatch.datasets.Column;
import io.flowmatch.datasets.Table;
import io.flowmatch.datasets.Tables;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tabular flow with {@link CategoricalCoding#DISCRETE}: categorical and binary columns as
 * masked tokens beside continuous numbers. The table: "a" uniform over 5 categories, "b" equal to
 * a + 1 (mod 5) with probability 0.9, x ~ N(2 a, 0.3) numeric and "big" a binary column telling
 * whether x &gt; 4. Drawing each column from its marginal keeps the b = a + 1 relation in about
 * 28% of rows and big in agreement with x in about 60%, so a model that did not learn the
 * dependencies (or a sampler that ignores the logits) fails the checks.
 */
class DiscreteCategoriesTest {

    private static Table data;
    private static TabularModel model;

    static Table generate(int rows, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] a = new int[rows];
        int[] b = new int[rows];
        double[] x = new double[rows];
        int[] big = new int[rows];
        for (int i = 0; i < rows; i++) {
            a[i] = rng.nextInt(5);
            b[i] = rng.nextDouble() < 0.9 ? (a[i] + 1) % 5 : rng.nextInt(5);
            x[i] = 2 * a[i] + 0.3 * rng.nextGaussian();
            big[i] = x[i] > 4 ? 1 : 0;
        }
        List<String> cats = List.of("p", "q", "r", "s", "t");
        return Table.of(Column.categorical("a", cats, a), Column.categorical("b", cats, b), Column.numeric("x", x),
                Column.binary("big", List.of("no", "yes"), big));
    }

    @BeforeAll
    static void train() {
        data = generate(2000, 1);
        model = TabularFlowMatcher.builder().data(data).categorical(CategoricalCoding.DISCRETE).iterations(1500)
                .seed(3L).train();
    }

    private static double chained(Table t) {
        int agree = 0;
        for (int r = 0; r < t.rowCount(); r++) {
            agree += t.column("b").code(r) == (t.column("a").code(r) + 1) % 5 ? 1 : 0;
        }
        return (double) agree / t.rowCount();
    }

    private static double bigAgrees(Table t) {
        int agree = 0;
        for (int r = 0; r < t.rowCount(); r++) {
            agree += (t.column("x").value(r) > 4) == (t.column("big").code(r) == 1) ? 1 : 0;
        }
        return (double) agree / t.rowCount();
    }

    @Test
    void samplesKeepTheDependenciesBetweenTokensAndNumbers() {
        Table fake = model.sample(2000, 5L);
        assertThat(fake.names()).isEqualTo(data.names());
        assertThat(fake.types()).isEqualTo(data.types());
        // the data: 0.92; cells revealed in the same step are drawn independently, so few steps lose some
        assertThat(chained(fake)).isGreaterThan(0.8);
        assertThat(chained(model.withSampler(io.flowmatch.solvers.Solvers.euler(), 48).sample(2000, 5L)))
                .isGreaterThan(0.86);
        assertThat(bigAgrees(fake)).isGreaterThan(0.9);
        // x sits near 2a: the numbers see the tokens revealed so far
        double err = 0;
        for (int r = 0; r < fake.rowCount(); r++) {
            err += Math.abs(fake.column("x").value(r) - 2 * fake.column("a").code(r));
        }
        assertThat(err / fake.rowCount()).isLessThan(0.6);
        // every category drawn, in roughly the training proportions
        int[] counts = fake.column("a").counts();
        for (int c : counts) {
            assertThat(c).isBetween(250, 550);
        }
    }

    @Test
    void fixedCellsConditionTheRest() {
        Table fake = model.sample(500, Map.of("a", "r"), 1.0, 6L);
        int right = 0;
        for (int r = 0; r < fake.rowCount(); r++) {
            assertThat(fake.text(r, 0)).isEqualTo("r");
            right += fake.text(r, 1).equals("s") ? 1 : 0;
        }
        assertThat((double) right / fake.rowCount()).isGreaterThan(0.8);
    }

    @Test
    void imputationReadsTheTokenFromItsNeighbours() {
        Table test = generate(300, 9);
        Table damaged = Tables.removeCells(new SplittableRandom(4), test, 0.25);
        Table filled = model.impute(damaged, 3, 8L);
        int removed = 0;
        int right = 0;
        for (int r = 0; r < test.rowCount(); r++) {
            for (int j : new int[] {0, 1, 3}) {
                if (damaged.isMissing(r, j)) {
                    removed++;
                    right += filled.text(r, j).equals(test.text(r, j)) ? 1 : 0;
                } else {
                    assertThat(filled.text(r, j)).isEqualTo(test.text(r, j));
                }
            }
        }
        // guessing from the marginals would get about 20-50% right
        assertThat((double) right / removed).isGreaterThan(0.8);
    }

    @Test
    void savedModelsLoadWithTheirCodingAndSampleIdentically(@TempDir Path dir) {
        Path file = dir.resolve("tokens.flow");
        model.save(file);
        TabularModel again = TabularModel.load(file);
        assertThat(again.recipe().categorical()).isEqualTo(CategoricalCoding.DISCRETE);
        assertThat(again.provenance()).containsEntry("categorical", "discrete");
        assertThat(again.sample(300, 11L)).isEqualTo(model.sample(300, 11L));
    }

    @Test
    void filesWithoutTheKeyReadAsContinuous(@TempDir Path dir) {
        TabularModel small = TabularFlowMatcher.builder().data(generate(100, 2)).hidden(8).iterations(5)
                .categorical(CategoricalCoding.CONTINUOUS).seed(1L).train();
        Path file = dir.resolve("old.flow");
        small.save(file);
        // rewrite the file as the previous version wrote it: no recipe.categorical entry
        ModelFile contents = ModelFile.read(file);
        Map<String, String> header = new java.util.LinkedHashMap<>(contents.header());
        assertThat(header.remove("recipe.categorical")).isEqualTo("continuous");
        new ModelFile(header, contents.arrays()).write(file);
        TabularModel old = TabularModel.load(file);
        assertThat(old.recipe().categorical()).isEqualTo(CategoricalCoding.CONTINUOUS);
        assertThat(old.sample(50, 3L)).isEqualTo(small.sample(50, 3L));
    }

    @Test
    void theCodingIsARecipeSetting() {
        TabularRecipe r = TabularFlowMatcher.builder().categorical(CategoricalCoding.DISCRETE).recipe();
        assertThat(r.toMap()).containsEntry("categorical", "discrete");
        assertThat(TabularRecipe.fromMap(r.toMap())).isEqualTo(r);
        assertThat(CategoricalCoding.parse(" Continuous ")).isEqualTo(CategoricalCoding.CONTINUOUS);
        Map<String, String> bad = new HashMap<>(r.toMap());
        bad.put("categorical", "onehot");
        assertThatThrownBy(() -> TabularRecipe.fromMap(bad)).hasMessageContaining("bad categorical 'onehot'")
                .hasMessageContaining("continuous or discrete");
        assertThatThrownBy(() -> TabularFlowMatcher.builder().categorical(null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
