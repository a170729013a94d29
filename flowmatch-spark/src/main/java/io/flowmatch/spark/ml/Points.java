package io.flowmatch.spark.ml;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Where a {@link FlowMatchingParams} stage finds its points in a DataFrame: the numeric columns
 * of {@code inputCols} when that is set, else the Vector column {@code featuresCol}. Checks the
 * schema with messages that name the column, and reads a row's coordinates.
 */
final class Points implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The input columns, or null for a Vector column. */
    private final String[] inputCols;
    private final String featuresCol;

    private Points(String[] inputCols, String featuresCol) {
        this.inputCols = inputCols;
        this.featuresCol = featuresCol;
    }

    /** Where {@code stage}'s Params say the points are. */
    static Points of(FlowMatchingParams stage) {
        if (stage.isDefined(stage.inputCols()) && stage.getInputCols().length > 0) {
            return new Points(stage.getInputCols().clone(), null);
        }
        return new Points(null, stage.getFeaturesCol());
    }

    boolean fromVector() {
        return inputCols == null;
    }

    String featuresCol() {
        return featuresCol;
    }

    /**
     * Checks that the columns exist and have the right types.
     *
     * @return the number of coordinates, or -1 for a Vector column whose size the schema does
     *         not record
     * @throws IllegalArgumentException naming the column that is missing or of the wrong type
     */
    int check(StructType schema, String stage) {
        List<String> names = Arrays.asList(schema.fieldNames());
        if (inputCols != null) {
            Set<String> seen = new HashSet<>();
            for (String c : inputCols) {
                if (!names.contains(c)) {
                    throw new IllegalArgumentException(stage + ": input column '" + c + "' does not exist; the columns are "
                            + names);
                }
                if (!seen.add(c)) {
                    throw new IllegalArgumentException(stage + ": input column '" + c + "' is given twice in inputCols");
                }
                StructField f = schema.apply(c);
                if (!(f.dataType() instanceof NumericType)) {
                    throw new IllegalArgumentException(stage + ": input column '" + c + "' has type "
                            + f.dataType().simpleString() + ", but every input column must be numeric (a column of "
                            + "strings, integers or booleans goes through TabularFlowMatching)");
                }
            }
            return inputCols.length;
        }
        if (!names.contains(featuresCol)) {
            throw new IllegalArgumentException(stage + ": features column '" + featuresCol + "' does not exist; the columns "
                    + "are " + names + " (set featuresCol to a Vector column, e.g. a VectorAssembler's output, or "
                    + "inputCols to numeric columns)");
        }
        StructField f = schema.apply(featuresCol);
        if (!(f.dataType() instanceof VectorUDT)) {
            throw new IllegalArgumentException(stage + ": features column '" + featuresCol + "' has type "
                    + f.dataType().simpleString() + ", but must be a Vector (e.g. a VectorAssembler's output); for "
                    + "numeric columns set inputCols instead");
        }
        AttributeGroup group = AttributeGroup.fromStructField(f);
        return group.size();
    }

    /**
     * The coordinates' names: the input columns, or the Vector's attribute names when a
     * VectorAssembler recorded them (else {@code featuresCol_0 ..}).
     */
    List<String> names(StructType schema, int d) {
        if (inputCols != null) {
            return List.of(inputCols);
        }
        List<String> names = new ArrayList<>(d);
        AttributeGroup group = AttributeGroup.fromStructField(schema.apply(featuresCol));
        if (group.attributes().isDefined() && group.attributes().get().length == d) {
            Set<String> seen = new HashSet<>();
            for (Attribute a : group.attributes().get()) {
                if (a.name().isEmpty() || !seen.add(a.name().get())) {
                    names.clear();
                    break;
                }
                names.add(a.name().get());
            }
        }
        if (names.size() != d) {
            names.clear();
            for (int j = 0; j < d; j++) {
                names.add(featuresCol + "_" + j);
            }
        }
        return names;
    }

    /** The number of coordinates of the data: from the schema, or from its first row's Vector. */
    int dimension(Dataset<?> data, String stage) {
        int d = check(data.schema(), stage);
        if (d >= 0) {
            return d;
        }
        List<Row> first = data.toDF().select(col(featuresCol)).na().drop().limit(1).collectAsList();
        if (first.isEmpty()) {
            throw new IllegalArgumentException(stage + ": features column '" + featuresCol + "' has no non-null rows");
        }
        return ((Vector) first.get(0).get(0)).size();
    }

    /** The points as {@code d} double columns named {@code names}, in order, for the trainer. */
    Dataset<Row> coordinates(Dataset<?> data, List<String> names) {
        Dataset<Row> df = data.toDF();
        Column[] columns = new Column[names.size()];
        if (inputCols != null) {
            for (int j = 0; j < columns.length; j++) {
                columns[j] = col(inputCols[j]).cast(DataTypes.DoubleType).as(names.get(j));
            }
            return df.select(columns);
        }
        String array = "__flowmatch_coordinates";
        Dataset<Row> arrays = df.select(functions.vector_to_array(col(featuresCol), "float64").as(array));
        for (int j = 0; j < columns.length; j++) {
            columns[j] = col(array).getItem(j).as(names.get(j));
        }
        return arrays.select(columns);
    }

    /**
     * The points as {@code d} double columns named {@code names}, in order, then the column
     * {@code labelCol} as it is, for the trainer of labelled data.
     */
    Dataset<Row> coordinatesAndLabel(Dataset<?> data, List<String> names, String labelCol) {
        String label = "__flowmatch_label";
        Dataset<Row> withLabel = data.toDF().withColumn(label, col(labelCol));
        Dataset<Row> coordinates = new Points(inputCols, featuresCol).coordinatesKeeping(withLabel, names, label);
        return coordinates.withColumnRenamed(label, labelCol);
    }

    private Dataset<Row> coordinatesKeeping(Dataset<Row> df, List<String> names, String keep) {
        Column[] columns = new Column[names.size() + 1];
        if (inputCols != null) {
            for (int j = 0; j < names.size(); j++) {
                columns[j] = col(inputCols[j]).cast(DataTypes.DoubleType).as(names.get(j));
            }
            columns[names.size()] = col(keep);
            return df.select(columns);
        }
        String array = "__flowmatch_coordinates";
        Dataset<Row> arrays = df.select(functions.vector_to_array(col(featuresCol), "float64").as(array), col(keep));
        for (int j = 0; j < names.size(); j++) {
            columns[j] = col(array).getItem(j).as(names.get(j));
        }
        columns[names.size()] = col(keep);
        return arrays.select(columns);
    }

    /** The indices of the input columns in {@code schema}, or the Vector column's index first. */
    int[] indices(StructType schema) {
        if (inputCols == null) {
            return new int[] {schema.fieldIndex(featuresCol)};
        }
        int[] idx = new int[inputCols.length];
        for (int j = 0; j < idx.length; j++) {
            idx[j] = schema.fieldIndex(inputCols[j]);
        }
        return idx;
    }

    /**
     * Writes row {@code r}'s {@code d} coordinates into {@code out} at {@code offset}.
     *
     * @return false if a coordinate is null or not finite, or the Vector has another size
     */
    boolean read(Row r, int[] indices, int d, double[] out, int offset) {
        if (inputCols == null) {
            if (r.isNullAt(indices[0])) {
                return false;
            }
            Vector v = (Vector) r.get(indices[0]);
            if (v.size() != d) {
                return false;
            }
            for (int j = 0; j < d; j++) {
                double x = v.apply(j);
                if (!Double.isFinite(x)) {
                    return false;
                }
                out[offset + j] = x;
            }
            return true;
        }
        for (int j = 0; j < d; j++) {
            if (r.isNullAt(indices[j])) {
                return false;
            }
            double x = ((Number) r.get(indices[j])).doubleValue();
            if (!Double.isFinite(x)) {
                return false;
            }
            out[offset + j] = x;
        }
        return true;
    }
}
