package io.flowmatch.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmatch.core.FlowModel;
import io.flowmatch.core.internal.BlasKernels;
import io.flowmatch.solvers.Solvers;
import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Model files written by format version 1 (at commit 363cf1d, by {@link GoldenFilesGenerator})
 * must keep loading, and must sample bit-identically (with the OpenBLAS kernels they were made
 * with, on any number of threads), whatever the code that trains models turns into. A failure here is a regression in loading or sampling: fix the code, never regenerate the
 * files.
 *
 * <p>The four files cover the default MLP on moons; a weight average (EMA 0.99) with hidden
 * (32, 32) and SiLU; a non-standard Gaussian source with the cosine path and data prediction;
 * and the spiral trained with exact-OT coupling and logit-normal times.
 */
class GoldenModelFileTest {

    /**
     * The golden samples were made with OpenBLAS's generic (Prescott) kernels, which OpenBLAS
     * chose on the machine that made them; other kernels (AVX2, AVX-512) sum the products in
     * another order and give other last bits. So the bits are checked in a JVM that runs those
     * kernels (any x86-64 CPU can), on one thread and on three.
     */
    @ParameterizedTest
    @ValueSource(strings = {"moons-default", "moons-ema-silu", "eight-gaussians-cosine-data", "spiral-ot-logitnormal"})
    void version1FileLoadsAndSamplesBitIdentically(String name) throws Exception {
        Path file = golden(name + ".flow");
        assertThat(formatVersion(file)).isEqualTo(1);
        Map<String, int[][]> expected = samples(golden(name + ".samples.txt"));

        for (int threads : new int[] {1, 3}) {
            String output = sampleInGenericKernelJvm(file, threads);
            assertThat(output).as("the child JVM's kernels").contains("kernels PRESCOTT");
            Map<String, int[][]> actual = blocks(output.lines().filter(l -> l.startsWith(GoldenSampler.PREFIX))
                    .map(l -> l.substring(GoldenSampler.PREFIX.length())).toList());
            assertThat(actual.get("euler-10-seed-7")).as("%s on %d threads", name, threads)
                    .isDeepEqualTo(expected.get("euler-10-seed-7"));
            assertThat(actual.get("default-16")).as("%s on %d threads", name, threads)
                    .isDeepEqualTo(expected.get("default-16"));
        }
    }

    /** With the kernels this JVM chose, the samples agree with the golden ones to float rounding. */
    @ParameterizedTest
    @ValueSource(strings = {"moons-default", "moons-ema-silu", "eight-gaussians-cosine-data", "spiral-ot-logitnormal"})
    void version1FileSamplesCloselyWithAnyKernels(String name) throws Exception {
        FlowModel model = FlowModel.load(golden(name + ".flow"));
        Map<String, int[][]> expected = samples(golden(name + ".samples.txt"));
        assertClose(model.sample(64, Solvers.euler(), 10, 7L), expected.get("euler-10-seed-7"));
        assertClose(model.sample(16), expected.get("default-16"));
    }

    private static void assertClose(INDArray actual, int[][] expectedBits) {
        for (int i = 0; i < expectedBits.length; i++) {
            for (int j = 0; j < expectedBits[i].length; j++) {
                float expected = Float.intBitsToFloat(expectedBits[i][j]);
                assertThat(actual.getFloat(i, j)).as("row %d, column %d", i, j)
                        .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4f * (1 + Math.abs(expected))));
            }
        }
    }

    /** Runs {@link GoldenSampler} in a JVM forced to OpenBLAS's generic kernels; its output. */
    private static String sampleInGenericKernelJvm(Path file, int threads) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-D" + BlasKernels.PROPERTY + "=Prescott", "-cp",
                System.getProperty("java.class.path"), GoldenSampler.class.getName(), file.toString(),
                Integer.toString(threads)).redirectErrorStream(true);
        builder.environment().remove(BlasKernels.VARIABLE);
        Process child = builder.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        return output;
    }

    @ParameterizedTest
    @ValueSource(strings = {"moons-default", "moons-ema-silu", "eight-gaussians-cosine-data", "spiral-ot-logitnormal"})
    void version1FileKeepsItsProvenance(String name) throws Exception {
        Map<String, String> saved = provenance(golden(name + ".provenance.properties"));
        assertThat(saved).containsKeys("data", "model", "path", "seed", "iterations", "source", "coupling", "time_sampler");

        assertThat(FlowModel.load(golden(name + ".flow")).provenance()).containsAllEntriesOf(saved);
    }

    @Test
    void weightAverageAndArchitectureSurvive() throws Exception {
        FlowModel model = FlowModel.load(golden("moons-ema-silu.flow"));
        assertThat(model.usesWeightAverage()).isTrue();
        assertThat(model.provenance()).containsEntry("model", "mlp(d=2, hidden=[32, 32], silu)");
    }

    private static Path golden(String file) throws URISyntaxException {
        var url = GoldenModelFileTest.class.getResource("/golden/" + file);
        assertThat(url).as("golden file %s on the test classpath", file).isNotNull();
        return Path.of(url.toURI());
    }

    /** The container's version: the little-endian int after the 8-byte magic. */
    private static int formatVersion(Path file) throws IOException {
        byte[] head = new byte[12];
        System.arraycopy(Files.readAllBytes(file), 0, head, 0, head.length);
        return ByteBuffer.wrap(head, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static int[][] bits(INDArray x) {
        int[][] out = new int[x.rows()][x.columns()];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = Float.floatToIntBits(x.getFloat(i, j));
            }
        }
        return out;
    }

    /** Blocks "label rows columns" followed by rows of 8-digit hex float bits; '#' starts a comment. */
    private static Map<String, int[][]> samples(Path file) throws IOException {
        Map<String, int[][]> blocks = blocks(Files.readAllLines(file, StandardCharsets.US_ASCII).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList());
        assertThat(blocks).containsOnlyKeys("euler-10-seed-7", "default-16");
        return blocks;
    }

    private static Map<String, int[][]> blocks(List<String> lines) {
        Map<String, int[][]> blocks = new HashMap<>();
        int at = 0;
        while (at < lines.size()) {
            String[] head = lines.get(at++).trim().split(" ");
            int rows = Integer.parseInt(head[1]);
            int cols = Integer.parseInt(head[2]);
            int[][] block = new int[rows][cols];
            for (int i = 0; i < rows; i++) {
                String[] cells = lines.get(at++).trim().split(" ");
                assertThat(cells).hasSize(cols);
                for (int j = 0; j < cols; j++) {
                    block[i][j] = Integer.parseUnsignedInt(cells[j], 16);
                }
            }
            blocks.put(head[0], block);
        }
        return blocks;
    }

    private static Map<String, String> provenance(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            p.load(in);
        }
        Map<String, String> out = new HashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }
}
