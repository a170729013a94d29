package io.flowmatch.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.datasets.Column;
import io.flowmatch.datasets.ColumnType;
import io.flowmatch.datasets.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableEncoderTest {

    private static Table mixed() {
        return Table.of(
                Column.numeric("len", new double[] {1.5, 2.5, Double.NaN, 4.5}),
                Column.integer("count", new double[] {3, 3, 3, 3}),
                Column.binary("ok", List.of("no", "yes"), new int[] {0, 1, 1, -1}),
                Column.categorical("color", "red", "green", "blue", "red"));
    }

    @Test
    void encodesEachKindAndMarksMissingCells() {
        TableEncoder e = TableEncoder.fit(mixed());
        assertThat(e.dimension()).isEqualTo(1 + 1 + 1 + 3);
        TableEncoder.Encoded x = e.encode(mixed());
        int d = e.dimension();
        // len: mean 2.833, standardized; the missing cell is marked
        assertThat(x.present()[2 * d]).isFalse();
        assertThat(x.x()[0] + x.x()[d] + x.x()[3 * d]).isCloseTo(0f, org.assertj.core.data.Offset.offset(1e-5f));
        // a constant integer column: sd 1, coordinate 0
        assertThat(x.x()[1]).isZero();
        // binary: -1 / +1, missing in the last row
        assertThat(x.x()[2]).isEqualTo(-1f);
        assertThat(x.x()[d + 2]).isEqualTo(1f);
        assertThat(x.present()[3 * d + 2]).isFalse();
        // one-hot over [blue, green, red]
        assertThat(new float[] {x.x()[3], x.x()[4], x.x()[5]}).containsExactly(0f, 0f, 1f);
    }

    @Test
    void decodesToValidCellsOfTheSameTypes() {
        TableEncoder e = TableEncoder.fit(mixed());
        float[] x = {100f, 0.4f, 0.2f, 0.1f, 0.7f, 0.3f, -100f, -0.4f, -0.2f, 0.5f, 0.1f, 0.2f};
        Table t = e.decode(x, 2);
        assertThat(t.names()).containsExactly("len", "count", "ok", "color");
        assertThat(t.types()).containsExactly(ColumnType.NUMERIC, ColumnType.INTEGER, ColumnType.BINARY,
                ColumnType.CATEGORICAL);
        assertThat(t.column("len").value(0)).isEqualTo(4.5);   // clipped to the observed range
        assertThat(t.column("len").value(1)).isEqualTo(1.5);
        assertThat(t.column("count").value(0)).isEqualTo(3.0);
        assertThat(t.text(0, 2)).isEqualTo("yes");
        assertThat(t.text(1, 2)).isEqualTo("no");
        assertThat(t.text(0, 3)).isEqualTo("green");
        assertThat(t.text(1, 3)).isEqualTo("blue");
        assertThat(t.missingCount()).isZero();
    }

    @Test
    void textFormRoundTripsEvenWithCommasInNames() {
        Table t = Table.of(Column.numeric("a,b", new double[] {1, 2}), Column.categorical("c%", "x,y", "z"));
        TableEncoder e = TableEncoder.fit(t);
        assertThat(TableEncoder.fromMap(e.toMap())).isEqualTo(e);
        assertThat(TableEncoder.fromMap(e.toMap()).column("c%").categories()).containsExactly("x,y", "z");
    }

    @Test
    void refusesUnseenCategoriesAndForeignColumns() {
        TableEncoder e = TableEncoder.fit(mixed());
        Table other = mixed().withColumn(3, Column.categorical("color", "red", "mauve", "blue", "red"));
        assertThatThrownBy(() -> e.encode(other))
                .hasMessageContaining("column 'color', row 2 (line 3): category 'mauve' was not seen in training");
        Table fewer = Table.of(mixed().column(0));
        assertThatThrownBy(() -> e.encode(fewer)).hasMessageContaining("no column 'count'");
        assertThatThrownBy(() -> TableEncoder.fit(Table.of(Column.numeric("x", new double[] {Double.NaN}))))
                .hasMessageContaining("'x' is entirely empty");
        assertThatThrownBy(() -> TableEncoder.fromMap(java.util.Map.of("columns", "x")))
                .hasMessageContaining("bad columns 'x'");
    }
}
