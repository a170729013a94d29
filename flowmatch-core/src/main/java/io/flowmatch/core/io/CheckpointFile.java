package io.flowmatch.core.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The flowmatch training checkpoint file: the same checked container as {@link ModelFile} (text
 * header, named float32 arrays, CRC-32 of every byte) under its own magic {@code "FLOWCKPT"}, so
 * a model file is never mistaken for a checkpoint or the other way round. What the header and
 * arrays hold is decided by {@link io.flowmatch.core.train.Checkpointer}.
 *
 * <p>Written atomically: the new content goes to a temporary file that is forced to disk and then
 * renamed over the old checkpoint, so the previous checkpoint stays whole until the new one is
 * complete. Reading checks the size, magic, version and checksum before anything is parsed, and
 * every size field before anything is allocated from it; no Java serialization is involved.
 */
public final class CheckpointFile {

    /** The current format version; files with a higher version are refused. */
    public static final int FORMAT_VERSION = 1;

    private static final byte[] MAGIC = "FLOWCKPT".getBytes(StandardCharsets.US_ASCII);

    private final ModelFile container;

    /**
     * @param header ordered key/value pairs; keys and values must not contain line breaks, keys no '='
     * @param arrays named float arrays, in order (at most 64)
     * @throws IllegalArgumentException for a header entry with a line break or a key with '='
     */
    public CheckpointFile(Map<String, String> header, Map<String, float[]> arrays) {
        this(new ModelFile(header, arrays));
    }

    private CheckpointFile(ModelFile container) {
        this.container = container;
    }

    /** The header, in file order. */
    public Map<String, String> header() {
        return container.header();
    }

    /** The named arrays, in file order. */
    public Map<String, float[]> arrays() {
        return container.arrays();
    }

    /**
     * Writes the file atomically, keeping an existing {@code path} whole until the new content is
     * complete on disk.
     *
     * @throws java.io.UncheckedIOException if writing fails (the temporary file is removed and the
     *                                      old checkpoint left as it was)
     */
    public void write(Path path) {
        byte[] bytes = encode();
        AtomicFiles.write(path, out -> out.write(bytes));
    }

    byte[] encode() {
        return container.encode(MAGIC, FORMAT_VERSION);
    }

    /**
     * Reads and checks a checkpoint file.
     *
     * @throws java.io.UncheckedIOException if the file cannot be read (missing, unreadable)
     * @throws ModelFormatException         if it is not a valid checkpoint: wrong magic (for
     *                                      example a model file), newer version, truncated,
     *                                      corrupted (checksum) or inconsistent
     */
    public static CheckpointFile read(Path path) {
        return decode(ModelFile.readChecked(path, MAGIC, "checkpoint"), path.toString());
    }

    static CheckpointFile decode(byte[] bytes, String name) {
        return new CheckpointFile(ModelFile.decode(bytes, name, MAGIC, FORMAT_VERSION, "checkpoint"));
    }
}
