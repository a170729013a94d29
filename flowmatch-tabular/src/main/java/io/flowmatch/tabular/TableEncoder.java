package io.flowmatch.tabular;

import io.flowmatch.datasets.Column;
import io.flowmatch.datasets.ColumnType;
import io.flowmatch.datasets.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The map between a table's rows and the flow's real vectors, fitted on the training table and
 * saved with the model:
 * <ul>
 *   <li>numeric and integer columns: one coordinate, standardized (z = (v - mean) / sd, with
 *       sd = 1 for a constant column); decoded by undoing it, clipping to the observed
 *       [min, max] and, for integers, rounding;</li>
 *   <li>binary columns: one coordinate, -1 for the first category and +1 for the second;
 *       decoded by its sign;</li>
 *   <li>categorical columns: one coordinate per category (one-hot, 0 or 1); decoded to the
 *       category of the largest coordinate, so always a valid category.</li>
 * </ul>
 * A missing cell is a missing coordinate (or block): {@link #encode} marks it in a mask. Columns
 * keep their order; {@link #dimension()} is the total number of coordinates.
 *
 * <p>Immutable. The text form ({@link #toMap()}, {@link #fromMap(Map)}) is what a model file
 * header holds.
 */
public final class TableEncoder {

    /** How one column is encoded. */
    public record ColumnCoding(String name, ColumnType type, List<String> categories, int offset, int width,
                               double mean, double sd, double min, double max, int[] counts) {

        /** Validates and copies. */
        public ColumnCoding {
            categories = List.copyOf(categories);
            counts = counts.clone();
        }

        /** The category code of {@code label}, or -1 if it was not seen in training. */
        public int codeOf(String label) {
            return categories.indexOf(label);
        }

        /** The most frequent training category (the first on ties), or -1 for a number column. */
        public int mostFrequent() {
            int best = -1;
            for (int i = 0; i < counts.length; i++) {
                if (best < 0 || counts[i] > counts[best]) {
                    best = i;
                }
            }
            return best;
        }
    }

    private final List<ColumnCoding> columns;
    private final int dimension;
    private final Map<String, Integer> byName = new HashMap<>();

    private TableEncoder(List<ColumnCoding> columns) {
        this.columns = List.copyOf(columns);
        int d = 0;
        for (int j = 0; j < columns.size(); j++) {
            ColumnCoding c = columns.get(j);
            if (c.offset() != d) {
                throw new IllegalArgumentException("column '" + c.name() + "' starts at " + c.offset() + ", expected " + d);
            }
            d += c.width();
            if (byName.put(c.name(), j) != null) {
                throw new IllegalArgumentException("two columns are named '" + c.name() + "'");
            }
        }
        this.dimension = d;
    }

    /**
     * Fits the encoding to {@code table}: statistics of each column's present cells.
     *
     * @throws IllegalArgumentException if a column has no present cell
     */
    public static TableEncoder fit(Table table) {
        List<ColumnCoding> list = new ArrayList<>();
        int offset = 0;
        for (Column c : table.columns()) {
            if (c.missingCount() == c.size()) {
                throw new IllegalArgumentException("column '" + c.name() + "' is entirely empty: nothing to learn from");
            }
            if (c.isCategorical()) {
                int k = c.categories().size();
                int width = c.type() == ColumnType.BINARY ? 1 : k;
                list.add(new ColumnCoding(c.name(), c.type(), c.categories(), offset, width,
                        0, 1, 0, 0, c.counts()));
                offset += width;
            } else {
                double sum = 0;
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                int n = 0;
                for (int r = 0; r < c.size(); r++) {
                    double v = c.value(r);
                    if (!Double.isNaN(v)) {
                        sum += v;
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                        n++;
                    }
                }
                double mean = sum / n;
                double ss = 0;
                for (int r = 0; r < c.size(); r++) {
                    double v = c.value(r);
                    if (!Double.isNaN(v)) {
                        ss += (v - mean) * (v - mean);
                    }
                }
                double sd = Math.sqrt(ss / n);
                if (!(sd > 1e-12 * Math.max(1, Math.abs(mean)))) {
                    sd = 1;
                }
                list.add(new ColumnCoding(c.name(), c.type(), List.of(), offset, 1, mean, sd, lo, hi, new int[0]));
                offset += 1;
            }
        }
        return new TableEncoder(list);
    }

    /** The columns' codings, in table order. */
    public List<ColumnCoding> columns() {
        return columns;
    }

    /** The coding of column {@code name}, or null. */
    public ColumnCoding column(String name) {
        Integer j = byName.get(name);
        return j == null ? null : columns.get(j);
    }

    /** The index of column {@code name}, or -1. */
    public int indexOf(String name) {
        Integer j = byName.get(name);
        return j == null ? -1 : j;
    }

    /** The number of real coordinates a row becomes. */
    public int dimension() {
        return dimension;
    }

    /** The column names, in order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (ColumnCoding c : columns) {
            names.add(c.name());
        }
        return names;
    }

    /** A table's rows as vectors: {@code x[r * d + i]}, and {@code present[r * d + i]} false where the cell is missing. */
    public record Encoded(int rows, int dimension, float[] x, boolean[] present) {
    }

    /**
     * Encodes {@code table}, whose columns must be this encoder's (by name, any order; each cell
     * read by the encoder's type of that column).
     *
     * @throws IllegalArgumentException naming the column, the row (and its CSV line) and the value
     *                                  for a missing column, a label not seen in training or a
     *                                  cell that is not a number
     */
    public Encoded encode(Table table) {
        int n = table.rowCount();
        int d = dimension;
        float[] x = new float[n * d];
        boolean[] present = new boolean[n * d];
        for (ColumnCoding c : columns) {
            int j = table.indexOf(c.name());
            if (j < 0) {
                throw new IllegalArgumentException("the table has no column '" + c.name() + "' (the model's columns: "
                        + String.join(", ", names()) + ")");
            }
            Column col = table.column(j);
            for (int r = 0; r < n; r++) {
                if (col.isMissing(r)) {
                    continue;
                }
                int base = r * d + c.offset();
                if (c.type().isCategorical()) {
                    int code = codeOf(c, col, r);
                    writeCategory(c, code, x, base);
                } else {
                    double v = numberOf(c, col, r);
                    x[base] = (float) ((v - c.mean()) / c.sd());
                }
                for (int i = 0; i < c.width(); i++) {
                    present[base + i] = true;
                }
            }
        }
        for (int j = 0; j < table.columnCount(); j++) {
            if (column(table.column(j).name()) == null) {
                throw new IllegalArgumentException("the table has a column '" + table.column(j).name()
                        + "' the model was not trained on (the model's columns: " + String.join(", ", names()) + ")");
            }
        }
        return new Encoded(n, d, x, present);
    }

    /** Writes the coordinates of category {@code code} of column {@code c} at {@code base}. */
    static void writeCategory(ColumnCoding c, int code, float[] x, int base) {
        if (c.type() == ColumnType.BINARY) {
            x[base] = code == 0 ? -1f : 1f;
        } else {
            for (int i = 0; i < c.width(); i++) {
                x[base + i] = i == code ? 1f : 0f;
            }
        }
    }

    private static int codeOf(ColumnCoding c, Column col, int r) {
        String label = col.text(r);
        int code = c.codeOf(label);
        if (code < 0 && !col.isCategorical()) {
            // a number column read where the model has labels: match "1" with "1.0"
            for (int i = 0; i < c.categories().size() && code < 0; i++) {
                String cat = c.categories().get(i);
                try {
                    if (Double.parseDouble(cat) == col.value(r)) {
                        code = i;
                    }
                } catch (NumberFormatException ignored) {
                    // not a number: no match
                }
            }
        }
        if (code < 0) {
            throw new IllegalArgumentException("column '" + c.name() + "', row " + (r + 1) + " (line " + (r + 2)
                    + "): category '" + label + "' was not seen in training (known: " + String.join(", ", c.categories())
                    + ")");
        }
        return code;
    }

    private static double numberOf(ColumnCoding c, Column col, int r) {
        if (!col.isCategorical()) {
            return col.value(r);
        }
        String s = col.text(r);
        try {
            double v = Double.parseDouble(s);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("column '" + c.name() + "', row " + (r + 1) + " (line " + (r + 2)
                + "): '" + s + "' is not a number (the model's column is " + c.type().description() + ")");
    }

    /**
     * Decodes {@code n} vectors into a table with the training table's columns, types and
     * categories: numbers un-standardized, clipped to the observed range and (integers) rounded,
     * labels to the largest coordinate. Numbers are rounded to float precision (shortest
     * decimal form) since the model computes in float32.
     */
    public Table decode(float[] x, int n) {
        List<Column> out = new ArrayList<>(columns.size());
        int d = dimension;
        for (ColumnCoding c : columns) {
            if (c.type().isCategorical()) {
                int[] codes = new int[n];
                for (int r = 0; r < n; r++) {
                    codes[r] = decodeCategory(c, x, r * d + c.offset());
                }
                out.add(c.type() == ColumnType.BINARY ? Column.binary(c.name(), c.categories(), codes)
                        : Column.categorical(c.name(), c.categories(), codes));
            } else {
                double[] v = new double[n];
                for (int r = 0; r < n; r++) {
                    v[r] = decodeNumber(c, x[r * d + c.offset()]);
                }
                out.add(c.type() == ColumnType.INTEGER ? Column.integer(c.name(), v) : Column.numeric(c.name(), v));
            }
        }
        return Table.of(out);
    }

    static int decodeCategory(ColumnCoding c, float[] x, int base) {
        if (c.type() == ColumnType.BINARY) {
            return c.categories().size() == 1 || x[base] < 0 ? 0 : 1;
        }
        int best = 0;
        for (int i = 1; i < c.width(); i++) {
            if (x[base + i] > x[base + best]) {
                best = i;
            }
        }
        return best;
    }

    static double decodeNumber(ColumnCoding c, float z) {
        double v = z * c.sd() + c.mean();
        if (!Double.isFinite(v)) {
            v = c.mean();
        }
        v = Math.max(c.min(), Math.min(c.max(), v));
        if (c.type() == ColumnType.INTEGER) {
            return Math.rint(v);
        }
        double rounded = Double.parseDouble(Float.toString((float) v));
        return Math.max(c.min(), Math.min(c.max(), rounded));
    }

    /** The text form: {@code columns}, then per column {@code column.J.name/type/categories/mean/sd/min/max/counts}. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("columns", Integer.toString(columns.size()));
        for (int j = 0; j < columns.size(); j++) {
            ColumnCoding c = columns.get(j);
            String p = "column." + j + ".";
            m.put(p + "name", escape(c.name()));
            m.put(p + "type", c.type().description());
            if (c.type().isCategorical()) {
                List<String> cats = new ArrayList<>();
                for (String s : c.categories()) {
                    cats.add(escape(s));
                }
                m.put(p + "categories", String.join(",", cats));
                StringBuilder counts = new StringBuilder();
                for (int i = 0; i < c.counts().length; i++) {
                    counts.append(i == 0 ? "" : ",").append(c.counts()[i]);
                }
                m.put(p + "counts", counts.toString());
            } else {
                m.put(p + "mean", Double.toString(c.mean()));
                m.put(p + "sd", Double.toString(c.sd()));
                m.put(p + "min", Double.toString(c.min()));
                m.put(p + "max", Double.toString(c.max()));
            }
        }
        return m;
    }

    /**
     * The encoder whose {@link #toMap()} is (part of) {@code map}.
     *
     * @throws IllegalArgumentException naming the key whose value is missing or unreadable
     */
    public static TableEncoder fromMap(Map<String, String> map) {
        int count = parseInt(map, "columns");
        if (count < 1 || count > 100_000) {
            throw new IllegalArgumentException("bad columns '" + map.get("columns") + "': expected 1 to 100000");
        }
        List<ColumnCoding> list = new ArrayList<>();
        int offset = 0;
        for (int j = 0; j < count; j++) {
            String p = "column." + j + ".";
            String name = unescape(required(map, p + "name"));
            ColumnType type;
            try {
                type = ColumnType.parse(required(map, p + "type"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad " + p + "type: " + e.getMessage(), e);
            }
            if (type.isCategorical()) {
                String text = required(map, p + "categories");
                List<String> cats = new ArrayList<>();
                for (String s : text.split(",", -1)) {
                    cats.add(unescape(s));
                }
                String[] countText = required(map, p + "counts").split(",", -1);
                if (countText.length != cats.size()) {
                    throw new IllegalArgumentException("bad " + p + "counts: " + countText.length + " counts for "
                            + cats.size() + " categories");
                }
                int[] counts = new int[cats.size()];
                for (int i = 0; i < counts.length; i++) {
                    try {
                        counts[i] = Integer.parseInt(countText[i].trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("bad " + p + "counts '" + countText[i] + "'", e);
                    }
                }
                if (type == ColumnType.BINARY && cats.size() > 2) {
                    throw new IllegalArgumentException("bad " + p + "categories: a binary column has at most 2");
                }
                int width = type == ColumnType.BINARY ? 1 : cats.size();
                list.add(new ColumnCoding(name, type, cats, offset, width, 0, 1, 0, 0, counts));
                offset += width;
            } else {
                double mean = parseDouble(map, p + "mean");
                double sd = parseDouble(map, p + "sd");
                if (!(sd > 0)) {
                    throw new IllegalArgumentException("bad " + p + "sd " + sd + ": must be positive");
                }
                list.add(new ColumnCoding(name, type, List.of(), offset, 1, mean, sd,
                        parseDouble(map, p + "min"), parseDouble(map, p + "max"), new int[0]));
                offset += 1;
            }
        }
        return new TableEncoder(list);
    }

    private static String required(Map<String, String> map, String key) {
        String v = map.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return v;
    }

    private static int parseInt(Map<String, String> map, String key) {
        String v = required(map, key);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + key + " '" + v + "'", e);
        }
    }

    private static double parseDouble(Map<String, String> map, String key) {
        String v = required(map, key);
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException("not finite");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + key + " '" + v + "'", e);
        }
    }

    /** Percent-escapes what a header value or a comma-separated list cannot hold. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '%' -> b.append("%25");
                case ',' -> b.append("%2C");
                case '\n' -> b.append("%0A");
                case '\r' -> b.append("%0D");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    static String unescape(String s) {
        return s.replace("%2C", ",").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableEncoder e && toMap().equals(e.toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return "encoder(" + columns.size() + " columns -> " + dimension + " coordinates: "
                + Arrays.toString(names().toArray()) + ")";
    }
}
