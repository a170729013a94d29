package io.flowmatch.datasets;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a NumPy {@code .npy} file into a {@link PointSet}; the accepted files are documented on
 * {@link Datasets#fromNpy(Path)}. Every length in the file (header length, shape) is checked
 * against the file's actual size before anything that depends on it is allocated, and the data
 * are converted in fixed-size chunks.
 */
final class NpyReader {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Headers are a few hundred bytes; refuse absurd ones before reading them. */
    static final int MAX_HEADER_BYTES = 1 << 20;
    /** The largest array the JVM reliably allocates. */
    private static final long MAX_VALUES = Integer.MAX_VALUE - 8;
    private static final int CHUNK_BYTES = 1 << 16;

    private NpyReader() {
    }

    static PointSet read(Path path) {
        String name = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(ch, name, path.getFileName().toString());
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no such file: " + name, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e, e);
        }
    }

    private static PointSet read(FileChannel ch, String name, String fileName) throws IOException {
        long size = ch.size();
        if (size == 0) {
            throw new DataFormatException(name + " is empty (0 bytes), not a .npy file");
        }
        ByteBuffer prefix = ByteBuffer.allocate((int) Math.min(size, 12)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, prefix, 0);
        if (!hasMagic(prefix)) {
            throw new DataFormatException(name + " is not a .npy file: bad magic (it must start with \\x93NUMPY)");
        }
        if (size < 10) {
            throw new DataFormatException(name + " is truncated: " + size + " bytes, too short for a .npy header");
        }
        int major = prefix.get(6) & 0xff;
        int minor = prefix.get(7) & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw new DataFormatException(name + " has unsupported .npy format version " + major + "." + minor
                    + ", expected 1.0, 2.0 or 3.0");
        }
        long headerLength;
        long dataStart;
        if (major == 1) {
            headerLength = prefix.getShort(8) & 0xffff;
            dataStart = 10 + headerLength;
        } else {
            if (size < 12) {
                throw new DataFormatException(name + " is truncated: " + size + " bytes, too short for a .npy header");
            }
            headerLength = prefix.getInt(8) & 0xffffffffL;
            dataStart = 12 + headerLength;
        }
        if (dataStart > size) {
            throw new DataFormatException(name + " is truncated: its header declares " + headerLength
                    + " bytes but the file has only " + size + " bytes");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new DataFormatException(name + " has a .npy header of " + headerLength + " bytes, more than the "
                    + MAX_HEADER_BYTES + " accepted");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(ch, headerBytes, dataStart - headerLength);
        String text = new String(headerBytes.array(),
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader header = NpyHeader.parse(text, name);

        int itemSize;
        String dtype;
        if ("<f4".equals(header.descr())) {
            itemSize = 4;
            dtype = "float32";
        } else if ("<f8".equals(header.descr())) {
            itemSize = 8;
            dtype = "float64";
        } else {
            throw new DataFormatException(name + " has unsupported dtype " + header.descrText()
                    + ", expected float32 or float64 (little-endian '<f4' or '<f8')");
        }
        if (header.fortranOrder()) {
            throw new DataFormatException(name + " is in Fortran order (fortran_order: True); only C order is "
                    + "supported: save numpy.ascontiguousarray(a)");
        }
        long[] shape = header.shape();
        if (shape.length < 1 || shape.length > 2) {
            throw new DataFormatException(name + " holds an array of shape " + header.shapeText()
                    + ", expected (n, d) or (n,)");
        }
        long rows = shape[0];
        long columns = shape.length == 2 ? shape[1] : 1;
        if (rows == 0 || columns == 0) {
            throw new DataFormatException(name + " contains no points: shape " + header.shapeText());
        }
        long dataBytes = size - dataStart;
        long available = dataBytes / itemSize;
        if (columns > available || rows > available / columns) {
            throw new DataFormatException(name + " is truncated: shape " + header.shapeText() + " of " + dtype
                    + " needs " + describeBytes(rows, columns, itemSize) + " of data but the file has only "
                    + dataBytes + " after its header");
        }
        long count = rows * columns;
        if (count * itemSize != dataBytes) {
            throw new DataFormatException(name + " does not match its shape: " + header.shapeText() + " of " + dtype
                    + " needs " + count * itemSize + " bytes of data but the file has " + dataBytes
                    + " after its header");
        }
        if (count > MAX_VALUES) {
            throw new DataFormatException(name + " is too large to load: " + count + " values, at most " + MAX_VALUES);
        }
        float[] values = readValues(ch, dataStart, (int) count, itemSize, (int) columns, name);
        return new PointSet(values, (int) rows, (int) columns,
                "npy(" + fileName + ", " + rows + "x" + columns + ")");
    }

    /** Reads and converts {@code count} little-endian values, rejecting non-finite ones. */
    private static float[] readValues(FileChannel ch, long start, int count, int itemSize, int columns, String name)
            throws IOException {
        float[] values = new float[count];
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long position = start;
        int i = 0;
        while (i < count) {
            int items = Math.min(count - i, CHUNK_BYTES / itemSize);
            chunk.clear().limit(items * itemSize);
            readFully(ch, chunk, position);
            position += (long) items * itemSize;
            chunk.flip();
            if (itemSize == 4) {
                for (int k = 0; k < items; k++, i++) {
                    float v = chunk.getFloat();
                    if (!Float.isFinite(v)) {
                        throw nonFinite(name, i, columns, v);
                    }
                    values[i] = v;
                }
            } else {
                for (int k = 0; k < items; k++, i++) {
                    double v = chunk.getDouble();
                    float f = (float) v;
                    if (!Float.isFinite(f)) {
                        throw nonFinite(name, i, columns, v);
                    }
                    values[i] = f;
                }
            }
        }
        return values;
    }

    private static DataFormatException nonFinite(String name, int index, int columns, double v) {
        String where = name + ": row " + index / columns + ", column " + index % columns + " (0-based): ";
        if (Double.isNaN(v)) {
            return new DataFormatException(where + "NaN is not allowed");
        }
        if (Double.isInfinite(v)) {
            return new DataFormatException(where + v + " is a non-finite value (infinity is not allowed)");
        }
        return new DataFormatException(where + v + " is too large for float32 (it rounds to infinity; the largest "
                + "float32 is " + Float.MAX_VALUE + ")");
    }

    private static String describeBytes(long rows, long columns, int itemSize) {
        long values = rows * columns;
        boolean overflows = Math.multiplyHigh(rows, columns) != 0 || values < 0 || values > Long.MAX_VALUE / itemSize;
        return overflows ? "more than " + Long.MAX_VALUE + " bytes" : values * itemSize + " bytes";
    }

    private static boolean hasMagic(ByteBuffer prefix) {
        if (prefix.capacity() < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (prefix.get(i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static void readFully(FileChannel ch, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = ch.read(buffer, at);
            if (n < 0) {
                throw new EOFException("unexpected end of file at byte " + at);
            }
            at += n;
        }
    }
}
