package io.flowmatch.datasets;

import java.util.Locale;

/**
 * What the cells of a {@link Column} of a {@link Table} hold. A table's CSV reader infers it from
 * the cells (see {@link Tables#readCsv}), and a column can be declared when inference is wrong
 * ({@link TableReader#categorical(String...)} and friends).
 */
public enum ColumnType {

    /** Real numbers (floating point), e.g. a length in centimetres. */
    NUMERIC,

    /** Whole numbers only, e.g. a count or an age in years; generated values are rounded. */
    INTEGER,

    /** Exactly two values (numbers or text), e.g. {@code 0}/{@code 1} or {@code yes}/{@code no}. */
    BINARY,

    /** One of a finite set of labels (text, or numbers declared categorical), e.g. a species. */
    CATEGORICAL;

    /** Whether cells are labels from a finite set (binary or categorical), not numbers. */
    public boolean isCategorical() {
        return this == BINARY || this == CATEGORICAL;
    }

    /** The lower-case name that {@link #parse(String)} reads back, e.g. {@code "integer"}. */
    public String description() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The type named {@code name} (case-insensitive): {@code numeric}, {@code integer},
     * {@code binary} or {@code categorical}.
     *
     * @throws IllegalArgumentException naming the text and the valid names
     */
    public static ColumnType parse(String name) {
        if (name != null) {
            String s = name.strip().toUpperCase(Locale.ROOT);
            for (ColumnType t : values()) {
                if (t.name().equals(s)) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException("unknown column type '" + name
                + "' (expected numeric, integer, binary, categorical)");
    }
}
