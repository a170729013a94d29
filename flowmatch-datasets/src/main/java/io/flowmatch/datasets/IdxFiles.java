package io.flowmatch.datasets;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads labelled images in the IDX format of MNIST and Fashion-MNIST: an images file (magic
 * {@code 0x00000803}, dimensions [n, rows, cols], unsigned bytes) and a labels file (magic
 * {@code 0x00000801}, dimension [n], unsigned bytes), each plain or gzip-compressed (detected
 * from the content, not the name). Pixels 0..255 become -1..1. Nothing is downloaded: point it
 * at files you have.
 *
 * <p>It returns plain arrays ({@link IdxImages}) so that this module needs nothing but
 * {@code nd4j-api}; {@code io.flowmatch.image.LabelledImages.of(IdxImages)} turns them into the
 * image module's training set.
 */
public final class IdxFiles {

    private static final int UNSIGNED_BYTE = 0x08;

    private IdxFiles() {
    }

    /**
     * Reads an images file and its labels file. The number of classes is the largest label + 1,
     * at least 2.
     *
     * @throws IdxFormatException   if a file is not IDX unsigned-byte data of the right rank, is
     *                              truncated, or the two files disagree on the number of images
     * @throws UncheckedIOException if a file cannot be read
     */
    public static IdxImages read(Path images, Path labels) {
        int[] imageDims = new int[3];
        byte[] pixelBytes = readIdx(images, 3, imageDims);
        int[] labelDims = new int[1];
        byte[] labelBytes = readIdx(labels, 1, labelDims);
        if (imageDims[0] != labelDims[0]) {
            throw new IdxFormatException(images + " holds " + imageDims[0] + " images but " + labels + " holds "
                    + labelDims[0] + " labels");
        }
        int n = imageDims[0];
        if (n == 0) {
            throw new IdxFormatException(images + " holds no images");
        }
        float[] pixels = new float[pixelBytes.length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (pixelBytes[i] & 0xff) / 127.5f - 1f;
        }
        int[] label = new int[n];
        int max = 1;
        for (int i = 0; i < n; i++) {
            label[i] = labelBytes[i] & 0xff;
            max = Math.max(max, label[i]);
        }
        return new IdxImages(pixels, label, imageDims[1], imageDims[2], max + 1);
    }

    /** Reads one IDX file of unsigned bytes with {@code rank} dimensions, which go into {@code dims}. */
    static byte[] readIdx(Path file, int rank, int[] dims) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
                DataInputStream in = new DataInputStream(maybeGunzip(raw))) {
            int magic = in.readInt();
            if ((magic >>> 16) != 0) {
                throw new IdxFormatException(file + " is not an IDX file (magic number 0x"
                        + Integer.toHexString(magic) + ", expected 0x0000080" + rank + ")");
            }
            int type = (magic >>> 8) & 0xff;
            int fileRank = magic & 0xff;
            if (type != UNSIGNED_BYTE) {
                throw new IdxFormatException(file + " holds IDX type 0x" + Integer.toHexString(type)
                        + "; only unsigned bytes (0x08) are supported");
            }
            if (fileRank != rank) {
                throw new IdxFormatException(file + " has " + fileRank + " dimensions, expected " + rank
                        + (rank == 3 ? " (images: count, rows, columns)" : " (labels: count)"));
            }
            long total = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 0 || (i > 0 && dims[i] == 0)) {
                    throw new IdxFormatException(file + " has a bad size " + dims[i] + " in dimension " + i);
                }
                total *= dims[i];
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new IdxFormatException(file + " is too large: " + total + " values");
            }
            byte[] data = new byte[(int) total];
            try {
                in.readFully(data);
            } catch (EOFException e) {
                throw new IdxFormatException(file + " is truncated: expected " + total + " data bytes");
            }
            if (in.read() != -1) {
                throw new IdxFormatException(file + " has bytes after the " + total + " its header announces");
            }
            return data;
        } catch (EOFException e) {
            throw new IdxFormatException(file + " is truncated inside its header");
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no such file: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static InputStream maybeGunzip(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new GZIPInputStream(in, 1 << 16);
        }
        return in;
    }
}
