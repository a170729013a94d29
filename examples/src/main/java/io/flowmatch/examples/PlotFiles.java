package io.flowmatch.examples;

import java.nio.file.Path;

/** Names of the pictures written beside an output file: {@code moons.flow} gives {@code moons-loss.png}. */
final class PlotFiles {

    private PlotFiles() {
    }

    /** {@code file}'s name without its last extension, plus {@code suffix}, in the same folder. */
    static Path beside(Path file, String suffix) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return file.resolveSibling(base + suffix);
    }
}
