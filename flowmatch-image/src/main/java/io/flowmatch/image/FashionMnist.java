package io.flowmatch.image;

import io.flowmatch.datasets.IdxFiles;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017: 60,000 training and 10,000 test images of 28x28
 * grey clothing in ten classes) from the four gzip IDX files that the Debian package
 * {@value #PACKAGE} installs under {@value #DEFAULT_DIRECTORY}. Nothing is downloaded: when the
 * files are missing, the error names the package that installs them.
 *
 * <p>The directory can be moved with the system property {@value #DIRECTORY_PROPERTY}.
 */
public final class FashionMnist {

    /** Where the Debian package puts the files. */
    public static final String DEFAULT_DIRECTORY = "/usr/share/datasets/fashion-mnist";

    /** The system property that overrides {@link #DEFAULT_DIRECTORY}. */
    public static final String DIRECTORY_PROPERTY = "flowmatch.fashionMnist.dir";

    /** The Debian package that installs the files. */
    public static final String PACKAGE = "dataset-fashion-mnist";

    /** The class names; label i is {@code CLASS_NAMES.get(i)}. */
    public static final List<String> CLASS_NAMES = List.of("t-shirt/top", "trouser", "pullover", "dress", "coat",
            "sandal", "shirt", "sneaker", "bag", "ankle boot");

    private FashionMnist() {
    }

    /** The directory the files are read from: the system property's value, else the default. */
    public static Path directory() {
        return Path.of(System.getProperty(DIRECTORY_PROPERTY, DEFAULT_DIRECTORY));
    }

    /** Whether the four files are in {@link #directory()}. */
    public static boolean isInstalled() {
        Path dir = directory();
        for (String split : List.of("train", "t10k")) {
            if (!Files.isRegularFile(dir.resolve(split + "-images-idx3-ubyte.gz"))
                    || !Files.isRegularFile(dir.resolve(split + "-labels-idx1-ubyte.gz"))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The 60,000 training images, pixels scaled to [-1, 1].
     *
     * @throws UncheckedIOException if a file is missing (the message names {@value #PACKAGE}) or
     *                              cannot be read
     * @throws io.flowmatch.datasets.IdxFormatException if a file is not valid IDX data
     */
    public static LabelledImages train() {
        return read("train");
    }

    /** The 10,000 test images; see {@link #train()}. */
    public static LabelledImages test() {
        return read("t10k");
    }

    private static LabelledImages read(String split) {
        Path dir = directory();
        Path images = dir.resolve(split + "-images-idx3-ubyte.gz");
        Path labels = dir.resolve(split + "-labels-idx1-ubyte.gz");
        for (Path file : List.of(images, labels)) {
            if (!Files.isRegularFile(file)) {
                throw new UncheckedIOException("Fashion-MNIST is not installed (" + file + " is missing): "
                        + "apt-get install -y " + PACKAGE, new NoSuchFileException(file.toString()));
            }
        }
        LabelledImages read = LabelledImages.of(IdxFiles.read(images, labels));
        return read.classes() == CLASS_NAMES.size() ? read
                : new LabelledImages(read.asMatrix().data().asFloat(), read.labels(), read.height(), read.width(),
                        CLASS_NAMES.size());
    }
}
