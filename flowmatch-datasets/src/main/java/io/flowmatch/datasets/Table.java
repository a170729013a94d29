package io.flowmatch.datasets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A table of rows and named, typed columns (numeric, integer, binary, categorical), any cell of
 * which may be missing: what a user's CSV file holds. Immutable; made by
 * {@link Tables#readCsv(java.nio.file.Path)}, by {@link #of(List)} from columns, or by a tabular
 * model's sampler.
 *
 * <pre>{@code
 * Table t = Tables.readCsv(Path.of("iris.csv"));
 * t.column("species").categories();   // [setosa, versicolor, virginica]
 * t.column(0).type();                 // NUMERIC
 * }</pre>
 */
public final class Table {

    private final List<Column> columns;
    private final int rows;

    private Table(List<Column> columns) {
        this.columns = List.copyOf(columns);
        this.rows = columns.isEmpty() ? 0 : columns.get(0).size();
    }

    /**
     * A table of these columns, in order.
     *
     * @throws IllegalArgumentException if there are none, if they differ in length, or if two
     *                                  share a name
     */
    public static Table of(List<Column> columns) {
        if (columns == null || columns.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        Set<String> names = new HashSet<>();
        int n = columns.get(0).size();
        for (Column c : columns) {
            if (c == null) {
                throw new IllegalArgumentException("columns must not be null");
            }
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("two columns are named '" + c.name() + "'");
            }
            if (c.size() != n) {
                throw new IllegalArgumentException("column '" + c.name() + "' has " + c.size() + " rows but '"
                        + columns.get(0).name() + "' has " + n);
            }
        }
        return new Table(columns);
    }

    /** A table of these columns, in order; see {@link #of(List)}. */
    public static Table of(Column... columns) {
        return of(Arrays.asList(columns));
    }

    /** The number of rows. */
    public int rowCount() {
        return rows;
    }

    /** The number of columns. */
    public int columnCount() {
        return columns.size();
    }

    /** The columns, in order. */
    public List<Column> columns() {
        return columns;
    }

    /** Column {@code index} (0-based). */
    public Column column(int index) {
        return columns.get(index);
    }

    /**
     * The column named {@code name}.
     *
     * @throws IllegalArgumentException naming the column and listing the table's columns
     */
    public Column column(String name) {
        int i = indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no column '" + name + "' (columns: " + String.join(", ", names()) + ")");
        }
        return columns.get(i);
    }

    /** The index of the column named {@code name}, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The column names, in order (the CSV header). */
    public List<String> names() {
        List<String> names = new ArrayList<>(columns.size());
        for (Column c : columns) {
            names.add(c.name());
        }
        return names;
    }

    /** The column types, in order. */
    public List<ColumnType> types() {
        List<ColumnType> types = new ArrayList<>(columns.size());
        for (Column c : columns) {
            types.add(c.type());
        }
        return types;
    }

    /** The cell of {@code row} and column {@code column} as a CSV file holds it ({@code ""} when missing). */
    public String text(int row, int column) {
        return columns.get(column).text(row);
    }

    /** Whether a cell is missing. */
    public boolean isMissing(int row, int column) {
        return columns.get(column).isMissing(row);
    }

    /** How many cells are missing in the whole table. */
    public int missingCount() {
        int m = 0;
        for (Column c : columns) {
            m += c.missingCount();
        }
        return m;
    }

    /** The table of the given rows, in that order (repeats allowed). */
    public Table rows(int[] rowIndices) {
        List<Column> out = new ArrayList<>(columns.size());
        for (Column c : columns) {
            out.add(c.rows(rowIndices));
        }
        return new Table(out);
    }

    /** The table with column {@code index} replaced by {@code column} (same number of rows). */
    public Table withColumn(int index, Column column) {
        List<Column> out = new ArrayList<>(columns);
        out.set(index, column);
        return of(out);
    }

    /** One line per column: name, type, categories, missing cells. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append(rows).append(" rows, ").append(columns.size()).append(" columns\n");
        for (Column c : columns) {
            s.append("  ").append(c).append('\n');
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Table t && columns.equals(t.columns);
    }

    @Override
    public int hashCode() {
        return columns.hashCode();
    }

    /** e.g. {@code table(150 x 5: sepal_length numeric, ..., species categorical[...])}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("table(").append(rows).append(" x ").append(columns.size()).append(": ");
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            s.append(i == 0 ? "" : ", ").append(c.name()).append(' ').append(c.type().description());
        }
        return s.append(')').toString();
    }
}
