package io.flowmatch.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Reading, writing, splitting and damaging {@link Table}s.
 *
 * <pre>{@code
 * Table train = Tables.readCsv(Path.of("train.csv"));                 // types inferred
 * Table t = Tables.csv(Path.of("people.csv")).categorical("zip").read(); // one declared
 * Tables.writeCsv(t, Path.of("copy.csv"));                              // same header, same cells
 * Tables.Split s = Tables.split(t, 0.2, "label", 0L);                   // stratified 80/20
 * }</pre>
 */
public final class Tables {

    private Tables() {
    }

    /**
     * Reads a CSV file with a header line, inferring every column's type; the format and the
     * inference rules are on {@link TableReader}.
     *
     * @throws DataFormatException  naming the file, line and column of the first problem
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Table readCsv(Path path) {
        return csv(path).read();
    }

    /** A reader of {@code path} on which column types can be declared before {@link TableReader#read()}. */
    public static TableReader csv(Path path) {
        return new TableReader(path);
    }

    /**
     * Writes {@code table} as CSV: the header, then one line per row, each cell as
     * {@link Column#text(int)} gives it (missing cells empty), quoted where it holds a comma, a
     * quote or surrounding spaces. The file is written atomically (a temporary file in the same
     * folder, then moved into place). Reading it back with the same declared types gives an
     * equal table; with inference, the same types wherever inference can tell them (a numeric
     * column whose values happen to be whole, or labels that look like numbers, need declaring).
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void writeCsv(Table table, Path path) {
        if (table == null || path == null) {
            throw new IllegalArgumentException("table and path must not be null");
        }
        Path absolute = path.toAbsolutePath();
        Path dir = absolute.getParent();
        try {
            if (dir != null) {
                Files.createDirectories(dir);
            }
            // a random sibling created with the default permissions (createTempFile would make it owner-only)
            Path tmp = absolute.resolveSibling("." + absolute.getFileName() + "."
                    + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    write(table, w);
                }
                try {
                    Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code table} as CSV text to {@code out} (see {@link #writeCsv(Table, Path)}). */
    public static void write(Table table, Appendable out) throws IOException {
        int m = table.columnCount();
        List<String> names = table.names();
        for (int j = 0; j < m; j++) {
            out.append(j == 0 ? "" : ",").append(quote(names.get(j)));
        }
        out.append('\n');
        StringBuilder line = new StringBuilder();
        for (int r = 0; r < table.rowCount(); r++) {
            line.setLength(0);
            for (int j = 0; j < m; j++) {
                if (j > 0) {
                    line.append(',');
                }
                line.append(quote(table.text(r, j)));
            }
            out.append(line).append('\n');
        }
    }

    private static String quote(String s) {
        boolean needs = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || (!s.isEmpty()
                && (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))));
        return needs ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** A train/test split of a table's rows. */
    public record Split(Table train, Table test) {
    }

    /**
     * Splits the rows at random into train and test, {@code testFraction} of them (rounded) in
     * test; stratified by a label column when {@code stratify} names one (each category split in
     * the same proportion, as scikit-learn's {@code train_test_split(stratify=y)} does, though not
     * with the same random draws). Row order within each part follows the original order.
     *
     * @param testFraction in (0, 1)
     * @param stratify     a binary or categorical column, or null for a plain split
     * @throws IllegalArgumentException for a bad fraction, an unknown or numeric stratification column
     */
    public static Split split(Table table, double testFraction, String stratify, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in (0, 1), got " + testFraction);
        }
        int n = table.rowCount();
        int[] group = new int[n];
        int groups = 1;
        if (stratify != null) {
            Column c = table.column(stratify);
            if (!c.isCategorical()) {
                throw new IllegalArgumentException("cannot stratify by '" + stratify + "': it is "
                        + c.type().description() + ", not binary or categorical");
            }
            groups = c.categories().size() + 1;
            for (int r = 0; r < n; r++) {
                group[r] = c.code(r) + 1;
            }
        }
        SplittableRandom rng = new SplittableRandom(seed);
        boolean[] inTest = new boolean[n];
        for (int g = 0; g < groups; g++) {
            List<Integer> members = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                if (group[r] == g) {
                    members.add(r);
                }
            }
            for (int i = members.size() - 1; i > 0; i--) {
                int k = rng.nextInt(i + 1);
                Integer tmp = members.get(i);
                members.set(i, members.get(k));
                members.set(k, tmp);
            }
            long take = Math.round(members.size() * testFraction);
            for (int i = 0; i < take; i++) {
                inTest[members.get(i)] = true;
            }
        }
        int tests = 0;
        for (boolean b : inTest) {
            tests += b ? 1 : 0;
        }
        if (tests == 0 || tests == n) {
            throw new IllegalArgumentException("a test fraction of " + testFraction + " of " + n
                    + " rows leaves " + (tests == 0 ? "no test rows" : "no training rows"));
        }
        int[] train = new int[n - tests];
        int[] test = new int[tests];
        for (int r = 0, a = 0, b = 0; r < n; r++) {
            if (inTest[r]) {
                test[b++] = r;
            } else {
                train[a++] = r;
            }
        }
        return new Split(table.rows(train), table.rows(test));
    }

    /**
     * A copy of {@code table} with each present cell removed (made missing) independently with
     * probability {@code fraction}, keeping at least one present cell in every row: the
     * "missing completely at random" damage of imputation benchmarks.
     *
     * @param rng      the generator of the draws
     * @param fraction in [0, 1)
     */
    public static Table removeCells(SplittableRandom rng, Table table, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("fraction of cells to remove must be in [0, 1), got " + fraction);
        }
        int n = table.rowCount();
        int m = table.columnCount();
        boolean[][] remove = new boolean[m][n];
        for (int r = 0; r < n; r++) {
            int kept = 0;
            for (int j = 0; j < m; j++) {
                remove[j][r] = !table.isMissing(r, j) && rng.nextDouble() < fraction;
                kept += table.isMissing(r, j) || remove[j][r] ? 0 : 1;
            }
            if (kept == 0) {
                for (int j = 0; j < m; j++) {
                    if (remove[j][r]) {
                        remove[j][r] = false;
                        break;
                    }
                }
            }
        }
        List<Column> out = new ArrayList<>(m);
        for (int j = 0; j < m; j++) {
            Column c = table.column(j);
            if (c.isCategorical()) {
                int[] codes = c.codes();
                for (int r = 0; r < n; r++) {
                    if (remove[j][r]) {
                        codes[r] = Column.MISSING;
                    }
                }
                out.add(c.type() == ColumnType.BINARY ? Column.binary(c.name(), c.categories(), codes)
                        : Column.categorical(c.name(), c.categories(), codes));
            } else {
                double[] v = c.values();
                for (int r = 0; r < n; r++) {
                    if (remove[j][r]) {
                        v[r] = Double.NaN;
                    }
                }
                out.add(c.type() == ColumnType.INTEGER ? Column.integer(c.name(), v) : Column.numeric(c.name(), v));
            }
        }
        return Table.of(out);
    }
}
