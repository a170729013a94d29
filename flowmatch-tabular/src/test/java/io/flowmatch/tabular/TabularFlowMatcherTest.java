package io.flowmatch.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.datasets.Column;
import io.flowmatch.datasets.ColumnType;
import io.flowmatch.datasets.Table;
import io.flowmatch.datasets.Tables;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end checks of the tabular flow on a generated table with a strong dependency between
 * its columns: x ~ N(0, 1) numeric, "side" = pos when x &gt; 0 else neg, "n" = round(5 x) an
 * integer, "flag" a binary column independent of the rest. A model that learnt nothing (or a
 * broken encoder, sampler or guidance) fails the agreement checks.
 */
class TabularFlowMatcherTest {

    private static Table data;
    private static TabularModel model;

    static Table generate(int rows, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[rows];
        double[] n = new double[rows];
        String[] side = new String[rows];
        int[] flag = new int[rows];
        for (int i = 0; i < rows; i++) {
            x[i] = rng.nextGaussian();
            side[i] = x[i] > 0 ? "pos" : "neg";
            n[i] = Math.rint(5 * x[i]);
            flag[i] = rng.nextInt(2);
        }
        return Table.of(Column.numeric("x", x), Column.categorical("side", side), Column.integer("n", n),
                Column.binary("flag", List.of("no", "yes"), flag));
    }

    @BeforeAll
    static void train() {
        data = generate(1000, 1);
        model = TabularFlowMatcher.builder().data(data).condition("side").iterations(1500).seed(3L).train();
    }

    private static double agreement(Table t) {
        int agree = 0;
        for (int r = 0; r < t.rowCount(); r++) {
            boolean pos = t.column("x").value(r) > 0;
            agree += pos == t.text(r, 1).equals("pos") ? 1 : 0;
        }
        return (double) agree / t.rowCount();
    }

    @Test
    void samplesHaveTheTrainingColumnsAndOnlyValidCells() {
        Table fake = model.sample(500, 7L);
        assertThat(fake.names()).isEqualTo(data.names());
        assertThat(fake.types()).isEqualTo(data.types());
        assertThat(fake.rowCount()).isEqualTo(500);
        assertThat(fake.missingCount()).isZero();
        double[] range = data.column("x").range();
        for (int r = 0; r < 500; r++) {
            assertThat(fake.column("x").value(r)).isBetween(range[0], range[1]);
            double n = fake.column("n").value(r);
            assertThat(n).isEqualTo(Math.rint(n));
        }
        assertThat(fake.column("side").categories()).containsExactly("neg", "pos");
        assertThat(model.sample(500, 7L)).isEqualTo(fake);
        assertThat(model.sample(500, 8L)).isNotEqualTo(fake);
    }

    @Test
    void samplesKeepTheDependenciesBetweenColumns() {
        Table fake = model.sample(1000, 11L);
        assertThat(agreement(fake)).isGreaterThan(0.9);
        int close = 0;
        for (int r = 0; r < 1000; r++) {
            close += Math.abs(fake.column("n").value(r) - 5 * fake.column("x").value(r)) <= 1.5 ? 1 : 0;
        }
        assertThat(close).isGreaterThan(800);
        double mean = 0;
        for (int r = 0; r < 1000; r++) {
            mean += fake.column("x").value(r) / 1000;
        }
        assertThat(mean).isBetween(-0.2, 0.2);
        int[] flags = fake.column("flag").counts();
        assertThat(flags[0]).isBetween(350, 650);
    }

    @Test
    void conditionedSamplesHaveTheRequestedLabelAndFitIt() {
        Table pos = model.sample(400, Map.of("side", "pos"), 2.0, 5L);
        for (int r = 0; r < 400; r++) {
            assertThat(pos.text(r, 1)).isEqualTo("pos");
        }
        int positive = 0;
        for (int r = 0; r < 400; r++) {
            positive += pos.column("x").value(r) > 0 ? 1 : 0;
        }
        assertThat(positive).isGreaterThan(360);
        Table fixed = model.sample(50, Map.of("flag", "yes", "n", "5"), 1.0, 5L);
        for (int r = 0; r < 50; r++) {
            assertThat(fixed.text(r, 3)).isEqualTo("yes");
            assertThat(fixed.column("n").value(r)).isEqualTo(5.0);
        }
    }

