package io.flowmatch.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmatch.core.FlowModel;
import io.flowmatch.datasets.Datasets;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Loading a file never runs code from it: no class of the core or datasets library refers to
 * Java deserialization ({@code ObjectInputStream}, {@code readObject}) or to XML decoding of beans.
 */
class NoDeserializationTest {

    private static final List<String> FORBIDDEN = List.of("java/io/ObjectInputStream", "java/beans/XMLDecoder",
            "readObject", "readUnshared");

    @Test
    void noLibraryClassReferencesJavaDeserialization() throws Exception {
        List<byte[]> classes = new ArrayList<>();
        classes.addAll(classFiles(FlowModel.class));
        classes.addAll(classFiles(Datasets.class));
        assertThat(classes).hasSizeGreaterThan(20);
        List<String> offenders = new ArrayList<>();
        for (byte[] c : classes) {
            // constant-pool strings are stored as modified UTF-8, which is ASCII for these names
            String text = new String(c, StandardCharsets.ISO_8859_1);
            for (String name : FORBIDDEN) {
                if (text.contains(name)) {
                    offenders.add(className(text) + " refers to " + name);
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    /** The first io/flowmatch class name in a class file's constant pool, for messages. */
    private static String className(String classFile) {
        int at = classFile.indexOf("io/flowmatch/");
        int end = at;
        while (at >= 0 && end < classFile.length() && classFile.charAt(end) > ' ' && classFile.charAt(end) < 127) {
            end++;
        }
        return at < 0 ? "a class" : classFile.substring(at, end);
    }

    /** The contents of the .class files in the directory or jar that {@code anchor} was loaded from. */
    private static List<byte[]> classFiles(Class<?> anchor) throws IOException, URISyntaxException {
        Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
            return read(location);
        }
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
            return read(jar.getPath("/"));
        }
    }

    private static List<byte[]> read(Path root) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                out.add(Files.readAllBytes(p));
            }
        }
        return out;
    }
}
