package io.flowmatch.discrete;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Token sequences as CSV: one sequence a row, comma-separated integers, an optional header line
 * (a first line that is not all integers). Blank lines are skipped. Rows of different lengths are
 * refused here, tokens outside the vocabulary by {@link DiscreteFlowMatcher.Builder#data}.
 */
public final class TokenCsv {

    private TokenCsv() {
    }

    /**
     * The sequences in {@code path}.
     *
     * @throws UncheckedIOException     if the file cannot be read
     * @throws IllegalArgumentException for a cell that is not an integer, rows of different
     *                                  lengths or no rows, naming the file, line and column
     */
    public static int[][] read(Path path) {
        List<int[]> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            boolean first = true;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                String text = line.strip();
                if (text.isEmpty()) {
                    continue;
                }
                String[] cells = text.split(",", -1);
                if (first) {
                    first = false;
                    if (!isInteger(cells[0].strip())) {
                        continue; // a header line
                    }
                }
                int[] row = new int[cells.length];
                for (int c = 0; c < cells.length; c++) {
                    String cell = cells[c].strip();
                    try {
                        row[c] = Integer.parseInt(cell);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(path + " line " + lineNumber + ", column " + (c + 1)
                                + ": '" + cell + "' is not an integer token");
                    }
                }
                if (!rows.isEmpty() && row.length != rows.get(0).length) {
                    throw new IllegalArgumentException(path + " line " + lineNumber + " has " + row.length
                            + " tokens but the first row has " + rows.get(0).length);
                }
                rows.add(row);
            }
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no such file: " + path, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(path + " holds no token rows");
        }
        return rows.toArray(new int[0][]);
    }

    /**
     * Writes {@code sequences} with a header line {@code x0,x1,...}.
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void write(Path path, int[][] sequences) {
        if (sequences == null || sequences.length == 0) {
            throw new IllegalArgumentException("no sequences to write");
        }
        try (BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < sequences[0].length; c++) {
                sb.append(c > 0 ? "," : "").append('x').append(c);
            }
            out.write(sb.append('\n').toString());
            for (int[] row : sequences) {
                sb.setLength(0);
                for (int c = 0; c < row.length; c++) {
                    sb.append(c > 0 ? "," : "").append(row[c]);
                }
                out.write(sb.append('\n').toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    private static boolean isInteger(String s) {
        try {
            Integer.parseInt(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
