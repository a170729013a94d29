package io.flowmatch.core.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The flowmatch model file: one self-describing binary file with a text header and float32
 * arrays, written atomically and checked on reading. No Java serialization is involved: reading
 * a file never runs code from it.
 *
 * <pre>
 * offset  size  content (little-endian)
 * 0       8     magic "FLOWMTCH"
 * 8       4     format version (int)
 * 12      4     header length H in bytes (int, at most 1 MiB)
 * 16      H     header: UTF-8 lines "key=value" (keys and values without newlines)
 * ..      4     number of arrays A (int, at most 64)
 * then A times:
 *         4     name length N (int, at most 256), N bytes of UTF-8 name
 *         8     element count E (long)
 *         4 E   float32 values
 * end-8   8     CRC-32 of every byte before it (long)
 * </pre>
 *
 * <p>Every size field is checked against the bytes actually present before anything is
 * allocated from it, and the file's own size and magic are checked before it is read whole.
 * {@link CheckpointFile} uses the same container with another magic.
 */
public final class ModelFile {

    /** The current format version; files with a higher version are refused. */
    public static final int FORMAT_VERSION = 1;

    private static final byte[] MAGIC = "FLOWMTCH".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEADER_BYTES = 1 << 20;
    private static final int MAX_ARRAYS = 64;
    private static final int MAX_NAME_BYTES = 256;
    /** The largest file read: a Java array's limit, checked before anything is allocated. */
    static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    private final Map<String, String> header;
    private final Map<String, float[]> arrays;

    /**
     * @param header ordered key/value pairs; keys and values must not contain line breaks, keys no '='
     * @param arrays named float arrays, in order
     */
    public ModelFile(Map<String, String> header, Map<String, float[]> arrays) {
        for (Map.Entry<String, String> e : header.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            if (k.isEmpty() || k.contains("=") || k.contains("\n") || v.contains("\n") || v.contains("\r")) {
                throw new IllegalArgumentException("header entries must be single-line key=value, got " + k);
            }
        }
        this.header = Collections.unmodifiableMap(new LinkedHashMap<>(header));
        this.arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
    }

    /** The header, in file order. */
    public Map<String, String> header() {
        return header;
    }

    /** The named arrays, in file order. */
    public Map<String, float[]> arrays() {
        return arrays;
    }

    /**
     * Writes the file atomically: to a temporary file in the same directory, forced to disk, then
     * renamed over {@code path}, so a crash leaves either the old file or the new one.
     *
     * @throws UncheckedIOException if writing fails (the temporary file is removed)
     */
    public void write(Path path) {
        byte[] bytes = encode();
        AtomicFiles.write(path, out -> out.write(bytes));
    }

    byte[] encode() {
        return encode(MAGIC, FORMAT_VERSION);
    }

    /** The bytes {@link #write(Path)} writes, e.g. to ship a model to another process or store it elsewhere. */
    public byte[] toBytes() {
        return encode();
    }

    /**
     * The file whose bytes are {@code bytes}, as {@link #toBytes()} or a file gave them, checked as
     * {@link #read(Path)} checks a file.
     *
     * @param name what to call the bytes in error messages (e.g. where they came from)
     * @throws ModelFormatException if they are not a valid flowmatch model file
     */
    public static ModelFile fromBytes(byte[] bytes, String name) {
        if (bytes == null) {
            throw new IllegalArgumentException("bytes must not be null");
        }
        return decode(bytes, name);
    }

