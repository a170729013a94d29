package io.flowmatch.examples;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks of the files a command will write, made before it trains: a run of minutes should not
 * end in "cannot write" because {@code --out} names a folder.
 */
final class OutputFiles {

    private OutputFiles() {
    }

    /** {@code path}, the value of {@code option}, must not be an existing folder ({@code null}: not given). */
    static void requireFile(String option, Path path) {
        if (path != null && Files.isDirectory(path)) {
            throw new IllegalArgumentException(option + " " + path + " is a folder; give the name of a file to write");
        }
    }
}
