package io.flowmatch.datasets;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One named, typed column of a {@link Table}: numbers (numeric or integer) or labels (binary or
 * categorical), any of which may be missing. Immutable.
 *
 * <p>Numbers are held as doubles, {@link Double#NaN} marking a missing cell. Labels are held as
 * codes into {@link #categories()}, -1 marking a missing cell; the categories are in a fixed
 * order (numerically sorted when every label is a number, else in {@link String} order, unless
 * given explicitly).
 */
public final class Column {

    /** The code of a missing label. */
    public static final int MISSING = -1;

    private final String name;
    private final ColumnType type;
    private final double[] values;
    private final int[] codes;
    private final List<String> categories;
    private final int missing;

    private Column(String name, ColumnType type, double[] values, int[] codes, List<String> categories) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a column needs a non-blank name, got '" + name + "'");
        }
        this.name = name;
        this.type = type;
        this.values = values;
        this.codes = codes;
        this.categories = categories;
        int m = 0;
        if (values != null) {
            for (double v : values) {
                if (Double.isNaN(v)) {
                    m++;
                }
            }
        } else {
            for (int c : codes) {
                if (c == MISSING) {
                    m++;
                }
            }
        }
        this.missing = m;
    }

    /**
     * A numeric column; NaN marks a missing cell.
     *
     * @throws IllegalArgumentException for a blank name or an infinite value
     */
    public static Column numeric(String name, double[] values) {
        return numbers(name, ColumnType.NUMERIC, values);
    }

    /**
     * An integer column; NaN marks a missing cell.
     *
     * @throws IllegalArgumentException for a blank name or a value that is not a whole number
     */
    public static Column integer(String name, double[] values) {
        return numbers(name, ColumnType.INTEGER, values);
    }

    private static Column numbers(String name, ColumnType type, double[] values) {
        Objects.requireNonNull(values, "values");
        double[] copy = values.clone();
        for (int i = 0; i < copy.length; i++) {
            double v = copy[i];
            if (Double.isInfinite(v)) {
                throw new IllegalArgumentException("column '" + name + "', row " + i + ": " + v + " is not finite");
            }
            if (type == ColumnType.INTEGER && !Double.isNaN(v) && !isWhole(v)) {
                throw new IllegalArgumentException("column '" + name + "', row " + i + ": " + v
                        + " is not a whole number (integer column)");
            }
        }
        return new Column(name, type, copy, null, null);
    }

    /**
     * A categorical column of codes into {@code categories}; {@link #MISSING} marks a missing cell.
     *
     * @throws IllegalArgumentException for a blank name, blank or repeated categories, or a code
     *                                  outside [-1, categories.size())
     */
    public static Column categorical(String name, List<String> categories, int[] codes) {
        return labels(name, ColumnType.CATEGORICAL, categories, codes);
    }

    /**
     * A binary column: like {@link #categorical(String, List, int[])} with one or two categories.
     *
     * @throws IllegalArgumentException also if there are more than two categories
     */
    public static Column binary(String name, List<String> categories, int[] codes) {
        if (categories != null && categories.size() > 2) {
            throw new IllegalArgumentException("binary column '" + name + "' has " + categories.size()
                    + " categories " + categories + "; at most 2 allowed");
        }
        return labels(name, ColumnType.BINARY, categories, codes);
    }

    /**
     * A categorical column from its cells, categories in the column's natural order (numeric when
     * every label is a number); null or empty cells are missing.
     */
    public static Column categorical(String name, String... cells) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (String c : cells) {
            if (c != null && !c.isEmpty()) {
                seen.putIfAbsent(c, 0);
            }
        }
        List<String> cats = sortedCategories(new ArrayList<>(seen.keySet()));
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < cats.size(); i++) {
            index.put(cats.get(i), i);
        }
        int[] codes = new int[cells.length];
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i];
            codes[i] = c == null || c.isEmpty() ? MISSING : index.get(c);
        }
        return categorical(name, cats, codes);
    }

    private static Column labels(String name, ColumnType type, List<String> categories, int[] codes) {
        Objects.requireNonNull(categories, "categories");
        Objects.requireNonNull(codes, "codes");
        List<String> cats = List.copyOf(categories);
        if (cats.size() != new java.util.HashSet<>(cats).size()) {
            throw new IllegalArgumentException("column '" + name + "' has repeated categories " + cats);
        }
        for (String c : cats) {
            if (c.isEmpty()) {
                throw new IllegalArgumentException("column '" + name + "' has an empty category");
            }
        }
        int[] copy = codes.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] < MISSING || copy[i] >= cats.size()) {
                throw new IllegalArgumentException("column '" + name + "', row " + i + ": code " + copy[i]
                        + " is outside [-1, " + cats.size() + ")");
            }
        }
        return new Column(name, type, null, copy, cats);
    }

    /**
     * The categories in their natural order: numerically when every one is a decimal number,
     * else in {@link String} order.
     */
    static List<String> sortedCategories(List<String> cats) {
        List<String> sorted = new ArrayList<>(cats);
        boolean numbers = !sorted.isEmpty() && sorted.stream().allMatch(s -> CsvReader.isDecimal(s.strip()));
        if (numbers) {
            sorted.sort((a, b) -> {
                int c = Double.compare(Double.parseDouble(a.strip()), Double.parseDouble(b.strip()));
                return c != 0 ? c : a.compareTo(b);
            });
        } else {
            Collections.sort(sorted);
        }
        return sorted;
    }

    static boolean isWhole(double v) {
        return v == Math.rint(v) && Math.abs(v) < 9.007199254740992E15;
    }

    /** The column's name (the CSV header cell). */
    public String name() {
        return name;
    }

    /** What the cells hold. */
    public ColumnType type() {
        return type;
    }

    /** Whether the cells are labels (binary or categorical). */
    public boolean isCategorical() {
        return type.isCategorical();
    }

    /** The number of cells (rows). */
    public int size() {
        return values != null ? values.length : codes.length;
    }

    /** Whether the cell of {@code row} is missing. */
    public boolean isMissing(int row) {
        return values != null ? Double.isNaN(values[row]) : codes[row] == MISSING;
    }

    /** How many cells are missing. */
    public int missingCount() {
        return missing;
    }

    /**
     * The number in {@code row} (NaN if missing).
     *
     * @throws IllegalStateException for a binary or categorical column
     */
    public double value(int row) {
        if (values == null) {
            throw new IllegalStateException("column '" + name + "' is " + type.description() + ", not numbers");
        }
        return values[row];
    }

    /**
     * The category code in {@code row}: an index into {@link #categories()}, or {@link #MISSING}.
     *
     * @throws IllegalStateException for a numeric or integer column
     */
    public int code(int row) {
        if (codes == null) {
            throw new IllegalStateException("column '" + name + "' is " + type.description() + ", not labels");
        }
        return codes[row];
    }

    /** The labels of a binary or categorical column, in code order; empty for numbers. */
    public List<String> categories() {
        return categories == null ? List.of() : categories;
    }

    /** A copy of the numbers (NaN missing); empty for a label column. */
    public double[] values() {
        return values == null ? new double[0] : values.clone();
    }

    /** A copy of the codes (-1 missing); empty for a number column. */
    public int[] codes() {
        return codes == null ? new int[0] : codes.clone();
    }

    /**
     * The cell as a CSV file holds it: the label, or the number (an integer without a decimal
     * point, a real number in plain decimal notation where that is short), or {@code ""} when
     * missing.
     */
    public String text(int row) {
        if (isMissing(row)) {
            return "";
        }
        if (codes != null) {
            return categories.get(codes[row]);
        }
        return formatNumber(values[row], type == ColumnType.INTEGER);
    }

    /** Integers without a decimal point; real numbers keep theirs ("5.0"), plain where short. */
    static String formatNumber(double v, boolean integer) {
        if (integer) {
            return Long.toString((long) v);
        }
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e15) {
            return BigDecimal.valueOf(v).toPlainString();
        }
        return Double.toString(v);
    }

    /** A column of the cells of {@code rows} (in that order, repeats allowed). */
    public Column rows(int[] rows) {
        if (values != null) {
            double[] v = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                v[i] = values[rows[i]];
            }
            return new Column(name, type, v, null, null);
        }
        int[] c = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            c[i] = codes[rows[i]];
        }
        return new Column(name, type, null, c, categories);
    }

    /** The same cells under another name. */
    public Column renamed(String newName) {
        return new Column(newName, type, values, codes, categories);
    }

    /** The observed minimum and maximum of a number column (NaN, NaN when every cell is missing). */
    public double[] range() {
        double lo = Double.NaN;
        double hi = Double.NaN;
        for (double v : values()) {
            if (!Double.isNaN(v)) {
                lo = Double.isNaN(lo) ? v : Math.min(lo, v);
                hi = Double.isNaN(hi) ? v : Math.max(hi, v);
            }
        }
        return new double[] {lo, hi};
    }

    /** Counts of each category of a label column, in code order (missing cells not counted). */
    public int[] counts() {
        int[] counts = new int[categories().size()];
        if (codes != null) {
            for (int c : codes) {
                if (c >= 0) {
                    counts[c]++;
                }
            }
        }
        return counts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Column c && name.equals(c.name) && type == c.type
                && Arrays.equals(values, c.values) && Arrays.equals(codes, c.codes)
                && Objects.equals(categories, c.categories);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, Arrays.hashCode(values), Arrays.hashCode(codes), categories);
    }

    /** e.g. {@code species categorical[setosa, versicolor, virginica]} or {@code age integer (3 missing)}. */
    @Override
    public String toString() {
        String s = name + " " + type.description() + (categories != null ? categories.toString() : "");
        return missing > 0 ? s + " (" + missing + " missing)" : s;
    }
}
