package io.flowmatch.discrete;

import io.flowmatch.core.internal.MatrixProduct;
import io.flowmatch.core.internal.MatrixProduct.Operand;
import io.flowmatch.core.internal.NativeBuffers;
import io.flowmatch.core.model.Activation;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The preallocated forward and backward buffers of a {@link TokenMlp} for up to {@code rows}
 * sequences.
 *
 * <p>Hidden layer j has its pre-activation z_j and activation a_j on the heap ([rows, h_j]) and
 * its augmented activation A_j = [a_j | 1] in native memory ([rows, h_j + 1]) for the next BLAS
 * product, whose ones column folds in the bias. The first layer is a gather: z_0 = bias +
 * sum_k phi_k(t) W_time[k] + sum_l E[l, x_l], over a heap copy of the input block. The backward
 * pass runs the same products transposed and scatters z_0's gradient back into the input
 * block's rows. Nothing is allocated per call when the whole batch is used; a smaller
 * {@code count} makes row views of the buffers (the sampler's case).
 */
final class TokenMlpPass implements PosteriorPass {

    private final TokenMlpArchitecture arch;
    private final Activation activation;
    private final int rows;
    private final int length;
    private final int states;
    private final int outputs;
    private final int hiddenLayers;
    private final int[] width;
    private final FloatBuffer parameterBuffer;

    private final float[] inputBlock;
    private final float[] inputGradient;
    private final float[] features;
    private final float[][] z;
    private final float[][] a;
    private final float[] augmented;
    private final float[] delta;
    private final float[] logits;
    private final int window;
    /** The mask token (V) when the alphabet has one, else -1 (then every neighbour in the window counts). */
    private final int mask;
    private final float[] local;
    private final float[] localGradient;

    /** A_j, native [rows, h_j + 1], ones in the last column. */
    private final INDArray[] activations;
    private final FloatBuffer[] activationBuffers;
    private final Operand[] activationOps;
    /** z_j for j >= 1 as BLAS writes it, native [rows, h_j]; index 0 unused. */
    private final INDArray[] pre;
    private final FloatBuffer[] preBuffers;
    private final Operand[] preOps;
    /** d loss / d a_j, native [rows, h_j], then d loss / d z_j in place. */
    private final INDArray[] gradients;
    private final FloatBuffer[] gradientBuffers;
    private final Operand[] gradientOps;
    private final INDArray out;
    private final FloatBuffer outBuffer;
    private final Operand outOp;
    private final INDArray gradOut;
    private final FloatBuffer gradOutBuffer;
    private final Operand gradOutOp;
    private final Operand[] blockOps;
    private final Operand[] weightOps;

    private INDArray cachedGradient;
    private FloatBuffer cachedGradientBuffer;
    private Operand[] cachedGradientBlocks;
    private int lastCount;
    private int[] lastTokens;
    private float[] lastTimes;

    TokenMlpPass(TokenMlp model, int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be positive, got " + rows);
        }
        this.arch = model.architecture();
        this.activation = arch.activation();
        this.rows = rows;
        this.length = arch.length();
        this.states = arch.states();
        this.outputs = arch.outputs();
        this.hiddenLayers = arch.hidden().size();
        this.width = arch.hidden().stream().mapToInt(Integer::intValue).toArray();
        this.parameterBuffer = NativeBuffers.floats(model.parameters());
        int h0 = width[0];
        int widest = Arrays.stream(width).max().orElseThrow();
        this.inputBlock = new float[arch.inputRows() * h0];
        this.inputGradient = new float[arch.inputRows() * h0];
        this.features = new float[arch.timeFeatures()];
        this.z = new float[hiddenLayers][];
        this.a = new float[hiddenLayers][];
        this.augmented = new float[Math.multiplyExact(rows, widest + 1)];
        this.delta = new float[Math.multiplyExact(rows, widest)];
        this.logits = new float[Math.multiplyExact(rows, outputs)];
        this.window = arch.window();
        this.mask = arch.states() > arch.vocabulary() ? arch.vocabulary() : -1;
        this.local = new float[arch.localSize()];
        this.localGradient = new float[arch.localSize()];
        this.activations = new INDArray[hiddenLayers];
        this.activationBuffers = new FloatBuffer[hiddenLayers];
        this.activationOps = new Operand[hiddenLayers];
        this.pre = new INDArray[hiddenLayers];
        this.preBuffers = new FloatBuffer[hiddenLayers];
        this.preOps = new Operand[hiddenLayers];
        this.gradients = new INDArray[hiddenLayers];
        this.gradientBuffers = new FloatBuffer[hiddenLayers];
        this.gradientOps = new Operand[hiddenLayers];
        for (int j = 0; j < hiddenLayers; j++) {
            int h = width[j];
            z[j] = new float[rows * h];
            a[j] = new float[rows * h];
            activations[j] = Nd4j.ones(DataType.FLOAT, rows, h + 1);
            activationBuffers[j] = NativeBuffers.floats(activations[j]);
            activationOps[j] = MatrixProduct.operand(activations[j]);
            if (j > 0) {
                pre[j] = Nd4j.create(DataType.FLOAT, rows, h);
                preBuffers[j] = NativeBuffers.floats(pre[j]);
                preOps[j] = MatrixProduct.operand(pre[j]);
            }
            gradients[j] = Nd4j.create(DataType.FLOAT, rows, h);
            gradientBuffers[j] = NativeBuffers.floats(gradients[j]);
            gradientOps[j] = MatrixProduct.operand(gradients[j]);
        }
        this.out = Nd4j.create(DataType.FLOAT, rows, outputs);
        this.outBuffer = NativeBuffers.floats(out);
        this.outOp = MatrixProduct.operand(out);
        this.gradOut = Nd4j.create(DataType.FLOAT, rows, outputs);
        this.gradOutBuffer = NativeBuffers.floats(gradOut);
        this.gradOutOp = MatrixProduct.operand(gradOut);
        int blocks = arch.blockCount();
        this.blockOps = new Operand[blocks];
        this.weightOps = new Operand[blocks];
        for (int b = 1; b < blocks; b++) {
            blockOps[b] = MatrixProduct.operand(model.block(b));
            weightOps[b] = MatrixProduct.operand(model.weights(b));
        }
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public float[] forward(int[] tokens, float[] times, int count) {
        if (count < 1 || count > rows) {
            throw new IllegalArgumentException("count must be in [1, " + rows + "], got " + count);
        }
        if (tokens == null || tokens.length < count * length || times == null || times.length < count) {
            throw new IllegalArgumentException("need " + count * length + " tokens and " + count + " times");
        }
        inputLayer(tokens, times, count);
        for (int j = 0; j < hiddenLayers; j++) {
            if (j > 0) {
                MatrixProduct.multiply(top(activationOps[j - 1], activations[j - 1], count), false, blockOps[j], false,
                        top(preOps[j], pre[j], count));
                preBuffers[j].get(0, z[j], 0, count * width[j]);
            }
            activate(j, count);
        }
        MatrixProduct.multiply(top(activationOps[hiddenLayers - 1], activations[hiddenLayers - 1], count), false,
                blockOps[hiddenLayers], false, top(outOp, out, count));
        outBuffer.get(0, logits, 0, count * outputs);
        if (window > 0) {
            localSkip(tokens, count);
        }
        lastCount = count;
        lastTokens = tokens;
        lastTimes = times;
        return logits;
    }

    /**
     * z_0 = bias + sum_k phi_k(t) W_time[k] + sum_l E[l, x_l], on the heap. The time and bias rows
     * are read once; the embedding rows are read all at once for a large batch (one bulk copy),
     * or only those the batch uses for a small one (the sampler's late steps).
     */
    private void inputLayer(int[] tokens, float[] times, int count) {
        int h = width[0];
        int timeRows = length * states * h;
        int biasRow = timeRows + features.length * h;
        parameterBuffer.get(timeRows, inputBlock, timeRows, inputBlock.length - timeRows);
        boolean wholeTable = (long) count * length >= (long) length * states / 2;
        if (wholeTable) {
            parameterBuffer.get(0, inputBlock, 0, timeRows);
        }
        float[] z0 = z[0];
        for (int r = 0; r < count; r++) {
            int zr = r * h;
            System.arraycopy(inputBlock, biasRow, z0, zr, h);
            timeFeatures(times[r], features);
            for (int k = 0; k < features.length; k++) {
                float f = features[k];
                int row = timeRows + k * h;
                for (int c = 0; c < h; c++) {
                    z0[zr + c] += f * inputBlock[row + c];
                }
            }
            for (int l = 0; l < length; l++) {
                int x = tokens[r * length + l];
                if (x < 0 || x >= states) {
                    throw new IllegalArgumentException("token " + x + " at row " + r + ", position " + l
                            + " is outside [0, " + states + ")");
                }
                int row = (l * states + x) * h;
                if (!wholeTable) {
                    parameterBuffer.get(row, inputBlock, row, h);
                }
                for (int c = 0; c < h; c++) {
                    z0[zr + c] += inputBlock[row + c];
                }
            }
        }
    }

    /**
     * logits[r, l] += W_local[l, d][x_{l+d}] for the neighbours within the window, on each side
     * out to and including the first token that is not the mask token: a revealed token screens
     * off those beyond it, as in a Markov chain.
     */
    private void localSkip(int[] tokens, int count) {
        int vocabulary = arch.vocabulary();
        parameterBuffer.get((int) arch.localOffset(), local, 0, local.length);
        for (int r = 0; r < count; r++) {
            for (int l = 0; l < length; l++) {
                int o = (r * length + l) * vocabulary;
                for (int side = -1; side <= 1; side += 2) {
                    for (int step = 1; step <= window; step++) {
                        int m = l + side * step;
                        if (m < 0 || m >= length) {
                            break;
                        }
                        int x = tokens[r * length + m];
                        int row = arch.localTable(l, side * step) + x * vocabulary;
                        for (int v = 0; v < vocabulary; v++) {
                            logits[o + v] += local[row + v];
                        }
                        if (x != mask) {
                            break;
                        }
                    }
                }
            }
        }
    }

    /** Scatters d loss / d logits into the local skip's rows of the gradient (the rows {@link #localSkip} read). */
    private void localSkipGradient(float[] gradLogits, int count) {
        int vocabulary = arch.vocabulary();
        Arrays.fill(localGradient, 0f);
        for (int r = 0; r < count; r++) {
            for (int l = 0; l < length; l++) {
                int o = (r * length + l) * vocabulary;
                for (int side = -1; side <= 1; side += 2) {
                    for (int step = 1; step <= window; step++) {
                        int m = l + side * step;
                        if (m < 0 || m >= length) {
                            break;
                        }
                        int x = lastTokens[r * length + m];
                        int row = arch.localTable(l, side * step) + x * vocabulary;
                        for (int v = 0; v < vocabulary; v++) {
                            localGradient[row + v] += gradLogits[o + v];
                        }
                        if (x != mask) {
                            break;
                        }
                    }
                }
            }
        }
        cachedGradientBuffer.put((int) arch.localOffset(), localGradient, 0, localGradient.length);
    }

    /** The time features t, sin(k pi t), cos(k pi t). */
    static void timeFeatures(float t, float[] out) {
        out[0] = t;
        for (int k = 1, i = 1; i < out.length; k++, i += 2) {
            double angle = Math.PI * k * t;
            out[i] = (float) Math.sin(angle);
            out[i + 1] = (float) Math.cos(angle);
        }
    }

    /** a_j = f(z_j) on the heap, then A_j = [a_j | 1] into native memory. */
    private void activate(int j, int count) {
        int h = width[j];
        Activations.apply(activation, z[j], a[j], count * h);
        int stride = h + 1;
        for (int r = 0; r < count; r++) {
            System.arraycopy(a[j], r * h, augmented, r * stride, h);
            augmented[r * stride + h] = 1f;
        }
        activationBuffers[j].put(0, augmented, 0, count * stride);
    }

    @Override
    public void backward(float[] gradLogits, INDArray gradParameters) {
        int count = lastCount;
        if (count == 0) {
            throw new IllegalStateException("backward needs a forward pass first");
        }
        if (gradLogits == null || gradLogits.length < count * outputs) {
            throw new IllegalArgumentException("need " + count * outputs + " logit gradients");
        }
        Operand[] gradBlocks = gradientBlocks(gradParameters);
        if (window > 0) {
            localSkipGradient(gradLogits, count);
        }
        gradOutBuffer.put(0, gradLogits, 0, count * outputs);
        Operand g = top(gradOutOp, gradOut, count);
        for (int j = hiddenLayers - 1; j >= -1; j--) {
            int b = j + 1;
            Operand input = j >= 0 ? top(activationOps[j], activations[j], count) : null;
            if (j >= 0) {
                // dTheta_b = A_j^T g (weights and, through the ones column, the bias)
                MatrixProduct.multiply(input, true, g, false, gradBlocks[b]);
                // d loss / d z_j = (g W_b^T) * f'(z_j)
                Operand dj = top(gradientOps[j], gradients[j], count);
                MatrixProduct.multiply(g, false, weightOps[b], true, dj);
                int n = count * width[j];
                gradientBuffers[j].get(0, delta, 0, n);
                Activations.multiplyByDerivative(activation, z[j], a[j], delta, n);
                if (j > 0) {
                    gradientBuffers[j].put(0, delta, 0, n);
                    g = dj;
                }
            } else {
                inputGradient(count);
            }
        }
    }

    /** Scatters d loss / d z_0 (in {@code delta}) into the input block's rows of the gradient. */
    private void inputGradient(int count) {
        int h = width[0];
        Arrays.fill(inputGradient, 0f);
        int timeRows = length * states * h;
        int biasRow = timeRows + features.length * h;
        for (int r = 0; r < count; r++) {
            int dr = r * h;
            timeFeatures(lastTimes[r], features);
            for (int c = 0; c < h; c++) {
                inputGradient[biasRow + c] += delta[dr + c];
            }
            for (int k = 0; k < features.length; k++) {
                float f = features[k];
                int row = timeRows + k * h;
                for (int c = 0; c < h; c++) {
                    inputGradient[row + c] += f * delta[dr + c];
                }
            }
            for (int l = 0; l < length; l++) {
                int row = (l * states + lastTokens[r * length + l]) * h;
                for (int c = 0; c < h; c++) {
                    inputGradient[row + c] += delta[dr + c];
                }
            }
        }
        cachedGradientBuffer.put(0, inputGradient, 0, inputGradient.length);
    }

    /** The operand of the first {@code count} rows of {@code array}. */
    private Operand top(Operand full, INDArray array, int count) {
        return count == rows ? full : MatrixProduct.operand(array.get(NDArrayIndex.interval(0, count), NDArrayIndex.all()));
    }

    private Operand[] gradientBlocks(INDArray gradient) {
        if (gradient != cachedGradient) {
            if (gradient == null || gradient.dataType() != DataType.FLOAT || gradient.length() != arch.parameterCount()) {
                throw new IllegalArgumentException("the gradient must be a FLOAT vector of " + arch.parameterCount() + " values");
            }
            INDArray flat = NativeBuffers.requireDense(gradient, "gradient").reshape(gradient.length());
            Operand[] blocks = new Operand[arch.blockCount()];
            for (int b = 1; b < blocks.length; b++) {
                long offset = arch.blockOffset(b);
                int r = arch.blockRows(b);
                int c = arch.blockColumns(b);
                blocks[b] = MatrixProduct.operand(flat.get(NDArrayIndex.interval(offset, offset + (long) r * c)).reshape('c', r, c));
            }
            cachedGradientBuffer = NativeBuffers.floats(gradient);
            cachedGradientBlocks = blocks;
            cachedGradient = gradient;
        }
        return cachedGradientBlocks;
    }
}
