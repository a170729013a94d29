package io.flowmatch.discrete;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * Training sequences after validation: n rows of L tokens in [0, vocabulary), copied into one
 * flat array, drawn from uniformly with replacement. Its description names the shape and a
 * checksum of the tokens, so a checkpoint is resumed only on the same data.
 */
final class TokenData {

    private final int[] tokens;
    private final int rows;
    private final int length;
    private final int vocabulary;
    private final String description;

    private TokenData(int[] tokens, int rows, int length, int vocabulary) {
        this.tokens = tokens;
        this.rows = rows;
        this.length = length;
        this.vocabulary = vocabulary;
        CRC32 crc = new CRC32();
        for (int t : tokens) {
            crc.update(t);
            crc.update(t >>> 8);
            crc.update(t >>> 16);
        }
        this.description = String.format(Locale.ROOT, "tokens(n=%d, length=%d, vocabulary=%d, crc32=%08x)", rows, length,
                vocabulary, crc.getValue());
    }

    /**
     * Checks and copies {@code data}.
     *
     * @throws IllegalArgumentException for a vocabulary below 2, no rows, an empty or null row,
     *                                  rows of different lengths or a token outside [0, vocabulary),
     *                                  naming the row and column
     */
    static TokenData of(int[][] data, int vocabulary) {
        if (vocabulary < 2) {
            throw new IllegalArgumentException("vocabulary must be at least 2, got " + vocabulary);
        }
        if (data == null || data.length == 0) {
            throw new IllegalArgumentException("no data: give at least one sequence");
        }
        int length = rowLength(data, 0);
        if (length == 0) {
            throw new IllegalArgumentException("row 0 is empty: sequences need at least one token");
        }
        int[] flat = new int[Math.multiplyExact(data.length, length)];
        for (int r = 0; r < data.length; r++) {
            int n = rowLength(data, r);
            if (n != length) {
                throw new IllegalArgumentException("row " + r + " has " + n + " tokens but row 0 has " + length
                        + ": all sequences must have the same length");
            }
            for (int c = 0; c < length; c++) {
                int t = data[r][c];
                if (t < 0 || t >= vocabulary) {
                    throw new IllegalArgumentException("token " + t + " at row " + r + ", column " + c
                            + " is outside the vocabulary [0, " + vocabulary + ")");
                }
                flat[r * length + c] = t;
            }
        }
        return new TokenData(flat, data.length, length, vocabulary);
    }

    private static int rowLength(int[][] data, int r) {
        if (data[r] == null) {
            throw new IllegalArgumentException("row " + r + " is null");
        }
        return data[r].length;
    }

    /** Copies {@code batch} rows drawn uniformly with replacement into {@code out} ([batch, L]). */
    void sample(SplittableRandom rng, int[] out, int batch) {
        for (int i = 0; i < batch; i++) {
            System.arraycopy(tokens, rng.nextInt(rows) * length, out, i * length, length);
        }
    }

    int rows() {
        return rows;
    }

    int length() {
        return length;
    }

    int vocabulary() {
        return vocabulary;
    }

    String description() {
        return description;
    }
}
