package io.flowmatch.core.io;

import io.flowmatch.core.FlowMatchingObjective;
import io.flowmatch.core.Recipe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.model.MlpVelocityModel;
import io.flowmatch.core.path.Paths;
import io.flowmatch.core.train.Checkpointer;
import io.flowmatch.core.train.TrainingConfig;
import io.flowmatch.core.train.TrainingSession;
import io.flowmatch.core.train.TrainingState;
import io.flowmatch.core.train.WeightAverage;
import io.flowmatch.datasets.Datasets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Random and mutated bytes fed to the model and checkpoint loaders: each input must end in a
 * valid result or a {@link ModelFormatException} (an {@link IllegalArgumentException} for a
 * checkpoint of another run), never another exception, an {@link OutOfMemoryError} or a hang.
 * Half of the mutations get a recomputed checksum, so that they reach the parser behind it.
 */
class LoaderFuzzTest {

    private static final int ROUNDS = 1000;
    private static final byte[] INTERESTING = "0123456789,=.-\n\r\u00ff\u0000\u007f".getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path dir;

    @Test
    void modelLoaderEndsInAModelOrAModelFormatException() throws IOException {
        Path valid = dir.resolve("valid.flow");
        FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(2).hidden(4, 3).ema(0.5).train().save(valid);
        fuzz(Files.readAllBytes(valid), "flow", file -> {
            FlowModel model = FlowModel.load(file);
            // a valid model has finite weights (huge ones may still overflow when sampled, which
            // the solver reports as a non-finite solution)
            for (float w : model.velocityModel().parameters().toFloatVector()) {
                assertThat(w).isFinite();
            }
        }, 21L);
    }

    @Test
    void checkpointLoaderEndsInAStateOrAClearException() throws IOException {
        MlpVelocityModel model = MlpVelocityModel.initialise(new MlpArchitecture(2, java.util.List.of(4, 3),
                io.flowmatch.core.model.Activation.ELU), DataType.FLOAT, 1L);
        Recipe recipe = Recipe.builder().iterations(3).batchSize(8).ema(0.5).build();
        TrainingSession session = new TrainingSession(recipe.training(),
                new FlowMatchingObjective(recipe, model, Datasets.moons(0.05), null), 0L);
        session.step();
        Path valid = dir.resolve("valid.ckpt");
        new Checkpointer(session, valid, 1).save();
        fuzz(Files.readAllBytes(valid), "ckpt", file -> {
            try {
                TrainingState state = Checkpointer.read(file, session);
                assertThat(state.parameterCount()).isEqualTo(model.parameterCount());
            } catch (IllegalArgumentException otherRun) {
                assertThat(otherRun.getMessage()).contains("cannot resume from");
            }
            CheckpointFile.read(file);
        }, 22L);
    }

    private void fuzz(byte[] valid, String extension, Consumer<Path> loader, long seed) {
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            SplittableRandom rng = new SplittableRandom(seed);
            Path file = dir.resolve("fuzz." + extension);
            int loaded = 0;
            for (int round = 0; round < ROUNDS; round++) {
                byte[] input = round % 10 == 0 ? randomBytes(rng) : mutate(valid, rng);
                if (round % 2 == 1 && input.length >= 8) {
                    resign(input);
                }
                Files.write(file, input);
                try {
                    loader.accept(file);
                    loaded++;
                } catch (ModelFormatException expected) {
                    assertThat(expected.getMessage()).contains(file.toString());
                } catch (Throwable t) {
                    fail("round " + round + " of " + extension + " ended in " + t + " for input "
                            + HexFormat.of().formatHex(input), t);
                }
            }
            assertThat(loaded).as("some mutations (of the float values) still load").isPositive();
        });
    }

    private static void resign(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(bytes.length - 8, crc.getValue());
    }

    private static byte[] randomBytes(SplittableRandom rng) {
        byte[] b = new byte[rng.nextInt(600)];
        rng.nextBytes(b);
        if (b.length >= 8 && rng.nextBoolean()) {
            System.arraycopy(rng.nextBoolean() ? "FLOWMTCH".getBytes(StandardCharsets.US_ASCII)
                    : "FLOWCKPT".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 8);
        }
        return b;
    }

    /** One to four edits: bit flips, interesting bytes, huge or negative size fields, cuts, insertions. */
    private static byte[] mutate(byte[] valid, SplittableRandom rng) {
        byte[] b = valid.clone();
        // half the inputs get a single edit, so that it alone decides the outcome
        for (int edits = rng.nextBoolean() ? 1 : 1 + rng.nextInt(4); edits > 0; edits--) {
            if (b.length < 8) {
                return b;
            }
            // half the edits land in the text header (the first few hundred bytes)
            int at = rng.nextInt(rng.nextBoolean() ? Math.min(b.length, 600) : b.length);
            switch (rng.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << rng.nextInt(8));
                case 1 -> b[at] = INTERESTING[rng.nextInt(INTERESTING.length)];
                case 2 -> {
                    int[] extremes = {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 30, 0};
                    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN)
                            .putInt(Math.min(at, b.length - 4), extremes[rng.nextInt(extremes.length)]);
                }
                case 3 -> b = Arrays.copyOf(b, at);
                case 4 -> {
                    byte[] insert = new byte[1 + rng.nextInt(8)];
                    for (int i = 0; i < insert.length; i++) {
                        insert[i] = INTERESTING[rng.nextInt(INTERESTING.length)];
                    }
                    byte[] out = new byte[b.length + insert.length];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(insert, 0, out, at, insert.length);
                    System.arraycopy(b, at, out, at + insert.length, b.length - at);
                    b = out;
                }
                default -> {
                    // a digit of the text header: dimensions, widths, steps, counts
                    int header = Math.min(b.length, 400);
                    int digit = 16 + rng.nextInt(Math.max(1, header - 16));
                    if (digit < b.length && b[digit] >= '0' && b[digit] <= '9') {
                        b[digit] = (byte) ('0' + rng.nextInt(10));
                    }
                }
            }
        }
        return b;
    }
}
