package io.flowmatch.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads a CSV file of points into a {@link PointSet}; the format is documented on
 * {@link Datasets#fromCsv(Path)}. Streams the file line by line into a growing float buffer.
 */
final class CsvReader {

    /** The largest array the JVM reliably allocates. */
    private static final int MAX_VALUES = Integer.MAX_VALUE - 8;

    private final String name;
    private float[] values = new float[1024];
    private int count;
    private int rows;
    /** Cells per row: from the header if there is one, else from the first data row; -1 before. */
    private int columns = -1;
    private int headerColumns = -1;
    /** The first blank line seen since the last data row, 0 if none. */
    private int pendingBlank;

    private CsvReader(String name) {
        this.name = name;
    }

    static PointSet read(Path path) {
        CsvReader reader = new CsvReader(path.toString());
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1); // byte order mark
                }
                reader.line(line, lineNumber);
            }
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no such file: " + path, e);
        } catch (CharacterCodingException e) {
            throw new DataFormatException(path + " is not a UTF-8 text file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e, e);
        }
        return reader.finish(path);
    }

    private void line(String line, int lineNumber) {
        if (line.isBlank()) {
            if (pendingBlank == 0) {
                pendingBlank = lineNumber;
            }
            return;
        }
        if (pendingBlank != 0) {
            throw new DataFormatException(name + ": line " + pendingBlank
                    + " is blank; blank lines are allowed only at the end of the file");
        }
        String[] cells = line.split(",", -1);
        if (lineNumber == 1 && noneNumeric(cells)) {
            headerColumns = cells.length;
            columns = cells.length;
            return;
        }
        if (columns < 0) {
            columns = cells.length;
        } else if (cells.length != columns) {
            throw new DataFormatException(name + ": line " + lineNumber + " has " + cells.length + " columns, expected "
                    + columns + (headerColumns >= 0 ? " (as in the header on line 1)" : ""));
        }
        if (count > MAX_VALUES - columns) {
            throw new DataFormatException(name + " is too large: more than " + MAX_VALUES + " values");
        }
        if (count + columns > values.length) {
            long grown = Math.max((long) values.length * 2, count + columns);
            values = Arrays.copyOf(values, (int) Math.min(grown, MAX_VALUES));
        }
        for (int j = 0; j < columns; j++) {
            values[count++] = parse(cells[j], lineNumber, j + 1);
        }
        rows++;
    }

    private PointSet finish(Path path) {
        if (rows == 0) {
            String why = headerColumns >= 0 ? " (only a header line)" : " (the file is empty or blank)";
            throw new DataFormatException(name + " contains no points" + why);
        }
        return new PointSet(Arrays.copyOf(values, count), rows, columns,
                "csv(" + path.getFileName() + ", " + rows + "x" + columns + ")");
    }

    /** Whether every cell is a number, counting NaN and infinities (so that such a line is data). */
    /**
     * A first line is a header only when none of its cells is a number: a line such as
     * {@code 1,abc} is a broken row, reported as such, never silently skipped as a header.
     */
    private static boolean noneNumeric(String[] cells) {
        for (String cell : cells) {
            String s = cell.strip();
            if (isDecimal(s) || nonFinite(s) != 0) {
                return false;
            }
        }
        return true;
    }

    private float parse(String cell, int line, int column) {
        String s = cell.strip();
        if (!isDecimal(s)) {
            String where = name + ": line " + line + ", column " + column + ": ";
            switch (nonFinite(s)) {
                case 1:
                    throw new DataFormatException(where + "NaN is not allowed");
                case 2:
                    throw new DataFormatException(where + "'" + s + "' is a non-finite value (infinity is not allowed)");
                default:
                    throw new DataFormatException(where + "'" + s + "' is not a number");
            }
        }
        float f = Float.parseFloat(s);
        if (Float.isInfinite(f)) {
            throw new DataFormatException(name + ": line " + line + ", column " + column + ": '" + s
                    + "' is too large for float32 (it rounds to infinity; the largest float32 is " + Float.MAX_VALUE + ")");
        }
        return f;
    }

    /** 1 for a spelling of NaN, 2 for one of infinity, 0 otherwise. */
    private static int nonFinite(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        if (t.startsWith("+") || t.startsWith("-")) {
            t = t.substring(1);
        }
        if (t.equals("nan")) {
            return 1;
        }
        return t.equals("inf") || t.equals("infinity") ? 2 : 0;
    }

    /**
     * Whether {@code s} is a plain decimal number: optional sign, digits with an optional
     * decimal point (at least one digit), optional exponent. Rejects Java-only forms such as
     * {@code 1f}, {@code 1d} or hexadecimal, which {@link Double#parseDouble} would accept.
     */
    static boolean isDecimal(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
