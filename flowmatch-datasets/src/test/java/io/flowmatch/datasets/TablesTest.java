package io.flowmatch.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TablesTest {

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        Path p = dir.resolve("t" + System.nanoTime() + ".csv");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void infersEveryTypeAndMissingCells() throws IOException {
        Table t = Tables.readCsv(file("""
                x,n,flag,color,answer
                1.5,3,0,red,yes
                2.25,,1,blue,no
                NA,7,1,green,
                -0.5,10,0,,yes
                """));
        assertThat(t.rowCount()).isEqualTo(4);
        assertThat(t.names()).containsExactly("x", "n", "flag", "color", "answer");
        assertThat(t.types()).containsExactly(ColumnType.NUMERIC, ColumnType.INTEGER, ColumnType.BINARY,
                ColumnType.CATEGORICAL, ColumnType.BINARY);
        assertThat(t.column("x").isMissing(2)).isTrue();
        assertThat(t.column("n").value(3)).isEqualTo(10.0);
        assertThat(t.column("n").isMissing(1)).isTrue();
        assertThat(t.column("color").categories()).containsExactly("blue", "green", "red");
        assertThat(t.column("color").code(3)).isEqualTo(Column.MISSING);
        assertThat(t.column("flag").categories()).containsExactly("0", "1");
        assertThat(t.column("answer").categories()).containsExactly("no", "yes");
        assertThat(t.missingCount()).isEqualTo(4);
        assertThat(t.describe()).contains("color categorical[blue, green, red] (1 missing)");
    }

    @Test
    void declaredTypesOverrideInference() throws IOException {
        Path p = file("zip,age,score\n10115,30,1\n80331,41,2\n20095,30,3\n");
        Table t = Tables.csv(p).categorical("zip").numeric("age").read();
        assertThat(t.column("zip").type()).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(t.column("zip").categories()).containsExactly("10115", "20095", "80331");
        assertThat(t.column("age").type()).isEqualTo(ColumnType.NUMERIC);
        assertThat(t.column("score").type()).isEqualTo(ColumnType.INTEGER);
    }

    @Test
    void writesAndReadsBackTheSameTable() throws IOException {
        Table t = Table.of(
                Column.numeric("len", new double[] {5.1, Double.NaN, 1e-7, 1234567.5}),
                Column.integer("count", new double[] {1, 2, Double.NaN, -4}),
                Column.binary("ok", List.of("no", "yes"), new int[] {0, 1, 1, -1}),
                Column.categorical("name", "a, b", "say \"hi\"", "", " pad"));
        Path out = dir.resolve("sub/out.csv");
        Tables.writeCsv(t, out);
        Table back = Tables.csv(out).typesOf(t).read();
        assertThat(back).isEqualTo(t);
        Table inferred = Tables.readCsv(out);
        assertThat(inferred.types()).isEqualTo(t.types());
        assertThat(Files.readAllLines(out).get(0)).isEqualTo("len,count,ok,name");
        assertThat(dir.resolve("sub")).isDirectoryContaining(p -> p.getFileName().toString().equals("out.csv"));
        try (var files = Files.list(dir.resolve("sub"))) {
            assertThat(files.count()).as("no temporary file left").isEqualTo(1);
        }
    }

    @Test
    void badFilesNameLineAndColumn() throws IOException {
        assertThatThrownBy(() -> Tables.readCsv(file("a,b\n1,2\n3\n")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("line 3 has 1 cells, expected 2");
        assertThatThrownBy(() -> Tables.readCsv(file("1.0,2.0\n3,4\n")))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("line 1 is data, not a header");
        assertThatThrownBy(() -> Tables.readCsv(file("a,b\n1,\n2,NA\n")))
                .hasMessageContaining("column 2 ('b') is entirely empty");
        assertThatThrownBy(() -> Tables.csv(file("a,b\n1,2\nx,3\n")).numeric("a").read())
                .hasMessageContaining("line 3, column 1 ('a'): 'x' is not a number");
        assertThatThrownBy(() -> Tables.csv(file("a,b\n1,2\n2.5,3\n")).integer("a").read())
                .hasMessageContaining("line 3, column 1 ('a'): '2.5' is not a whole number");
        assertThatThrownBy(() -> Tables.csv(file("a,b\nx,2\ny,3\nz,4\n")).binary("a").read())
                .hasMessageContaining("line 4, column 1 ('a'): 'z' is a third value");
        assertThatThrownBy(() -> Tables.readCsv(file("a,a\n1,2\n")))
                .hasMessageContaining("columns 1 and 2 are both named 'a'");
        assertThatThrownBy(() -> Tables.readCsv(file("a,b\n\"x,1\n")))
                .hasMessageContaining("line 2, column 1: a quoted cell is not closed");
        assertThatThrownBy(() -> Tables.readCsv(file("a,b\n")))
                .hasMessageContaining("has no rows");
        assertThatThrownBy(() -> Tables.readCsv(file("")))
                .hasMessageContaining("is empty");
        assertThatThrownBy(() -> Tables.csv(file("a,b\n1,2\n")).categorical("c").read())
                .hasMessageContaining("column 'c' was declared categorical but the header has no such column");
        assertThatThrownBy(() -> Tables.readCsv(dir.resolve("none.csv")))
                .hasMessageContaining("no such file");
    }

    @Test
    void stratifiedSplitKeepsClassProportions() {
        String[] labels = new String[100];
        double[] x = new double[100];
        for (int i = 0; i < 100; i++) {
            labels[i] = i < 60 ? "a" : "b";
            x[i] = i;
        }
        Table t = Table.of(Column.numeric("x", x), Column.categorical("y", labels));
        Tables.Split s = Tables.split(t, 0.2, "y", 0L);
        assertThat(s.test().rowCount()).isEqualTo(20);
        assertThat(s.test().column("y").counts()).containsExactly(12, 8);
        assertThat(s.train().column("y").counts()).containsExactly(48, 32);
        assertThat(Tables.split(t, 0.2, "y", 0L)).isEqualTo(s);
        assertThatThrownBy(() -> Tables.split(t, 0.2, "x", 0L)).hasMessageContaining("cannot stratify by 'x'");
        assertThatThrownBy(() -> Tables.split(t, 1.5, null, 0L)).hasMessageContaining("1.5");
    }

    @Test
    void removesAboutTheRequestedFractionOfCells() {
        double[] x = new double[1000];
        Table t = Table.of(Column.numeric("x", x), Column.numeric("y", x), Column.numeric("z", x));
        Table damaged = Tables.removeCells(new SplittableRandom(1), t, 0.2);
        assertThat(damaged.missingCount()).isBetween(500, 700);
        for (int r = 0; r < 1000; r++) {
            int present = 0;
            for (int j = 0; j < 3; j++) {
                present += damaged.isMissing(r, j) ? 0 : 1;
            }
            assertThat(present).isPositive();
        }
    }

    @Test
    void columnTypesParseBack() {
        for (ColumnType type : ColumnType.values()) {
            assertThat(ColumnType.parse(type.description())).isEqualTo(type);
        }
        assertThatThrownBy(() -> ColumnType.parse("text")).hasMessageContaining("unknown column type 'text'");
    }
}
