package io.flowmatch.image;

import io.flowmatch.core.train.Objective;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The judge's classifier training as an {@link Objective} of the shared loop: a batch of labelled
 * images drawn uniformly with replacement, the mean softmax cross-entropy of the classifier's
 * logits, and its gradient. The batch is computed in {@code split} parts added in order, which
 * threads may share without changing the numbers (as {@link ConditionalImageObjective} does).
 */
final class ClassifierObjective implements Objective, AutoCloseable {

    private final ClassifierArchitecture architecture;
    private final INDArray parameters;
    private final LabelledImages images;
    private final int batch;
    private final float[] pixels;
    private final int[] labels;
    private final ClassifierPass[] parts;
    private final int[] starts;
    private final INDArray[] partGradients;
    private final double[] losses;
    private final PartRunner runner;

    ClassifierObjective(ClassifierArchitecture architecture, INDArray parameters, LabelledImages images, int batch,
            int split, int threads) {
        this.architecture = architecture;
        this.parameters = parameters;
        this.images = images;
        this.batch = batch;
        this.pixels = new float[batch * architecture.dimension()];
        this.labels = new int[batch];
        int n = Math.min(split, batch);
        this.parts = new ClassifierPass[n];
        this.starts = new int[n];
        this.partGradients = new INDArray[n];
        this.losses = new double[n];
        for (int p = 0, from = 0; p < n; p++) {
            int rows = batch / n + (p < batch % n ? 1 : 0);
            parts[p] = new ClassifierPass(architecture, parameters, rows);
            starts[p] = from;
            partGradients[p] = p == 0 ? null : Nd4j.create(DataType.FLOAT, parameters.length());
            from += rows;
        }
        this.runner = new PartRunner(Math.min(threads, n), "flowmatch-judge-part");
    }

    @Override
    public INDArray parameters() {
        return parameters;
    }

    @Override
    public double lossAndGradient(SplittableRandom rng, INDArray gradient) {
        images.sample(rng, pixels, labels, batch);
        double scale = 1.0 / batch;
        runner.run(parts.length, p -> {
            ClassifierPass pass = parts[p];
            pass.forward(pixels, starts[p]);
            losses[p] = pass.crossEntropyBackward(labels, starts[p], scale,
                    partGradients[p] == null ? gradient : partGradients[p]);
        });
        double loss = 0;
        for (int p = 0; p < parts.length; p++) {
            loss += losses[p];
            if (p > 0) {
                gradient.addi(partGradients[p]);
            }
        }
        return loss / batch;
    }

    @Override
    public Map<String, String> fingerprint() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("model", architecture.toString());
        f.put("data", images + " crc32=" + Long.toHexString(images.checksum()));
        f.put("batch_split", Integer.toString(parts.length));
        return Collections.unmodifiableMap(f);
    }

    @Override
    public void close() {
        runner.close();
    }
}
