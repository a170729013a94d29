package io.flowmatch.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a CSV file into a {@link Table}, with column types declared where inference would get
 * them wrong. Made by {@link Tables#csv(Path)}; {@link Tables#readCsv(Path)} is this with nothing
 * declared.
 *
 * <pre>{@code
 * Table t = Tables.csv(Path.of("people.csv")).categorical("zip").integer("age").read();
 * }</pre>
 *
 * <p><b>Format.</b> UTF-8 text, comma-separated, one row a line; the first line is the header
 * naming every column (required, names non-blank and distinct). A cell may be quoted with
 * {@code "} (a quoted cell may hold commas, and {@code ""} stands for a quote) but not span lines.
 * Cells are trimmed. Missing cells are empty or one of the {@link #missing(String...) missing
 * tokens} (default {@code NA}, {@code N/A}, {@code NaN}, {@code nan}, {@code null}, {@code NULL}).
 * Blank lines are allowed only at the end.
 *
 * <p><b>Inference</b> of an undeclared column from its present cells: all decimal numbers with
 * at most two distinct values: binary; all whole numbers: integer; all decimal numbers: numeric;
 * otherwise at most two distinct labels: binary; else categorical. A column whose every cell is
 * missing cannot be inferred and is an error unless declared.
 *
 * <p>Every problem is a {@link DataFormatException} naming the file, the 1-based line and column
 * and the column's name, e.g. {@code "train.csv: line 7, column 2 ('age'): '3.5' is not a whole
 * number (declared integer)"}.
 */
public final class TableReader {

    private static final List<String> DEFAULT_MISSING = List.of("", "NA", "N/A", "NaN", "nan", "null", "NULL");

    private final Path path;
    private final Map<String, ColumnType> declared = new LinkedHashMap<>();
    private Set<String> missingTokens = new LinkedHashSet<>(DEFAULT_MISSING);

    TableReader(Path path) {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        this.path = path;
    }

    /** Declares these columns numeric (real numbers). */
    public TableReader numeric(String... columns) {
        return declare(ColumnType.NUMERIC, columns);
    }

    /** Declares these columns integer (whole numbers only). */
    public TableReader integer(String... columns) {
        return declare(ColumnType.INTEGER, columns);
    }

    /** Declares these columns binary (at most two distinct values). */
    public TableReader binary(String... columns) {
        return declare(ColumnType.BINARY, columns);
    }

    /** Declares these columns categorical (labels, even if they look like numbers). */
    public TableReader categorical(String... columns) {
        return declare(ColumnType.CATEGORICAL, columns);
    }

    /** Declares the type of one column; a later declaration of the same column wins. */
    public TableReader type(String column, ColumnType type) {
        if (type == null) {
            throw new IllegalArgumentException("type of column '" + column + "' must not be null");
        }
        return declare(type, column);
    }

    /** Declares every column of {@code schema} with its type there (e.g. a model's training table). */
    public TableReader typesOf(Table schema) {
        for (Column c : schema.columns()) {
            declare(c.type(), c.name());
        }
        return this;
    }

    /** The cell texts read as missing, replacing the defaults; the empty cell is always missing. */
    public TableReader missing(String... tokens) {
        Set<String> set = new LinkedHashSet<>();
        set.add("");
        for (String t : tokens) {
            if (t == null) {
                throw new IllegalArgumentException("missing tokens must not be null");
            }
            set.add(t.strip());
        }
        this.missingTokens = set;
        return this;
    }

    private TableReader declare(ColumnType type, String... columns) {
        for (String c : columns) {
            if (c == null || c.isBlank()) {
                throw new IllegalArgumentException("a declared column needs a name, got '" + c + "'");
            }
            declared.put(c, type);
        }
        return this;
    }

    /**
     * Reads the file.
     *
     * @throws DataFormatException   for a file that is not a valid table (naming line and column)
     * @throws UncheckedIOException  if it cannot be read at all
     */
    public Table read() {
        List<String> lines;
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            lines = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no such file: " + path, e);
        } catch (CharacterCodingException e) {
            throw new DataFormatException(path + " is not a UTF-8 text file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e, e);
        }
        return parse(path.toString(), lines);
    }

    Table parse(String name, List<String> lines) {
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isBlank()) {
            end--;
        }
        if (end == 0) {
            throw new DataFormatException(name + " is empty: a table needs a header line naming its columns");
        }
        String first = lines.get(0);
        if (!first.isEmpty() && first.charAt(0) == '\uFEFF') {
            first = first.substring(1);
        }
        List<String> header = split(first, name, 1);
        checkHeader(name, header);
        int m = header.size();
        for (String c : declared.keySet()) {
            if (!header.contains(c)) {
                throw new DataFormatException(name + ": column '" + c + "' was declared "
                        + declared.get(c).description() + " but the header has no such column (columns: "
                        + String.join(", ", header) + ")");
            }
        }
        int rows = end - 1;
        if (rows == 0) {
            throw new DataFormatException(name + " has no rows (only a header line)");
        }
        String[][] cells = new String[m][rows];
        for (int r = 0; r < rows; r++) {
            int lineNumber = r + 2;
            String line = lines.get(r + 1);
            if (line.isBlank()) {
                throw new DataFormatException(name + ": line " + lineNumber
                        + " is blank; blank lines are allowed only at the end of the file");
            }
            List<String> row = split(line, name, lineNumber);
            if (row.size() != m) {
                throw new DataFormatException(name + ": line " + lineNumber + " has " + row.size()
                        + " cells, expected " + m + " (as in the header on line 1)");
            }
            for (int j = 0; j < m; j++) {
                String s = row.get(j);
                cells[j][r] = missingTokens.contains(s) ? null : s;
            }
        }
        List<Column> columns = new ArrayList<>(m);
        for (int j = 0; j < m; j++) {
            columns.add(column(name, header.get(j), j + 1, cells[j], declared.get(header.get(j))));
        }
        return Table.of(columns);
    }

    private static void checkHeader(String name, List<String> header) {
        boolean allNumbers = true;
        Map<String, Integer> seen = new HashMap<>();
        for (int j = 0; j < header.size(); j++) {
            String h = header.get(j);
            if (h.isEmpty()) {
                throw new DataFormatException(name + ": line 1, column " + (j + 1)
                        + ": empty column name (the first line must be a header naming every column)");
            }
            Integer before = seen.put(h, j + 1);
            if (before != null) {
                throw new DataFormatException(name + ": line 1: columns " + before + " and " + (j + 1)
                        + " are both named '" + h + "'");
            }
            allNumbers &= CsvReader.isDecimal(h);
        }
        if (allNumbers) {
            throw new DataFormatException(name + ": line 1 is data, not a header: the first line must name the columns"
                    + " (e.g. x,y,label)");
        }
    }

    private Column column(String file, String name, int col, String[] cells, ColumnType type) {
        String where = file + ": column " + col + " ('" + name + "')";
        boolean any = false;
        boolean allDecimal = true;
        Set<String> distinct = new LinkedHashSet<>();
        for (String s : cells) {
            if (s != null) {
                any = true;
                allDecimal &= CsvReader.isDecimal(s);
                if (distinct.size() <= 2) {
                    distinct.add(s);
                }
            }
        }
        if (type == null) {
            if (!any) {
                throw new DataFormatException(where + " is entirely empty: every cell is missing, so its type"
                        + " cannot be inferred (drop the column, or declare its type)");
            }
            if (distinct.size() <= 2) {
                type = ColumnType.BINARY;
            } else if (allDecimal) {
                type = ColumnType.INTEGER;
                for (String s : cells) {
                    if (s != null && !Column.isWhole(Double.parseDouble(s))) {
                        type = ColumnType.NUMERIC;
                        break;
                    }
                }
            } else {
                type = ColumnType.CATEGORICAL;
            }
        }
        if (!type.isCategorical()) {
            double[] values = new double[cells.length];
            for (int r = 0; r < cells.length; r++) {
                String s = cells[r];
                if (s == null) {
                    values[r] = Double.NaN;
                    continue;
                }
                String at = file + ": line " + (r + 2) + ", column " + col + " ('" + name + "'): ";
                if (!CsvReader.isDecimal(s)) {
                    throw new DataFormatException(at + "'" + s + "' is not a number (column declared "
                            + type.description() + ")");
                }
                double v = Double.parseDouble(s);
                if (Double.isInfinite(v)) {
                    throw new DataFormatException(at + "'" + s + "' is too large (it rounds to infinity)");
                }
                if (type == ColumnType.INTEGER && !Column.isWhole(v)) {
                    throw new DataFormatException(at + "'" + s + "' is not a whole number (column declared integer)");
                }
                values[r] = v;
            }
            return type == ColumnType.INTEGER ? Column.integer(name, values) : Column.numeric(name, values);
        }
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        for (int r = 0; r < cells.length; r++) {
            if (cells[r] != null) {
                firstLine.putIfAbsent(cells[r], r + 2);
            }
        }
        List<String> categories = Column.sortedCategories(new ArrayList<>(firstLine.keySet()));
        if (type == ColumnType.BINARY && categories.size() > 2) {
            String third = new ArrayList<>(firstLine.keySet()).get(2);
            throw new DataFormatException(file + ": line " + firstLine.get(third) + ", column " + col + " ('" + name
                    + "'): '" + third + "' is a third value in a column declared binary");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < categories.size(); i++) {
            index.put(categories.get(i), i);
        }
        int[] codes = new int[cells.length];
        for (int r = 0; r < cells.length; r++) {
            codes[r] = cells[r] == null ? Column.MISSING : index.get(cells[r]);
        }
        return type == ColumnType.BINARY ? Column.binary(name, categories, codes)
                : Column.categorical(name, categories, codes);
    }

    /** Splits one line into trimmed cells, honouring double quotes. */
    static List<String> split(String line, String name, int lineNumber) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int n = line.length();
        int i = 0;
        while (true) {
            cell.setLength(0);
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            if (i < n && line.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            closed = true;
                            break;
                        }
                    } else {
                        cell.append(c);
                    }
                }
                if (!closed) {
                    throw new DataFormatException(name + ": line " + lineNumber + ", column " + (cells.size() + 1)
                            + ": a quoted cell is not closed on its line");
                }
                while (i < n && line.charAt(i) != ',') {
                    if (line.charAt(i) != ' ') {
                        throw new DataFormatException(name + ": line " + lineNumber + ", column " + (cells.size() + 1)
                                + ": text after the closing quote");
                    }
                    i++;
                }
                cells.add(cell.toString());
            } else {
                int start = i;
                while (i < n && line.charAt(i) != ',') {
                    i++;
                }
                cells.add(line.substring(start, i).strip());
            }
            if (i >= n) {
                return cells;
            }
            i++; // the comma
        }
    }
}
