package io.flowmatch.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and mutated bytes fed to the CSV and NPY loaders: each input must end in a valid point
 * set or a {@link DataFormatException}, never another exception, an {@link OutOfMemoryError} or a
 * hang. Seeded, so a failure names an input that reproduces it.
 */
class LoaderFuzzTest {

    private static final int ROUNDS = 600;
    /** Bytes that steer a parser into its edge cases. */
    private static final byte[] INTERESTING = "0123456789,.-+eE\n\r \t'\"()[]{}:NaInfLTrueFalse\u00ff\u0000\u0093"
            .getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path dir;

    @Test
    void csvLoaderEndsInAPointSetOrADataFormatException() {
        StringBuilder csv = new StringBuilder("x,y,z\n");
        SplittableRandom values = new SplittableRandom(1);
        for (int i = 0; i < 20; i++) {
            csv.append(values.nextGaussian()).append(',').append(-i * 1e-3).append(',').append(i * 1e5).append('\n');
        }
        fuzz("csv", csv.toString().getBytes(StandardCharsets.UTF_8), Datasets::fromCsv, 11L);
    }

    @Test
    void npyLoaderEndsInAPointSetOrADataFormatException() {
        byte[] f4 = NpyLoaderTest.npy(1, NpyLoaderTest.dict("<f4", false, "(4, 2)"),
                NpyLoaderTest.f4(1, -2.5f, 3e38f, 0, 1e-20f, 7, 8, 9));
        fuzz("npy", f4, Datasets::fromNpy, 12L);
        byte[] f8 = NpyLoaderTest.npy(2, NpyLoaderTest.dict("<f8", false, "(3,)"), NpyLoaderTest.f8(1, 2, 3));
        fuzz("npy", f8, Datasets::fromNpy, 13L);
    }

    private void fuzz(String extension, byte[] valid, Function<Path, PointSet> loader, long seed) {
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            SplittableRandom rng = new SplittableRandom(seed);
            Path file = dir.resolve("fuzz." + extension);
            int parsed = 0;
            for (int round = 0; round < ROUNDS; round++) {
                byte[] input = round % 10 == 0 ? randomBytes(rng) : mutate(valid, rng);
                write(file, input);
                try {
                    PointSet set = loader.apply(file);
                    parsed++;
                    assertThat(set.size()).isPositive();
                    assertThat(set.dimension()).isPositive();
                    for (float v : set.toINDArray().data().asFloat()) {
                        assertThat(v).isFinite();
                    }
                } catch (DataFormatException expected) {
                    assertThat(expected.getMessage()).contains(file.toString());
                } catch (Throwable t) {
                    fail("round " + round + " of " + extension + " ended in " + t + " for input "
                            + HexFormat.of().formatHex(input), t);
                }
            }
            assertThat(parsed).as("some mutations still parse").isPositive();
        });
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] randomBytes(SplittableRandom rng) {
        byte[] b = new byte[rng.nextInt(600)];
        rng.nextBytes(b);
        return b;
    }

    /** One to four random edits: bit flips, interesting bytes, truncation, insertion, duplication. */
    static byte[] mutate(byte[] valid, SplittableRandom rng) {
        byte[] b = valid.clone();
        for (int edits = 1 + rng.nextInt(4); edits > 0; edits--) {
            if (b.length == 0) {
                return b;
            }
            int at = rng.nextInt(b.length);
            switch (rng.nextInt(5)) {
                case 0 -> b[at] ^= (byte) (1 << rng.nextInt(8));
                case 1 -> b[at] = INTERESTING[rng.nextInt(INTERESTING.length)];
                case 2 -> b = Arrays.copyOf(b, at);
                case 3 -> {
                    byte[] insert = new byte[1 + rng.nextInt(16)];
                    for (int i = 0; i < insert.length; i++) {
                        insert[i] = INTERESTING[rng.nextInt(INTERESTING.length)];
                    }
                    b = splice(b, at, insert);
                }
                default -> b = splice(b, at, Arrays.copyOfRange(b, at, Math.min(b.length, at + 1 + rng.nextInt(64))));
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, byte[] insert) {
        byte[] out = new byte[b.length + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at, out, at + insert.length, b.length - at);
        return out;
    }
}