    /** The container with the given 8-byte magic and version; shared with {@link CheckpointFile}. */
    byte[] encode(byte[] magic, int version) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder text = new StringBuilder();
        header.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        byte[] headerBytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (headerBytes.length > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("model header too large: " + headerBytes.length + " bytes");
        }
        out.writeBytes(magic);
        out.writeBytes(le(4).putInt(version).array());
        out.writeBytes(le(4).putInt(headerBytes.length).array());
        out.writeBytes(headerBytes);
        out.writeBytes(le(4).putInt(arrays.size()).array());
        for (Map.Entry<String, float[]> e : arrays.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            float[] values = e.getValue();
            out.writeBytes(le(4).putInt(name.length).array());
            out.writeBytes(name);
            out.writeBytes(le(8).putLong(values.length).array());
            ByteBuffer data = le(4 * values.length);
            data.asFloatBuffer().put(values);
            out.writeBytes(data.array());
        }
        CRC32 crc = new CRC32();
        byte[] body = out.toByteArray();
        crc.update(body);
        out.writeBytes(le(8).putLong(crc.getValue()).array());
        return out.toByteArray();
    }

    /**
     * Reads and checks a model file.
     *
     * @throws UncheckedIOException  if the file cannot be read (missing, unreadable)
     * @throws ModelFormatException  if it is not a valid flowmatch model file
     */
    public static ModelFile read(Path path) {
        return decode(readChecked(path, MAGIC, "model"), path.toString());
    }

    /**
     * The bytes of {@code path} after checking, before reading the rest, that it is not larger
     * than any valid file can be and that it starts with {@code magic}: a huge file of another
     * kind is refused without being loaded.
     */
    static byte[] readChecked(Path path, byte[] magic, String kind) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > MAX_FILE_BYTES) {
                throw new ModelFormatException(path + " is " + size + " bytes, larger than any flowmatch " + kind
                        + " file can be (" + MAX_FILE_BYTES + ")");
            }
            if (size >= magic.length) {
                byte[] start = new byte[magic.length];
                readFully(ch, ByteBuffer.wrap(start));
                if (!startsWith(start, magic)) {
                    throw new ModelFormatException(path + " is not a flowmatch " + kind + " file (wrong magic)");
                }
            }
            byte[] bytes = new byte[(int) size];
            ch.position(0);
            readFully(ch, ByteBuffer.wrap(bytes));
            return bytes;
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no such " + kind + " file: " + path, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + kind + " file " + path + ": " + e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (ch.read(buffer) < 0) {
                throw new IOException("the file shrank while being read");
            }
        }
    }

    static ModelFile decode(byte[] bytes, String name) {
        return decode(bytes, name, MAGIC, FORMAT_VERSION, "model");
    }

    /** Decodes a container with the given magic, accepting versions 1 to {@code maxVersion}. */
    static ModelFile decode(byte[] bytes, String name, byte[] magic, int maxVersion, String kind) {
        if (bytes.length < magic.length + 8 + 4 + 8) {
            if (bytes.length >= magic.length && !startsWith(bytes, magic)) {
                throw new ModelFormatException(name + " is not a flowmatch " + kind + " file (wrong magic)");
            }
            throw new ModelFormatException(name + " is truncated: only " + bytes.length + " bytes");
        }
        if (!startsWith(bytes, magic)) {
            throw new ModelFormatException(name + " is not a flowmatch " + kind + " file (wrong magic)");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(magic.length);
        int version = buf.getInt();
        if (version > maxVersion || version < 1) {
            throw new ModelFormatException(name + " has format version " + version + "; this flowmatch reads "
                    + "versions 1 to " + maxVersion + (version > maxVersion ? " (upgrade flowmatch)" : ""));
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = ByteBuffer.wrap(bytes, bytes.length - 8, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (stored != crc.getValue()) {
            throw new ModelFormatException(name + " is corrupted or truncated: checksum mismatch");
        }
        ByteBuffer body = buf.slice(buf.position(), bytes.length - 8 - buf.position()).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = body.getInt();
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES || headerLength > body.remaining()) {
            throw new ModelFormatException(name + " has an invalid header length " + headerLength);
        }
        byte[] headerBytes = new byte[headerLength];
        body.get(headerBytes);
        Map<String, String> header = parseHeader(new String(headerBytes, StandardCharsets.UTF_8), name);
        int count = readInt(body, name, "array count");
        if (count < 0 || count > MAX_ARRAYS) {
            throw new ModelFormatException(name + " declares " + count + " arrays (at most " + MAX_ARRAYS + ")");
        }
        Map<String, float[]> arrays = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int nameLength = readInt(body, name, "array name length");
            if (nameLength < 0 || nameLength > MAX_NAME_BYTES || nameLength > body.remaining()) {
                throw new ModelFormatException(name + " has an invalid array name length " + nameLength);
            }
            byte[] arrayName = new byte[nameLength];
            body.get(arrayName);
            if (body.remaining() < 8) {
                throw new ModelFormatException(name + " is truncated inside array " + i);
            }
            long elements = body.getLong();
            if (elements < 0 || elements > body.remaining() / 4) {
                throw new ModelFormatException(name + " declares " + elements + " values for array '"
                        + new String(arrayName, StandardCharsets.UTF_8) + "' but holds only "
                        + body.remaining() + " bytes");
            }
            float[] values = new float[(int) elements];
            body.asFloatBuffer().get(values);
            body.position(body.position() + 4 * values.length);
            arrays.put(new String(arrayName, StandardCharsets.UTF_8), values);
        }
        if (body.hasRemaining()) {
            throw new ModelFormatException(name + " has " + body.remaining() + " unexpected bytes after the arrays");
        }
        try {
            return new ModelFile(header, arrays);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name + " has an invalid header: " + e.getMessage(), e);
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] magic) {
        for (int i = 0; i < magic.length; i++) {
            if (bytes[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static int readInt(ByteBuffer body, String name, String what) {
        if (body.remaining() < 4) {
            throw new ModelFormatException(name + " is truncated at the " + what);
        }
        return body.getInt();
    }

    private static Map<String, String> parseHeader(String text, String name) {
        Map<String, String> header = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ModelFormatException(name + " has a malformed header line: '" + line + "'");
            }
            header.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return header;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
