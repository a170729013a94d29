package io.flowmatch.image;

import io.flowmatch.core.model.ConditionalPass;
import io.flowmatch.core.model.PassBuffers;
import io.flowmatch.core.train.Objective;
import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Class-conditional flow matching with classifier-free guidance as an {@link Objective}, the
 * recipe of the Fashion-MNIST flow-matching article: for a batch of images x with labels y, each
 * label is replaced by the null label with probability {@link ImageRecipe#labelDropout()}, t is
 * uniform in [0, {@value #MAX_TIME}] (clamped as the article does), z is standard normal,
 * x_t = (1 - t) z + t x, and the loss is the mean squared error between the U-Net's
 * v(t, x_t, y) and the target x - z, averaged over the batch and the pixels.
 *
 * <p>The batch is computed in {@link ImageRecipe#batchSplit()} parts of (nearly) equal size, each
 * with its own preallocated pass and gradient; the parts' squared-error sums and gradients are
 * added in part order. With {@code threads > 1} the parts run in parallel; the numbers are the
 * same bit for bit as with one thread, because each part computes the same arithmetic whichever
 * thread runs it. Every random number is drawn on the calling thread from the step's generator,
 * in a fixed order (the batch's images and labels, then per row: dropout, time, the row's noise).
 *
 * <p>Every buffer is allocated once, here. Close it to stop its worker threads (if any).
 */
public final class ConditionalImageObjective implements Objective, AutoCloseable {

    /** The largest training time, as in the article: t is drawn uniformly in [0, 0.999]. */
    public static final double MAX_TIME = 0.999;

    private final ImageRecipe recipe;
    private final UNetVelocityModel model;
    private final LabelledImages images;
    private final int batch;
    private final int d;
    private final float[] data;
    private final int[] labels;
    private final float[] times;
    private final float[] xt;
    private final float[] target;
    private final Part[] parts;
    private final PartRunner runner;

    /**
     * @param recipe  the recipe (batch size, label dropout, batch split)
     * @param model   a float32 U-Net whose architecture fits the images; trained in place
     * @param images  the training set
     * @param threads how many of the batch's parts run at once, in [1, batch split]
     *                (1: all on the calling thread)
     * @throws IllegalArgumentException for a null argument, a non-float model, images the model
     *                                  does not fit, or a bad thread count
     */
    public ConditionalImageObjective(ImageRecipe recipe, UNetVelocityModel model, LabelledImages images,
            int threads) {
        if (recipe == null || model == null || images == null) {
            throw new IllegalArgumentException("recipe, model and images must not be null");
        }
        if (model.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("training needs a FLOAT model, got " + model.dataType());
        }
        UNetArchitecture a = model.architecture();
        if (a.height() != images.height() || a.width() != images.width() || a.classes() != images.classes()) {
            throw new IllegalArgumentException("architecture " + a + " does not fit " + images);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        this.recipe = recipe;
        this.model = model;
        this.images = images;
        this.batch = recipe.training().batchSize();
        this.d = a.dimension();
        int n = Math.multiplyExact(batch, d);
        this.data = new float[n];
        this.labels = new int[batch];
        this.times = new float[batch];
        this.xt = new float[n];
        this.target = new float[n];
        int split = Math.min(recipe.batchSplit(), batch);
        this.parts = new Part[split];
        for (int p = 0, from = 0; p < split; p++) {
            int rows = batch / split + (p < batch % split ? 1 : 0);
            parts[p] = new Part(from, rows, p == 0);
            from += rows;
        }
        this.runner = new PartRunner(Math.min(threads, split), "flowmatch-image-part");
    }

    /** The recipe. */
    public ImageRecipe recipe() {
        return recipe;
    }

    /** The model being trained. */
    public UNetVelocityModel model() {
        return model;
    }

    /** The training images. */
    public LabelledImages images() {
        return images;
    }

    /** How many parts of a batch run at once. */
    public int threads() {
        return runner.threads();
    }

    @Override
    public INDArray parameters() {
        return model.parameters();
    }

    @Override
    public double lossAndGradient(SplittableRandom rng, INDArray gradient) {
        draw(rng);
        runner.run(parts.length, p -> parts[p].run(gradient));
        double sum = 0;
        for (Part part : parts) {
            sum += part.squaredError;
        }
        for (int p = 1; p < parts.length; p++) {
            gradient.addi(parts[p].gradient);
        }
        return sum / ((double) batch * d);
    }

    /** Draws the batch: images and labels, then per row the dropout, the time and the noise. */
    private void draw(SplittableRandom rng) {
        images.sample(rng, data, labels, batch);
        double dropout = recipe.labelDropout();
        for (int i = 0; i < batch; i++) {
            if (rng.nextDouble() < dropout) {
                labels[i] = ConditionalPass.NULL_LABEL;
            }
            float t = (float) (rng.nextDouble() * MAX_TIME);
            times[i] = t;
            for (int j = i * d, end = j + d; j < end; j++) {
                float z = (float) rng.nextGaussian();
                xt[j] = (1 - t) * z + t * data[j];
                target[j] = data[j] - z;
            }
        }
    }

    /**
     * The model, the data (with a checksum of its pixels and labels), the recipe's text form
     * (the thread count is not in it: it does not change the numbers).
     */
    @Override
    public Map<String, String> fingerprint() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("model", model.description());
        f.put("data", images + " crc32=" + Long.toHexString(images.checksum()));
        recipe.toMap().forEach(f::putIfAbsent);
        return Collections.unmodifiableMap(f);
    }

    /** Stops the worker threads. */
    @Override
    public void close() {
        runner.close();
    }

    /** One part of the batch: rows [from, from + rows), its own pass, inputs and gradient. */
    private final class Part {
        final int from;
        final int rows;
        final ConditionalPass pass;
        final int[] partLabels;
        final PassBuffers buffers;
        /** Where this part's parameter gradient goes; null for the first part, which writes the caller's. */
        final INDArray gradient;
        double squaredError;

        Part(int from, int rows, boolean first) {
            this.from = from;
            this.rows = rows;
            this.pass = model.newConditionalPass(rows);
            this.partLabels = new int[rows];
            this.buffers = new PassBuffers(pass, rows, d);
            this.gradient = first ? null : Nd4j.create(DataType.FLOAT, model.parameterCount());
        }

        /** Forward, squared error and backward of this part's rows; the first part writes {@code shared}. */
        void run(INDArray shared) {
            System.arraycopy(labels, from, partLabels, 0, rows);
            pass.labels(partLabels);
            buffers.times().put(0, times, from, rows);
            buffers.inputs().put(0, xt, from * d, rows * d);
            FloatBuffer output = buffers.forward();
            FloatBuffer gradOutputBuffer = buffers.outputGradient();
            float g = (float) (2.0 / ((double) batch * d));
            double sum = 0;
            int offset = from * d;
            for (int i = 0, n = rows * d; i < n; i++) {
                float diff = output.get(i) - target[offset + i];
                sum += diff * diff;
                gradOutputBuffer.put(i, g * diff);
            }
            squaredError = sum;
            buffers.backward(gradient == null ? shared : gradient);
        }
    }
}
