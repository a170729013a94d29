package io.flowmatch.datasets;

import java.nio.file.Path;
import java.util.List;

/** Reads a CSV file of points with a label column, for {@link Datasets#fromCsv(Path, String)}. */
final class LabelledCsv {

    private LabelledCsv() {
    }

    static LabelledPointSet read(Path path, String labelColumn) {
        if (labelColumn == null || labelColumn.isBlank()) {
            throw new IllegalArgumentException("label column name must not be blank");
        }
        Table table = Tables.readCsv(path);
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        int labelIndex = table.indexOf(labelColumn.strip());
        if (labelIndex < 0) {
            throw new DataFormatException(path + " has no column '" + labelColumn.strip() + "' for the labels (columns: "
                    + String.join(", ", table.names()) + ")");
        }
        if (table.columnCount() < 2) {
            throw new DataFormatException(path + " has only the label column '" + labelColumn.strip()
                    + "': the points need at least one more column");
        }
        Column labelsColumn = labelColumnOf(path, table.column(labelIndex));
        int rows = table.rowCount();
        int d = table.columnCount() - 1;
        float[] values = new float[Math.multiplyExact(rows, d)];
        int j = 0;
        for (int c = 0; c < table.columnCount(); c++) {
            if (c == labelIndex) {
                continue;
            }
            Column column = table.column(c);
            String where = " column " + (c + 1) + " ('" + column.name() + "')";
            double[] numbers = null;
            if (column.isCategorical()) {
                numbers = new double[column.categories().size()];
                for (int k = 0; k < numbers.length; k++) {
                    String text = column.categories().get(k);
                    try {
                        numbers[k] = Double.parseDouble(text);
                    } catch (NumberFormatException e) {
                        throw new DataFormatException(path + ":" + where + " holds text ('" + text + "' on line "
                                + (firstRowOf(column, k) + 2) + "): every column but the label column '"
                                + labelColumn.strip() + "' must hold numbers (tables of mixed columns are"
                                + " the tabular flow's, flowmatch-tabular)");
                    }
                }
            }
            for (int r = 0; r < rows; r++) {
                if (column.isMissing(r)) {
                    throw new DataFormatException(path + ": line " + (r + 2) + "," + where
                            + " is empty: a point needs every coordinate");
                }
                double v = numbers != null ? numbers[column.code(r)] : column.value(r);
                float f = (float) v;
                if (!Float.isFinite(f)) {
                    throw new DataFormatException(path + ": line " + (r + 2) + "," + where + ": '" + column.text(r)
                            + "' is not a finite float32 number");
                }
                values[r * d + j] = f;
            }
            j++;
        }
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            if (labelsColumn.isMissing(r)) {
                throw new DataFormatException(path + ": line " + (r + 2) + ", column " + (labelIndex + 1) + " ('"
                        + labelsColumn.name() + "'): the label is missing");
            }
            labels[r] = labelsColumn.code(r);
        }
        List<String> classNames = labelsColumn.categories();
        PointSet points = new PointSet(values, rows, d, "csv(" + name + ", " + rows + "x" + d + ")");
        return new LabelledPointSet(points, values, labels, classNames.size(), classNames,
                "labelled(" + points.description() + ", label=" + labelsColumn.name() + ", "
                        + classNames.size() + " classes)");
    }

    /** The label column as categories: its own if categorical, its whole numbers' texts if integer. */
    private static Column labelColumnOf(Path path, Column column) {
        if (column.isCategorical()) {
            return column;
        }
        String[] texts = new String[column.size()];
        for (int r = 0; r < texts.length; r++) {
            if (!column.isMissing(r)) {
                double v = column.value(r);
                if (v != Math.rint(v)) {
                    throw new DataFormatException(path + ": line " + (r + 2) + ", label column '" + column.name()
                            + "': '" + column.text(r) + "' is not a whole number: labels are categories (text)"
                            + " or whole numbers");
                }
            }
            texts[r] = column.text(r);
        }
        return Column.categorical(column.name(), texts);
    }

    private static int firstRowOf(Column column, int code) {
        for (int r = 0; r < column.size(); r++) {
            if (column.code(r) == code) {
                return r;
            }
        }
        return 0;
    }
}
