package io.flowmatch.core.io;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.coupling.Couplings;
import io.flowmatch.core.model.Activation;
import io.flowmatch.core.path.Paths;
import io.flowmatch.core.path.Prediction;
import io.flowmatch.core.time.TimeSamplers;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Wrote the golden model files of format version 1 in {@code src/test/resources/golden/}, which
 * {@link GoldenModelFileTest} loads and samples.
 *
 * <p><b>Do not rerun this to "fix" a failing golden test.</b> It was run once, on the code of
 * commit 363cf1d (before the training and facade refactor), to freeze what today's files hold
 * and what they sample; a golden test that fails means a model file written by that version no
 * longer loads or no longer samples bit-identically, which is the regression the files exist to
 * catch. Regenerating them with newer code would only hide it.
 *
 * <p>Not a test: run it by hand from the repository root (with {@code OMP_NUM_THREADS=1}, as the
 * tests run), e.g. {@code java -cp flowmatch-core/target/test-classes:flowmatch-core/target/classes:$(cat cp.txt)
 * io.flowmatch.core.io.GoldenFilesGenerator flowmatch-core/src/test/resources/golden}.
 *
 * <p>For each model NAME it writes {@code NAME.flow} (the model), {@code NAME.provenance.properties}
 * (its full provenance map) and {@code NAME.samples.txt}: two blocks, {@code euler-10-seed-7}
 * ({@code model.sample(64, Solvers.euler(), 10, 7L)}) and {@code default-16} ({@code model.sample(16)}),
 * each a line "label rows columns" followed by one line a row of {@link Float#floatToIntBits}
 * values in 8-digit hex.
 */
final class GoldenFilesGenerator {

    private GoldenFilesGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "flowmatch-core/src/test/resources/golden");
        Files.createDirectories(dir);

        write(dir, "moons-default", FlowMatcher.builder()
                .data(Datasets.moons(0.05))
                .iterations(200).batchSize(64).seed(11L)
                .train());

        write(dir, "moons-ema-silu", FlowMatcher.builder()
                .data(Datasets.moons(0.05))
                .iterations(200).batchSize(64).seed(12L)
                .ema(0.99)
                .hidden(32, 32)
                .activation(Activation.SILU)
                .train());

        write(dir, "eight-gaussians-cosine-data", FlowMatcher.builder()
                .data(Datasets.eightGaussians())
                .iterations(200).batchSize(64).seed(13L)
                .source(Datasets.gaussian(new double[] {0.5, -1.0}, new double[][] {{2.0, 0.3}, {0.3, 0.5}}))
                .path(Paths.cosine())
                .prediction(Prediction.DATA)
                .train());

        write(dir, "spiral-ot-logitnormal", FlowMatcher.builder()
                .data(Datasets.spiral())
                .iterations(200).batchSize(64).seed(14L)
                .coupling(Couplings.exactOt())
                .timeSampler(TimeSamplers.logitNormal(0.0, 1.0))
                .train());
    }

    private static void write(Path dir, String name, FlowModel model) throws IOException {
        model.save(dir.resolve(name + ".flow"));

        Properties provenance = new Properties();
        provenance.putAll(model.provenance());
        StringWriter text = new StringWriter();
        provenance.store(text, "provenance of " + name + ".flow");
        StringBuilder sorted = new StringBuilder("# provenance of " + name + ".flow\n");
        Map<String, String> keys = new TreeMap<>();
        for (String line : text.toString().split("\n")) {
            if (!line.startsWith("#")) {
                keys.put(line, line);
            }
        }
        keys.keySet().forEach(line -> sorted.append(line).append('\n'));
        Files.writeString(dir.resolve(name + ".provenance.properties"), sorted, StandardCharsets.ISO_8859_1);

        StringBuilder samples = new StringBuilder();
        samples.append("# float32 bits (Float.floatToIntBits, hex) of the samples of ").append(name).append(".flow\n");
        block(samples, "euler-10-seed-7", model.sample(64, Solvers.euler(), 10, 7L));
        block(samples, "default-16", model.sample(16));
        Files.writeString(dir.resolve(name + ".samples.txt"), samples, StandardCharsets.US_ASCII);
        System.out.println("wrote " + name);
    }

    private static void block(StringBuilder out, String label, INDArray x) {
        int rows = x.rows();
        int cols = x.columns();
        out.append(label).append(' ').append(rows).append(' ').append(cols).append('\n');
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out.append(j > 0 ? " " : "").append(String.format("%08x", Float.floatToIntBits(x.getFloat(i, j))));
            }
            out.append('\n');
        }
    }
}
