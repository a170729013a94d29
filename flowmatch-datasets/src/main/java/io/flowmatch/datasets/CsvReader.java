package io.flowmatch.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a CSV file of points: one point a row, comma-separated numbers, an optional header line
 * (a first line in which no cell is a number), blank lines ignored. Streams the file line by
 * line into a growing float buffer.
 */
final class CsvReader {

    private CsvReader() {
    }

    static PointSet read(Path path) {
        String name = path.toString();
        float[] values = new float[1024];
        int count = 0;
        int columns = -1;
        int rows = 0;
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            boolean first = true;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (first) {
                    first = false;
                    if (isHeader(cells)) {
                        continue;
                    }
                }
                if (columns < 0) {
                    columns = cells.length;
                } else if (cells.length != columns) {
                    throw new DataFormatException(name + ": line " + lineNumber + " has " + cells.length
                            + " columns, expected " + columns);
                }
                if (count + columns > values.length) {
                    values = Arrays.copyOf(values, Math.max(count + columns, values.length * 2));
                }
                for (int j = 0; j < columns; j++) {
                    values[count++] = parse(cells[j], name, lineNumber, j + 1);
                }
                rows++;
            }
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no such file: " + name, e);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new DataFormatException(name + " is not a UTF-8 text file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
        if (rows == 0) {
            throw new DataFormatException(name + " contains no points");
        }
        return new PointSet(Arrays.copyOf(values, count), rows, columns,
                "csv(" + path.getFileName() + ", " + rows + "x" + columns + ")");
    }

    private static boolean isHeader(String[] cells) {
        for (String cell : cells) {
            if (isNumber(cell.trim())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return !s.isEmpty();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static float parse(String cell, String name, int line, int column) {
        String s = cell.trim();
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new DataFormatException(name + ": line " + line + ", column " + column + ": '" + s
                    + "' is not a number");
        }
        if (Double.isNaN(v)) {
            throw new DataFormatException(name + ": line " + line + ", column " + column + ": NaN is not allowed");
        }
        if (Double.isInfinite(v) || Math.abs(v) > Float.MAX_VALUE) {
            throw new DataFormatException(name + ": line " + line + ", column " + column + ": '" + s
                    + "' is a non-finite value or too large for float32");
        }
        return (float) v;
    }
}
