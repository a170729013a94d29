package io.flowmatch.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a crash never leaves half a file: the content goes to a temporary file
 * beside the target, is forced to disk, and is then renamed over the target in one step. Readers
 * see the old file or the complete new one.
 */
public final class AtomicFiles {

    /** Writes content to a stream; may throw {@link IOException}. */
    @FunctionalInterface
    public interface Writer {
        /** Writes the whole content to {@code out} (do not close it). */
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes {@code path} atomically, creating its parent folders.
     *
     * @throws UncheckedIOException if anything fails; the temporary file is removed and an existing
     *                              target is left untouched
     */
    public static void write(Path path, Writer writer) {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(ch);
                writer.write(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original failure, if any, is the one worth reporting
            }
        }
    }
}
