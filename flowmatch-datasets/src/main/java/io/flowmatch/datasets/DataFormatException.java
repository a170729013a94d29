package io.flowmatch.datasets;

/**
 * A data file or array whose content cannot be used: empty, ragged, non-numeric, non-finite,
 * of an unsupported type or layout, or truncated. The message names the file (or array) and the
 * place of the problem, e.g. {@code "points.csv: line 4, column 2: 'abc' is not a number"}.
 */
public final class DataFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** A problem described by {@code message}. */
    public DataFormatException(String message) {
        super(message);
    }
}
