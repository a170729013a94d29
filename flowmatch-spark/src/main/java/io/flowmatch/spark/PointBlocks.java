package io.flowmatch.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Turns a {@link Dataset} of points (one point a row, every column numeric, in order) into
 * {@link FloatBlock}s, one partition of blocks per partition of the data, and checks every value
 * on the way: a null, a NaN, an infinite value or one too large for float32 becomes a block
 * carrying a message that names the column, so the driver can report it before training.
 */
final class PointBlocks {

    private PointBlocks() {
    }

    /**
     * The dimension of the points: the number of columns.
     *
     * @throws IllegalArgumentException if there are no columns or a column is not numeric (named)
     */
    static int dimension(StructType schema) {
        StructField[] fields = schema.fields();
        if (fields.length == 0) {
            throw new IllegalArgumentException("the data has no columns; give one numeric column per coordinate");
        }
        for (int j = 0; j < fields.length; j++) {
            if (!(fields[j].dataType() instanceof NumericType)) {
                throw new IllegalArgumentException("column '" + fields[j].name() + "' (index " + j + ") has type "
                        + fields[j].dataType().simpleString() + ", but every column must be numeric: select the "
                        + "coordinate columns first, e.g. data.select(\"x\", \"y\")");
            }
        }
        return fields.length;
    }

    /** The data as blocks, lazily: nothing is read until an action runs. */
    static JavaRDD<FloatBlock> of(Dataset<Row> data) {
        int d = dimension(data.schema());
        String[] names = data.schema().fieldNames();
        return data.toJavaRDD().mapPartitionsWithIndex((index, rows) -> toBlocks(index, rows, d, names, null), true);
    }

    /**
     * Labelled data as blocks, lazily: {@code data}'s last column is {@code labels}' column, every
     * column before it a coordinate.
     */
    static JavaRDD<FloatBlock> of(Dataset<Row> data, LabelColumn labels) {
        String[] all = data.schema().fieldNames();
        int d = all.length - 1;
        String[] names = java.util.Arrays.copyOf(all, d);
        return data.toJavaRDD().mapPartitionsWithIndex((index, rows) -> toBlocks(index, rows, d, names, labels), true);
    }

    /**
     * One partition's rows as blocks; stops at the first bad value with a block naming it. With
     * {@code labels}, column d of each row is its label.
     */
    static Iterator<FloatBlock> toBlocks(int partition, Iterator<Row> rows, int d, String[] names, LabelColumn labels) {
        List<FloatBlock> blocks = new ArrayList<>();
        float[] values = new float[FloatBlock.ROWS * d];
        int[] classes = labels == null ? null : new int[FloatBlock.ROWS];
        int filled = 0;
        long row = 0;
        while (rows.hasNext()) {
            Row r = rows.next();
            for (int j = 0; j < d; j++) {
                String problem = check(r, j, names[j]);
                if (problem != null) {
                    return List.of(FloatBlock.problem(problem + " in row " + row + " of partition " + partition
                            + "; drop or fill such rows first (e.g. data.na().drop())")).iterator();
                }
                values[filled * d + j] = ((Number) r.get(j)).floatValue();
            }
            if (labels != null) {
                int y = labels.indexOf(r, d);
                if (y < 0) {
                    return List.of(FloatBlock.problem("label column '" + labels.name() + "' has the value " + r.get(d)
                            + ", which is not a class, in row " + row + " of partition " + partition)).iterator();
                }
                classes[filled] = y;
            }
            filled++;
            row++;
            if (filled == FloatBlock.ROWS) {
                blocks.add(FloatBlock.of(filled, d, values, classes));
                values = new float[FloatBlock.ROWS * d];
                classes = labels == null ? null : new int[FloatBlock.ROWS];
                filled = 0;
            }
        }
        if (filled > 0) {
            float[] last = new float[filled * d];
            System.arraycopy(values, 0, last, 0, last.length);
            blocks.add(FloatBlock.of(filled, d, last, classes == null ? null : java.util.Arrays.copyOf(classes, filled)));
        }
        return blocks.iterator();
    }

    private static String check(Row r, int j, String name) {
        if (r.isNullAt(j)) {
            return "column '" + name + "' has a null value";
        }
        Object value = r.get(j);
        if (!(value instanceof Number number)) {
            return "column '" + name + "' has a non-numeric value " + value;
        }
        double v = number.doubleValue();
        if (Double.isNaN(v)) {
            return "column '" + name + "' has a NaN value";
        }
        if (Double.isInfinite(v) || Float.isInfinite((float) v)) {
            return "column '" + name + "' has a value too large for float32 (" + v + ")";
        }
        return null;
    }
}
