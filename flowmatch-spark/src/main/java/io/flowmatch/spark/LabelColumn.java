package io.flowmatch.spark;

import static org.apache.spark.sql.functions.col;

import io.flowmatch.core.model.MlpArchitecture;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;

/**
 * A column of class labels and how its values become class indices: an integral column's values
 * are the indices themselves (0..K-1, every class present, names {@code "0"} .. {@code "K-1"}); a
 * string column's distinct values, sorted in Java's {@link String#compareTo} order, are the class
 * names, value i of that order being class i. Read once on the driver by one Spark job, which
 * also refuses nulls, negative labels and missing classes, naming the column.
 */
final class LabelColumn implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;
    /** The sorted class names of a string column, or null for an integral one. */
    private final String[] strings;
    private final int classes;

    private LabelColumn(String name, String[] strings, int classes) {
        this.name = name;
        this.strings = strings;
        this.classes = classes;
    }

    /** Whether a Spark type can hold labels: a string or an integral type. */
    static boolean isLabelType(DataType type) {
        return type instanceof StringType || isIntegral(type);
    }

    private static boolean isIntegral(DataType type) {
        return type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType
                || type instanceof LongType;
    }

    /**
     * Checks the column's type and reads its classes (one Spark job).
     *
     * @throws IllegalArgumentException naming the column if it is missing, not integral or string,
     *                                  or has a null, a negative label, a missing class, or more
     *                                  classes than a model takes
     */
    static LabelColumn read(Dataset<Row> data, String column) {
        List<String> names = Arrays.asList(data.columns());
        if (!names.contains(column)) {
            throw new IllegalArgumentException("label column '" + column + "' does not exist; the columns are " + names);
        }
        DataType type = data.schema().apply(column).dataType();
        if (!isLabelType(type)) {
            throw new IllegalArgumentException("label column '" + column + "' has type " + type.simpleString()
                    + ", but labels must be integers (0..K-1) or strings (class names)");
        }
        List<Row> counts = data.groupBy(col(column)).count().collectAsList();
        List<String> values = new ArrayList<>();
        long max = -1;
        for (Row r : counts) {
            if (r.isNullAt(0)) {
                throw new IllegalArgumentException("label column '" + column + "' has " + r.getLong(1)
                        + " null value(s): every training row needs a class; drop or fill them first (e.g. "
                        + "data.na().drop(new String[] {\"" + column + "\"}))");
            }
            if (type instanceof StringType) {
                values.add(r.getString(0));
            } else {
                long y = ((Number) r.get(0)).longValue();
                if (y < 0) {
                    throw new IllegalArgumentException("label column '" + column + "' has a negative label " + y
                            + ": integer labels must be 0..K-1");
                }
                max = Math.max(max, y);
            }
        }
        if (counts.isEmpty()) {
            throw new IllegalArgumentException("the data has no rows");
        }
        int classes = type instanceof StringType ? values.size() : (int) Math.min(max + 1, Integer.MAX_VALUE);
        if (classes > MlpArchitecture.MAX_CLASSES || max >= MlpArchitecture.MAX_CLASSES) {
            throw new IllegalArgumentException("label column '" + column + "' has " + (type instanceof StringType
                    ? classes + " distinct values" : "labels up to " + max) + ", more than the "
                    + MlpArchitecture.MAX_CLASSES + " classes a model takes");
        }
        if (type instanceof StringType) {
            String[] sorted = values.toArray(new String[0]);
            Arrays.sort(sorted);
            for (String s : sorted) {
                if (s.isBlank() || s.contains("\n") || s.contains("\r")) {
                    throw new IllegalArgumentException("label column '" + column + "' has the value '" + s
                            + "': class names must be non-blank and single-line");
                }
            }
            return new LabelColumn(column, sorted, classes);
        }
        if (counts.size() != classes) {
            boolean[] seen = new boolean[classes];
            for (Row r : counts) {
                seen[(int) ((Number) r.get(0)).longValue()] = true;
            }
            int missing = 0;
            while (seen[missing]) {
                missing++;
            }
            throw new IllegalArgumentException("label column '" + column + "' has no row of class " + missing
                    + ": integer labels must be 0..K-1 with every class present (labels up to " + max + " found); "
                    + "or give the classes as a string column");
        }
        return new LabelColumn(column, null, classes);
    }

    /** The column's name. */
    String name() {
        return name;
    }

    /** The number of classes K. */
    int classes() {
        return classes;
    }

    /** The class names in label order. */
    List<String> classNames() {
        if (strings != null) {
            return List.of(strings);
        }
        List<String> names = new ArrayList<>(classes);
        for (int k = 0; k < classes; k++) {
            names.add(Integer.toString(k));
        }
        return names;
    }

    /** The class index of row {@code r}'s value at {@code index}, or -1 if it is null or not a class. */
    int indexOf(Row r, int index) {
        if (r.isNullAt(index)) {
            return -1;
        }
        Object v = r.get(index);
        if (strings != null) {
            int k = v instanceof String s ? Arrays.binarySearch(strings, s) : -1;
            return Math.max(k, -1);
        }
        long y = v instanceof Number n ? n.longValue() : -1;
        return y >= 0 && y < classes ? (int) y : -1;
    }
}
