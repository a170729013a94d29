package io.flowmatch.datasets;

/**
 * A data file or array whose content cannot be used: empty, ragged, non-numeric, non-finite,
 * too large for float32, of an unsupported dtype or layout, malformed or truncated.
 *
 * <p>The message names the file (or array) and the place of the problem: 1-based line and
 * column for CSV, e.g. {@code "/data/points.csv: line 4, column 2: 'abc' is not a number"};
 * 0-based row and column for NPY files and arrays. A file that cannot be read at all (missing,
 * a directory, unreadable) is reported as a {@link java.io.UncheckedIOException} instead, e.g.
 * {@code "no such file: /data/points.csv"}.
 */
public final class DataFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * A problem described by {@code message}.
     *
     * @param message what is wrong and where, naming the file or array
     */
    public DataFormatException(String message) {
        super(message);
    }

    /**
     * A problem described by {@code message}, found through {@code cause}.
     *
     * @param message what is wrong and where, naming the file or array
     * @param cause   the lower-level exception that revealed it
     */
    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
