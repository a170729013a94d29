package io.flowmatch.tabular.metrics;

import io.flowmatch.datasets.Column;
import io.flowmatch.datasets.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The space in which ForestFlow's benchmark compares rows: each number column min-max scaled
 * with the minimum and maximum of the training table (other tables may fall outside [0, 1]; a
 * constant column is only shifted), each label column one-hot over the union of the labels of
 * all tables scored together, divided by 2. The L1 distance between two rows is then the Gower
 * distance times the number of columns: a different label counts 1, like a number a whole
 * training range apart.
 *
 * <p>Matches {@code minmax_scale_dummy(..., divide_by=2)} of the reference
 * (ForestDiffusion {@code utils.py}); binary columns are one-hot here, which gives the same
 * distances as the reference's min-max scaled 0/1 columns.
 */
public final class MetricSpace {

    private final List<String> names;
    private final double[] min;
    private final double[] scale;
    private final List<Map<String, Integer>> labels;
    private final int dimension;

    private MetricSpace(List<String> names, double[] min, double[] scale, List<Map<String, Integer>> labels) {
        this.names = names;
        this.min = min;
        this.scale = scale;
        this.labels = labels;
        int d = 0;
        for (int j = 0; j < names.size(); j++) {
            d += labels.get(j) == null ? 1 : labels.get(j).size();
        }
        this.dimension = d;
    }

    /**
     * Fits the space: scaling on {@code train}'s present numbers, labels over every table given.
     *
     * @param train  the table whose columns (names, order, kinds) define the space
     * @param others more tables to be mapped (their label values join the one-hot columns)
     */
    public static MetricSpace fit(Table train, Table... others) {
        List<String> names = train.names();
        int m = names.size();
        double[] min = new double[m];
        double[] scale = new double[m];
        List<Map<String, Integer>> labels = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            Column c = train.column(j);
            if (c.isCategorical()) {
                TreeSet<String> all = new TreeSet<>();
                collect(c, all);
                for (Table t : others) {
                    if (t != null) {
                        collect(t.column(c.name()), all);
                    }
                }
                Map<String, Integer> index = new LinkedHashMap<>();
                for (String s : all) {
                    index.put(s, index.size());
                }
                labels.add(index);
                scale[j] = 1;
            } else {
                double[] r = c.range();
                min[j] = Double.isNaN(r[0]) ? 0 : r[0];
                double range = Double.isNaN(r[0]) ? 0 : r[1] - r[0];
                scale[j] = range > 0 ? 1.0 / range : 1.0;
                labels.add(null);
            }
        }
        return new MetricSpace(names, min, scale, labels);
    }

    private static void collect(Column c, TreeSet<String> into) {
        for (int r = 0; r < c.size(); r++) {
            if (!c.isMissing(r)) {
                into.add(c.text(r));
            }
        }
    }

    /** The number of coordinates of a mapped row. */
    public int dimension() {
        return dimension;
    }

    /**
     * Maps the rows of {@code table} (columns matched by name) into the space, row-major
     * {@code [rows * dimension]}; a row with a missing cell is skipped.
     *
     * @return the mapped rows; {@code result.length / dimension()} of them
     */
    public double[] map(Table table) {
        int n = table.rowCount();
        Column[] cols = new Column[names.size()];
        for (int j = 0; j < cols.length; j++) {
            cols[j] = table.column(names.get(j));
        }
        double[] out = new double[n * dimension];
        int kept = 0;
        for (int r = 0; r < n; r++) {
            boolean complete = true;
            for (Column c : cols) {
                complete &= !c.isMissing(r);
            }
            if (!complete) {
                continue;
            }
            int base = kept * dimension;
            int o = 0;
            for (int j = 0; j < cols.length; j++) {
                Column c = cols[j];
                Map<String, Integer> index = labels.get(j);
                if (index == null) {
                    double v = c.isCategorical() ? Double.parseDouble(c.text(r)) : c.value(r);
                    out[base + o] = (v - min[j]) * scale[j];
                    o++;
                } else {
                    Integer at = index.get(c.text(r));
                    if (at == null) {
                        throw new IllegalArgumentException("label '" + c.text(r) + "' of column '" + c.name()
                                + "' was not part of the fitted space");
                    }
                    out[base + o + at] = 0.5;
                    o += index.size();
                }
            }
            kept++;
        }
        return java.util.Arrays.copyOf(out, kept * dimension);
    }

    /** The L1 distance between row {@code i} of {@code a} and row {@code j} of {@code b}. */
    double distance(double[] a, int i, double[] b, int j) {
        double s = 0;
        int ai = i * dimension;
        int bj = j * dimension;
        for (int q = 0; q < dimension; q++) {
            s += Math.abs(a[ai + q] - b[bj + q]);
        }
        return s;
    }
}
