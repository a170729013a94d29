package io.flowmatch.examples;

import io.flowmatch.datasets.DataFormatException;
import io.flowmatch.datasets.Table;
import io.flowmatch.datasets.TableReader;

/** Reads the tables of the commands that read a CSV with the columns of another table or a model. */
final class TableFiles {

    private TableFiles() {
    }

    /**
     * Reads with {@code reader}, whose column types the command declared from another table or
     * a model. A declared column the file lacks is the user's file lacking a column, not a
     * declaration the user wrote, so that error is reported as {@code lacking + ": " + the
     * reader's message}; every other problem as the reader reports it.
     *
     * @param lacking what to say first, naming the file and what it should match
     */
    static Table readDeclared(TableReader reader, String lacking) {
        try {
            return reader.read();
        } catch (DataFormatException e) {
            if (e.getMessage().contains("but the header has no such column")) {
                throw new IllegalArgumentException(lacking + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }
}
