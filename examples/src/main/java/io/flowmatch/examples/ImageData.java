package io.flowmatch.examples;

import io.flowmatch.datasets.IdxFiles;
import io.flowmatch.image.FashionMnist;
import io.flowmatch.image.LabelledImages;
import io.flowmatch.image.Shapes;
import java.nio.file.Path;

/**
 * The image commands' {@code --data}: {@code shapes} (procedural, {@code count} images from the
 * seed), {@code fashion-mnist} (the installed Debian package, see {@link FashionMnist}) or
 * {@code idx:IMAGES,LABELS} (any pair of IDX files, plain or gzip).
 */
final class ImageData {

    /** What {@code --data} accepts, for help texts and messages. */
    static final String CHOICES = "shapes|fashion-mnist|idx:IMAGES,LABELS";

    private ImageData() {
    }

    /**
     * The training images named by {@code spec}.
     *
     * @param count for shapes the number generated (null: 5000); otherwise the first {@code count}
     *              images (null: all)
     * @throws IllegalArgumentException for an unknown name or a bad idx: spec
     * @throws java.io.UncheckedIOException if files are missing (for Fashion-MNIST the message
     *                                      names the package that installs them)
     */
    static LabelledImages train(String spec, Integer count, long seed) {
        if (count != null && count < 1) {
            throw new IllegalArgumentException("--count must be positive, got " + count);
        }
        LabelledImages images;
        if (spec.equals("shapes")) {
            return Shapes.generate(count == null ? 5000 : count, seed);
        } else if (spec.equals("fashion-mnist")) {
            images = FashionMnist.train();
        } else if (spec.startsWith("idx:")) {
            Path[] files = idxFiles(spec);
            images = LabelledImages.of(IdxFiles.read(files[0], files[1]));
        } else {
            throw new IllegalArgumentException("--data must be " + CHOICES + ", got " + spec);
        }
        return count == null ? images : images.head(count);
    }

    /** The two files of {@code idx:IMAGES,LABELS}. */
    static Path[] idxFiles(String spec) {
        String[] files = spec.substring(4).split(",");
        if (files.length != 2 || files[0].isBlank() || files[1].isBlank()) {
            throw new IllegalArgumentException("--data idx: needs two files, idx:IMAGES,LABELS; got " + spec);
        }
        return new Path[] {Path.of(files[0].trim()), Path.of(files[1].trim())};
    }
}
