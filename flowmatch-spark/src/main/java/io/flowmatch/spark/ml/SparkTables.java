package io.flowmatch.spark.ml;

import io.flowmatch.datasets.Column;
import io.flowmatch.datasets.ColumnType;
import io.flowmatch.datasets.Table;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * DataFrames as flowmatch {@link Table}s and back, for the tabular flow. The column types map so:
 *
 * <table>
 * <caption>Spark types and table column types</caption>
 * <tr><th>Spark</th><th>table</th><th>back to Spark</th></tr>
 * <tr><td>string</td><td>categorical (its distinct values; {@code ""} is a missing cell)</td><td>string</td></tr>
 * <tr><td>boolean</td><td>binary ({@code false}, {@code true})</td><td>boolean</td></tr>
 * <tr><td>byte, short, int, long</td><td>integer</td><td>the same type</td></tr>
 * <tr><td>float, double, decimal</td><td>numeric</td><td>the same type</td></tr>
 * <tr><td>any of these, declared categorical</td><td>categorical (by its text)</td><td>the same type</td></tr>
 * </table>
 *
 * <p>A null is a missing cell and back. Other types (dates, arrays, vectors) are refused with a
 * message that names the column. A Table lives on one machine: {@link #collect} brings the rows
 * to the driver (a seeded random sample of them when there are more than a bound), and
 * {@link #toDataFrame} makes a DataFrame of a Table with a given schema.
 */
public final class SparkTables {

    private SparkTables() {
    }

    /**
     * The table column type of Spark column {@code field}.
     *
     * @param categorical whether the column is declared categorical (any supported type may be)
     * @throws IllegalArgumentException naming the column if its type is not supported
     */
    public static ColumnType columnType(StructField field, boolean categorical) {
        DataType t = field.dataType();
        if (!(t instanceof StringType || t instanceof BooleanType || isIntegral(t) || isReal(t))) {
            throw new IllegalArgumentException("column '" + field.name() + "' has type " + t.simpleString()
                    + ", which a table cannot hold (supported: string, boolean, byte, short, int, long, float, double, "
                    + "decimal)");
        }
        if (categorical || t instanceof StringType) {
            return ColumnType.CATEGORICAL;
        }
        if (t instanceof BooleanType) {
            return ColumnType.BINARY;
        }
        return isIntegral(t) ? ColumnType.INTEGER : ColumnType.NUMERIC;
    }

    /**
     * The table of {@code rows} (with schema {@code schema}), every column typed by
     * {@link #columnType}.
     *
     * @param categorical the names of columns to treat as categorical whatever their type
     * @throws IllegalArgumentException naming a column of an unsupported type, or if there are no columns
     */
    public static Table toTable(List<Row> rows, StructType schema, Collection<String> categorical) {
        StructField[] fields = schema.fields();
        List<Column> columns = new ArrayList<>(fields.length);
        for (int j = 0; j < fields.length; j++) {
            ColumnType type = columnType(fields[j], categorical.contains(fields[j].name()));
            columns.add(column(rows, j, fields[j].name(), type));
        }
        return Table.of(columns);
    }

    /**
     * The rows of {@code data} as a table on the driver: all of them, or, when there are more
     * than {@code maxRows}, a random sample of about {@code maxRows} of them drawn with
     * {@code seed}.
     *
     * @throws IllegalArgumentException naming a column of an unsupported type, or if there are no rows
     */
    public static Table collect(Dataset<Row> data, Collection<String> categorical, int maxRows, long seed) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
        }
        for (StructField f : data.schema().fields()) {
            columnType(f, categorical.contains(f.name()));
        }
        long count = data.count();
        if (count == 0) {
            throw new IllegalArgumentException("the data has no rows");
        }
        Dataset<Row> kept = data;
        if (count > maxRows) {
            kept = data.sample(false, Math.min(1.0, 1.05 * maxRows / count), seed).limit(maxRows);
        }
        return toTable(kept.collectAsList(), data.schema(), categorical);
    }

    /**
     * The rows of {@code table} as a DataFrame with {@code schema}: the table's columns by name,
     * each cell converted to its Spark column's type. Made on the driver; for many rows sample
     * in parallel with {@link TabularFlowMatchingModel#sample}.
     *
     * @throws IllegalArgumentException if the table lacks a column of the schema
     */
    public static Dataset<Row> toDataFrame(SparkSession spark, Table table, StructType schema) {
        return spark.createDataFrame(rows(table, schema), schema);
    }

    /** The rows of {@code table} in {@code schema}'s columns and types. */
    static List<Row> rows(Table table, StructType schema) {
        StructField[] fields = schema.fields();
        int[] index = new int[fields.length];
        for (int j = 0; j < fields.length; j++) {
            index[j] = table.indexOf(fields[j].name());
            if (index[j] < 0) {
                throw new IllegalArgumentException("the table has no column '" + fields[j].name() + "' (its columns: "
                        + table.names() + ")");
            }
        }
        List<Row> rows = new ArrayList<>(table.rowCount());
        for (int r = 0; r < table.rowCount(); r++) {
            Object[] values = new Object[fields.length];
            for (int j = 0; j < fields.length; j++) {
                values[j] = cell(table.column(index[j]), r, fields[j].dataType());
            }
            rows.add(RowFactory.create(values));
        }
        return rows;
    }

    /** Cell {@code r} of {@code c} as a value of Spark type {@code type} (null when missing). */
    static Object cell(Column c, int r, DataType type) {
        if (c.isMissing(r)) {
            return null;
        }
        if (type instanceof StringType) {
            return c.text(r);
        }
        if (type instanceof BooleanType) {
            return Boolean.parseBoolean(c.text(r).strip());
        }
        double v = c.isCategorical() ? Double.parseDouble(c.text(r).strip()) : c.value(r);
        if (type instanceof DoubleType) {
            return v;
        }
        if (type instanceof FloatType) {
            return (float) v;
        }
        if (type instanceof DecimalType dec) {
            return BigDecimal.valueOf(v).setScale(dec.scale(), RoundingMode.HALF_UP);
        }
        long whole = Math.round(v);
        if (type instanceof LongType) {
            return whole;
        }
        if (type instanceof IntegerType) {
            return (int) whole;
        }
        if (type instanceof ShortType) {
            return (short) whole;
        }
        if (type instanceof ByteType) {
            return (byte) whole;
        }
        throw new IllegalArgumentException("column '" + c.name() + "': unsupported Spark type " + type.simpleString());
    }

    /** Column {@code j} of {@code rows} as a table column of {@code type}. */
    static Column column(List<Row> rows, int j, String name, ColumnType type) {
        int n = rows.size();
        if (type.isCategorical()) {
            String[] cells = new String[n];
            for (int r = 0; r < n; r++) {
                Row row = rows.get(r);
                cells[r] = row.isNullAt(j) ? null : text(row.get(j));
            }
            if (type == ColumnType.BINARY) {
                int[] codes = new int[n];
                List<String> categories = List.of("false", "true");
                for (int r = 0; r < n; r++) {
                    codes[r] = cells[r] == null ? Column.MISSING : categories.indexOf(cells[r]);
                }
                return Column.binary(name, categories, codes);
            }
            return Column.categorical(name, cells);
        }
        double[] values = new double[n];
        for (int r = 0; r < n; r++) {
            Row row = rows.get(r);
            values[r] = row.isNullAt(j) ? Double.NaN : ((Number) row.get(j)).doubleValue();
            if (Double.isInfinite(values[r])) {
                throw new IllegalArgumentException("column '" + name + "' has an infinite value in row " + r);
            }
        }
        return type == ColumnType.INTEGER ? Column.integer(name, values) : Column.numeric(name, values);
    }

    /** A Spark value as a label. */
    static String text(Object value) {
        if (value instanceof BigDecimal b) {
            return b.stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    private static boolean isIntegral(DataType t) {
        return t instanceof ByteType || t instanceof ShortType || t instanceof IntegerType || t instanceof LongType;
    }

    private static boolean isReal(DataType t) {
        return t instanceof FloatType || t instanceof DoubleType || t instanceof DecimalType;
    }
}