    @Test
    void badConditionsAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> model.sample(5, Map.of("side", "up"), 2.0, 1L))
                .hasMessageContaining("category 'up' of column 'side' was not seen in training (known: neg, pos)");
        assertThatThrownBy(() -> model.sample(5, Map.of("height", "1"), 2.0, 1L))
                .hasMessageContaining("no column 'height'");
        assertThatThrownBy(() -> model.sample(5, Map.of("n", "2.5"), 1.0, 1L))
                .hasMessageContaining("'2.5' is not a whole number");
        assertThatThrownBy(() -> model.sample(5, Map.of(), -1, 1L)).hasMessageContaining("guidance");
        assertThatThrownBy(() -> TabularFlowMatcher.builder().data(data).condition("x").iterations(1).train())
                .hasMessageContaining("condition column 'x' is numeric");
        assertThatThrownBy(() -> TabularFlowMatcher.builder().data(data).condition("nope").iterations(1).train())
                .hasMessageContaining("condition column 'nope' is not in the data");
    }

    @Test
    void imputationFillsOnlyTheMissingCellsAndUsesThePresentOnes() {
        Table truth = generate(300, 9);
        Table damaged = Tables.removeCells(new SplittableRandom(2), truth, 0.25);
        Table filled = model.impute(damaged, 4L);
        assertThat(filled.missingCount()).isZero();
        assertThat(filled.names()).isEqualTo(truth.names());
        int sideMissing = 0;
        int sideRight = 0;
        for (int r = 0; r < truth.rowCount(); r++) {
            for (int j = 0; j < truth.columnCount(); j++) {
                if (!damaged.isMissing(r, j)) {
                    assertThat(filled.text(r, j)).isEqualTo(damaged.text(r, j));
                }
            }
            if (damaged.isMissing(r, 1) && !damaged.isMissing(r, 0)) {
                sideMissing++;
                sideRight += filled.text(r, 1).equals(truth.text(r, 1)) ? 1 : 0;
            }
        }
        assertThat(sideMissing).isPositive();
        assertThat((double) sideRight / sideMissing).isGreaterThan(0.85);
        assertThat(model.impute(damaged, 4L)).isEqualTo(filled);
    }

    @Test
    void trainsOnTablesWithMissingCells() {
        Table damaged = Tables.removeCells(new SplittableRandom(3), generate(400, 2), 0.3);
        TabularModel m = TabularFlowMatcher.builder().data(damaged).hidden(32).iterations(300).seed(1L).train();
        Table fake = m.sample(200, 1L);
        assertThat(fake.missingCount()).isZero();
        assertThat(Double.parseDouble(m.provenance().get("final_loss"))).isFinite();
        assertThat(fake.types()).containsExactly(ColumnType.NUMERIC, ColumnType.CATEGORICAL, ColumnType.INTEGER,
                ColumnType.BINARY);
    }

    @Test
    void aResumedRunEndsWhereAnUninterruptedOneDoes(@TempDir Path dir) {
        Table small = generate(200, 4);
        TabularModel straight = TabularFlowMatcher.builder().data(small).condition("side").hidden(16).iterations(40)
                .seed(2L).train();
        Path checkpoint = dir.resolve("run.ckpt");
        TabularFlowMatcher.builder().data(small).condition("side").hidden(16).iterations(40).seed(2L)
                .checkpoints(checkpoint, 0).listener(new io.flowmatch.core.train.TrainingListener() {
                    @Override
                    public void onStep(io.flowmatch.core.train.TrainingProgress progress) {
                        if (progress.step() == 20) {
                            progress.requestStop(); // interrupted half-way: the checkpoint holds step 20
                        }
                    }
                }).train();
        TabularModel resumed = TabularFlowMatcher.builder().data(small).condition("side").hidden(16).iterations(40)
                .seed(2L).resumeFrom(checkpoint).train();
        assertThat(resumed.network().parameters()).isEqualTo(straight.network().parameters());
        assertThat(resumed.sample(50, 1L)).isEqualTo(straight.sample(50, 1L));
        assertThatThrownBy(() -> TabularFlowMatcher.builder().data(generate(200, 5)).condition("side").hidden(16)
                .iterations(40).seed(2L).resumeFrom(checkpoint).train())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void savedModelsLoadAndSampleIdentically(@TempDir Path dir) {
        Path file = dir.resolve("table.flow");
        model.save(file);
        TabularModel again = TabularModel.load(file);
        assertThat(again.recipe()).isEqualTo(model.recipe());
        assertThat(again.encoder()).isEqualTo(model.encoder());
        assertThat(again.provenance()).isEqualTo(model.provenance());
        assertThat(again.sample(100, Map.of("side", "neg"), 2.0, 3L))
                .isEqualTo(model.sample(100, Map.of("side", "neg"), 2.0, 3L));
        assertThat(again.sample(100, 3L)).isEqualTo(model.sample(100, 3L));
    }
}
