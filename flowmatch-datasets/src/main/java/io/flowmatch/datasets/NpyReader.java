package io.flowmatch.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a NumPy {@code .npy} file (format versions 1.0 to 3.0) holding a C-order float32 or
 * float64 array of shape (n, d) or (n,). Every size in the header is checked against the file's
 * length before anything is allocated.
 */
final class NpyReader {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyReader() {
    }

    static PointSet read(Path path) {
        String name = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                throw new DataFormatException(name + " is empty");
            }
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, 10)).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, head, 0);
            head.flip();
            if (size < 10 || !hasMagic(head)) {
                throw new DataFormatException(name + " is not a .npy file (bad magic)");
            }
            int major = head.get(6) & 0xff;
            long headerLength;
            long dataStart;
            if (major == 1) {
                headerLength = head.getShort(8) & 0xffff;
                dataStart = 10 + headerLength;
            } else if (major == 2 || major == 3) {
                ByteBuffer len = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, len, 8);
                headerLength = len.getInt(0) & 0xffffffffL;
                dataStart = 12 + headerLength;
            } else {
                throw new DataFormatException(name + " has unsupported .npy format version " + major);
            }
            if (dataStart > size || headerLength > 1 << 20) {
                throw new DataFormatException(name + " is truncated inside its header");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(ch, headerBytes, dataStart - headerLength);
            String header = new String(headerBytes.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            String descr = group(DESCR, header, name, "descr");
            int itemSize;
            if (descr.equals("<f4")) {
                itemSize = 4;
            } else if (descr.equals("<f8")) {
                itemSize = 8;
            } else {
                throw new DataFormatException(name + " has unsupported dtype '" + descr
                        + "', expected float32 ('<f4') or float64 ('<f8')");
            }
            if (group(FORTRAN, header, name, "fortran_order").equals("True")) {
                throw new DataFormatException(name + " is in Fortran order; save it in C order (np.ascontiguousarray)");
            }
            long[] shape = parseShape(group(SHAPE, header, name, "shape"), name);
            long rows = shape[0];
            long columns = shape.length == 2 ? shape[1] : 1;
            if (rows == 0 || columns == 0) {
                throw new DataFormatException(name + " contains no points (shape " + rows + "x" + columns + ")");
            }
            long available = (size - dataStart) / itemSize;
            if (columns > available || rows > available / columns) {
                throw new DataFormatException(name + " is truncated: shape " + rows + "x" + columns
                        + " needs more values than the " + available + " present");
            }
            long count = rows * columns;
            if (count > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(name + " is too large to load into memory: " + count + " values");
            }
            ByteBuffer data = ByteBuffer.allocate((int) (count * itemSize)).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, data, dataStart);
            data.flip();
            float[] values = new float[(int) count];
            for (int i = 0; i < values.length; i++) {
                double v = itemSize == 4 ? data.getFloat() : data.getDouble();
                if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
                    throw new DataFormatException(name + ": row " + (i / columns) + ", column " + (i % columns)
                            + ": non-finite value " + v);
                }
                values[i] = (float) v;
            }
            return new PointSet(values, (int) rows, (int) columns,
                    "npy(" + path.getFileName() + ", " + rows + "x" + columns + ")");
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no such file: " + name, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasMagic(ByteBuffer head) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (head.get(i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }

    private static String group(Pattern p, String header, String name, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new DataFormatException(name + " has no '" + key + "' in its .npy header");
        }
        return m.group(1);
    }

    private static long[] parseShape(String text, String name) {
        String[] parts = text.split(",");
        int n = 0;
        long[] dims = new long[parts.length];
        for (String p : parts) {
            String s = p.trim();
            if (s.isEmpty()) {
                continue;
            }
            try {
                dims[n++] = Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new DataFormatException(name + " has a malformed shape (" + text + ")");
            }
        }
        if (n < 1 || n > 2) {
            throw new DataFormatException(name + " holds a " + n + "-D array; expected shape (n, d) or (n,)");
        }
        for (int i = 0; i < n; i++) {
            if (dims[i] < 0) {
                throw new DataFormatException(name + " has a negative dimension in its shape (" + text + ")");
            }
        }
        return java.util.Arrays.copyOf(dims, n);
    }
}
