package io.flowmatch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout rules of CONTRIBUTING.md, checked on the sources: no two main classes share a
 * simple name, every main package has a package-info.java, core has no java.awt, and the image
 * code lives in flowmatch-image. Runs from the examples module, whose parent is the project root.
 */
class ArchitectureTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static List<Path> mainSources() throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path module : modules.filter(Files::isDirectory).toList()) {
                Path main = module.resolve("src/main/java");
                if (Files.isDirectory(main)) {
                    try (Stream<Path> files = Files.walk(main)) {
                        files.filter(p -> p.toString().endsWith(".java")).forEach(all::add);
                    }
                }
            }
        }
        return all;
    }

    @Test
    void theSourcesAreWhereThisTestExpectsThem() throws IOException {
        assertThat(ROOT.resolve("flowmatch-core/src/main/java")).isDirectory();
        assertThat(mainSources()).hasSizeGreaterThan(100);
    }

    @Test
    void noTwoMainClassesShareASimpleName() throws IOException {
        Map<String, List<String>> byName = new TreeMap<>();
        for (Path p : mainSources()) {
            String name = p.getFileName().toString();
            if (!name.equals("package-info.java")) {
                byName.computeIfAbsent(name, k -> new ArrayList<>()).add(ROOT.relativize(p).toString());
            }
        }
        Map<String, List<String>> shared = byName.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(shared).as("simple names used by more than one main class").isEmpty();
    }

    @Test
    void everyMainPackageHasAPackageInfo() throws IOException {
        List<String> missing = mainSources().stream().map(Path::getParent).distinct()
                .filter(dir -> !Files.exists(dir.resolve("package-info.java")))
                .map(dir -> ROOT.relativize(dir).toString()).sorted().toList();
        assertThat(missing).as("main packages without package-info.java").isEmpty();
    }

    @Test
    void coreHasNoJavaAwtAndNoImageCode() throws IOException {
        List<String> awt = new ArrayList<>();
        for (Path p : mainSources()) {
            if (p.startsWith(ROOT.resolve("flowmatch-core")) && Files.readString(p).contains("import java.awt")) {
                awt.add(ROOT.relativize(p).toString());
            }
        }
        assertThat(awt).as("core sources importing java.awt").isEmpty();
        assertThat(ROOT.resolve("flowmatch-core/src/main/java/io/flowmatch/core/image")).doesNotExist();
        assertThat(ROOT.resolve("flowmatch-image/src/main/java/io/flowmatch/image/UNetVelocityModel.java")).exists();
    }
}
