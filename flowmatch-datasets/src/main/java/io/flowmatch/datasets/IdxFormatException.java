package io.flowmatch.datasets;

/** An IDX file (the MNIST format) that cannot be read: bad magic number, wrong type, truncated data; a user error, hence an {@link IllegalArgumentException}. */
public final class IdxFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the file */
    public IdxFormatException(String message) {
        super(message);
    }
}
