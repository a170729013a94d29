package io.flowmatch.core.image;

/** An IDX file (the MNIST format) that cannot be read: bad magic number, wrong type, truncated data. */
public final class IdxFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the file */
    public IdxFormatException(String message) {
        super(message);
    }
}
