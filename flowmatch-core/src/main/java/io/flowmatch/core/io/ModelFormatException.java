package io.flowmatch.core.io;

/**
 * A model file that cannot be read: not a flowmatch model, truncated, corrupted (checksum
 * mismatch), from a newer format version, or inconsistent with itself. The message names the
 * file and the problem.
 */
public final class ModelFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A format problem described by {@code message}. */
    public ModelFormatException(String message) {
        super(message);
    }

    /** A format problem with an underlying cause. */
    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
