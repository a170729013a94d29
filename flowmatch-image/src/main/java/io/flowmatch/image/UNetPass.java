package io.flowmatch.image;

import io.flowmatch.core.internal.MatrixProduct;
import io.flowmatch.core.model.ConditionalPass;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Forward and backward of a {@link UNetVelocityModel} on batches of a fixed number of rows.
 * Feature maps are kept channels-last, {@code [rows * pixels, channels]}, in arrays allocated once;
 * convolutions are im2col plus one BLAS product each ({@link Im2colConvolution}); bias, embedding
 * shift, SiLU, upsampling, skip and pixel shuffle are plain loops. Keeps every pre-activation and
 * sigmoid the backward pass needs. Not thread-safe.
 */
final class UNetPass implements ConditionalPass {

    private final UNetArchitecture a;
    private final UNetVelocityModel.Blocks p;
    private final int rows;
    private final DataType type;
    private final int[] labelIndex;
    private final int half;
    private final int quarter;
    private final int convCount;
    /** Index of the up convolution (after the skip join); refine is up + 1, out is up + 2. */
    private final int up;

    private final Im2colConvolution[] convs;
    private final MatrixProduct.Operand[] weights;
    /** Inputs of each convolution (index 0: the image), channels-last. */
    private final INDArray[] inputs;
    /** Pre-activations (conv + bias + shift) of the blocks and the raw output of the last conv. */
    private final INDArray[] pre;
    private final INDArray[] sig;
    /** Block outputs (block 0's is also the skip). */
    private final INDArray[] act;
    private final INDArray output;
    // gradients, same shapes as the forward arrays
    private final INDArray gradOut;
    private final INDArray[] gradPre;
    private final INDArray[] gradAct;
    private final INDArray gradSkip;
    private final INDArray gradUpInput;

    // kept from forward for backward
    private INDArray features;
    private INDArray oneHot;
    private INDArray embPre;
    private INDArray embSig;
    private INDArray emb;
    private boolean forwardDone;

    UNetPass(UNetArchitecture architecture, UNetVelocityModel.Blocks parameters, int rows) {
        this.a = architecture;
        this.p = parameters;
        this.rows = rows;
        this.type = parameters.timeBias.dataType();
        this.labelIndex = new int[rows];
        Arrays.fill(labelIndex, architecture.classes());
        int h = a.height();
        int w = a.width();
        this.half = (h / 2) * (w / 2);
        this.quarter = (h / 4) * (w / 4);
        int c1 = a.channels1();
        int c2 = a.channels2();
        int[][] shape = a.convolutions();
        int[] strides = a.strides();
        this.convCount = shape.length;
        this.up = convCount - 3;
        convs = new Im2colConvolution[convCount];
        weights = new MatrixProduct.Operand[convCount];
        inputs = new INDArray[convCount];
        pre = new INDArray[convCount];
        gradPre = new INDArray[convCount];
        sig = new INDArray[convCount - 1];
        act = new INDArray[convCount - 1];
        gradAct = new INDArray[convCount - 1];
        for (int k = 0; k < convCount; k++) {
            int side = k == 0 ? h : k == 1 || k >= up ? h / 2 : h / 4;
            int across = k == 0 ? w : k == 1 || k >= up ? w / 2 : w / 4;
            int outPixels = k == 0 || k >= up ? half : quarter;
            convs[k] = new Im2colConvolution(rows, side, across, shape[k][0], strides[k], type);
            weights[k] = MatrixProduct.operand(weight2d(parameters.weights[k], shape[k]));
            pre[k] = Nd4j.create(type, (long) rows * outPixels, shape[k][1]);
            gradPre[k] = Nd4j.create(type, (long) rows * outPixels, shape[k][1]);
            if (k < convCount - 1) {
                sig[k] = Nd4j.create(type, (long) rows * outPixels, shape[k][1]);
                act[k] = Nd4j.create(type, (long) rows * outPixels, shape[k][1]);
                gradAct[k] = Nd4j.create(type, (long) rows * outPixels, shape[k][1]);
            }
        }
        inputs[0] = Nd4j.create(type, (long) rows * h * w, 1);
        for (int k = 1; k < convCount; k++) {
            inputs[k] = act[k - 1];
        }
        inputs[up] = Nd4j.create(type, (long) rows * half, c2 + c1);
        this.gradSkip = Nd4j.create(type, (long) rows * half, c1);
        this.gradUpInput = Nd4j.create(type, (long) rows * half, c2 + c1);
        this.output = Nd4j.create(type, rows, a.dimension());
        this.gradOut = Nd4j.create(type, rows, a.dimension());
    }

    /** The {@code [3, 3, in, out]} weight as the {@code [9 in, out]} matrix it is in memory (a view). */
    private static INDArray weight2d(INDArray weight, int[] shape) {
        return weight.reshape('c', (long) UNetArchitecture.KERNEL * UNetArchitecture.KERNEL * shape[0], shape[1]);
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public void labels(int[] labels) {
        if (labels.length != rows) {
            throw new IllegalArgumentException("expected " + rows + " labels, got " + labels.length);
        }
        for (int i = 0; i < rows; i++) {
            int y = labels[i];
            if (y != NULL_LABEL && (y < 0 || y >= a.classes())) {
                throw new IllegalArgumentException("label " + y + " of row " + i + " is outside [0, " + a.classes()
                        + ") and not the null label " + NULL_LABEL);
            }
            labelIndex[i] = y == NULL_LABEL ? a.classes() : y;
        }
    }

    @Override
    public INDArray forward(INDArray t, INDArray x) {
        if (t.length() != rows) {
            throw new IllegalArgumentException("expected " + rows + " times, got " + t.length());
        }
        double[] times = new double[rows];
        for (int i = 0; i < rows; i++) {
            times[i] = t.getDouble(i);
        }
        return run(times, x);
    }

    @Override
    public void evaluate(double t, INDArray x, INDArray out) {
        double[] times = new double[rows];
        Arrays.fill(times, t);
        out.assign(run(times, x));
    }

    private INDArray run(double[] times, INDArray x) {
        if (x.rank() != 2 || x.rows() != rows || x.columns() != a.dimension()) {
            throw new IllegalArgumentException("expected x of shape [" + rows + ", " + a.dimension() + "], got "
                    + Arrays.toString(x.shape()));
        }
        // joint embedding e = silu(W_t phi(t) + b_t + E[y])
        features = Nd4j.create(TimeEmbedding.features(times, a.timeFeatures()), new long[] {rows, a.timeFeatures()},
                DataType.DOUBLE).castTo(type);
        oneHot = Nd4j.zeros(type, rows, a.classes() + 1);
        for (int i = 0; i < rows; i++) {
            oneHot.putScalar(i, labelIndex[i], 1.0);
        }
        embPre = features.mmul(p.timeWeights).addiRowVector(p.timeBias);
        embPre.addi(oneHot.mmul(p.labelTable));
        embSig = Transforms.sigmoid(embPre, true);
        emb = embPre.mul(embSig);

        inputs[0].reshape(rows, a.dimension()).assign(x);
        for (int k = 0; k < up; k++) {
            block(k);
        }
        upsampleAndJoin();
        block(up);
        block(up + 1);
        convs[up + 2].forward(Cells.of(inputs[up + 2]), weights[up + 2], MatrixProduct.operand(pre[up + 2]));
        shuffle();
        forwardDone = true;
        return output;
    }

    /** a = f(conv_k(in) + b_k + P_k e), keeping the pre-activation and its sigmoid. */
    private void block(int k) {
        convs[k].forward(Cells.of(inputs[k]), weights[k], MatrixProduct.operand(pre[k]));
        int channels = (int) pre[k].columns();
        int pixels = (int) (pre[k].rows() / rows);
        double[] bias = p.biases[k].toDoubleVector();
        double[] shift = emb.mmul(p.projections[k]).reshape((long) rows * channels).toDoubleVector();
        Cells z = Cells.of(pre[k]);
        Cells s = Cells.of(sig[k]);
        Cells out = Cells.of(act[k]);
        for (int b = 0; b < rows; b++) {
            for (int q = 0; q < pixels; q++) {
                int cell = (b * pixels + q) * channels;
                for (int c = 0; c < channels; c++) {
                    double v = z.get(cell + c) + bias[c] + shift[b * channels + c];
                    double sg = 1 / (1 + Math.exp(-v));
                    z.set(cell + c, v);
                    s.set(cell + c, sg);
                    out.set(cell + c, v * sg);
                }
            }
        }
    }

    /** in_up = [up(a_mid), a1] along channels: nearest 2x upsampling of the quarter map, then the skip. */
    private void upsampleAndJoin() {
        int c1 = a.channels1();
        int c2 = a.channels2();
        int w2 = a.width() / 2;
        int w4 = a.width() / 4;
        Cells joined = Cells.of(inputs[up]);
        Cells a3 = Cells.of(act[up - 1]);
        Cells a1 = Cells.of(act[0]);
        for (int b = 0; b < rows; b++) {
            for (int q = 0; q < half; q++) {
                int src = b * quarter + (q / w2 / 2) * w4 + (q % w2) / 2;
                int to = (b * half + q) * (c2 + c1);
                for (int c = 0; c < c2; c++) {
                    joined.set(to + c, a3.get(src * c2 + c));
                }
                for (int c = 0; c < c1; c++) {
                    joined.set(to + c2 + c, a1.get((b * half + q) * c1 + c));
                }
            }
        }
    }

    /** v[b, (2y + i) w + 2x + j] = conv_out[b, y, x, 2i + j] + bias[2i + j]. */
    private void shuffle() {
        int w = a.width();
        int w2 = w / 2;
        double[] bias = p.biases[up + 2].toDoubleVector();
        Cells o = Cells.of(pre[up + 2]);
        Cells v = Cells.of(output);
        for (int b = 0; b < rows; b++) {
            for (int q = 0; q < half; q++) {
                int y = q / w2;
                int x = q % w2;
                int from = (b * half + q) * 4;
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 2; j++) {
                        v.set(b * a.dimension() + (2 * y + i) * w + 2 * x + j, o.get(from + 2 * i + j) + bias[2 * i + j]);
                    }
                }
            }
        }
    }

    @Override
    public void backward(INDArray gradOutput, INDArray gradParameters) {
        if (!forwardDone) {
            throw new IllegalStateException("backward needs a forward first");
        }
        if (gradOutput.rows() != rows || gradOutput.columns() != a.dimension()) {
            throw new IllegalArgumentException("expected gradOutput of shape [" + rows + ", " + a.dimension()
                    + "], got " + Arrays.toString(gradOutput.shape()));
        }
        UNetVelocityModel.Blocks g = new UNetVelocityModel.Blocks(a, gradParameters);
        int[][] shape = a.convolutions();
        INDArray gEmb = Nd4j.zeros(type, rows, a.embedding());
        gradOut.assign(gradOutput);
        unshuffle(g);
        int last = up + 2;
        convs[last].backward(MatrixProduct.operand(gradPre[last]), weights[last],
                MatrixProduct.operand(weight2d(g.weights[last], shape[last])), Cells.of(gradAct[last - 1]));
        blockBackward(up + 1, g, gEmb, Cells.of(gradAct[up]));
        blockBackward(up, g, gEmb, Cells.of(gradUpInput));
        splitJoin();
        for (int k = up - 1; k >= 2; k--) {
            blockBackward(k, g, gEmb, Cells.of(gradAct[k - 1]));
        }
        blockBackward(1, g, gEmb, Cells.of(gradSkip));
        gradAct[0].addi(gradSkip);
        blockBackward(0, g, gEmb, null);

        // e = silu(embPre); embPre = phi W_t + b_t + onehot E
        INDArray gPre = gEmb.muli(siluDerivative(embPre, embSig));
        g.timeWeights.assign(features.transpose().mmul(gPre));
        g.timeBias.assign(gPre.sum(true, 0));
        g.labelTable.assign(oneHot.transpose().mmul(gPre));
    }

    /** The adjoint of {@link #shuffle()}: dL/dconv_out and the output bias gradient. */
    private void unshuffle(UNetVelocityModel.Blocks g) {
        int w = a.width();
        int w2 = w / 2;
        double[] gBias = new double[4];
        Cells gv = Cells.of(gradOut);
        Cells go = Cells.of(gradPre[up + 2]);
        for (int b = 0; b < rows; b++) {
            for (int q = 0; q < half; q++) {
                int y = q / w2;
                int x = q % w2;
                int to = (b * half + q) * 4;
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 2; j++) {
                        double d = gv.get(b * a.dimension() + (2 * y + i) * w + 2 * x + j);
                        go.set(to + 2 * i + j, d);
                        gBias[2 * i + j] += d;
                    }
                }
            }
        }
        g.biases[up + 2].assign(Nd4j.createFromArray(gBias).castTo(type).reshape(g.biases[up + 2].shape()));
    }

    /** The adjoint of {@link #upsampleAndJoin()}: sums each 2x2 block into dL/da3, copies the skip part to dL/da1. */
    private void splitJoin() {
        int c1 = a.channels1();
        int c2 = a.channels2();
        int w2 = a.width() / 2;
        int w4 = a.width() / 4;
        Cells gUp = Cells.of(gradUpInput);
        Cells g3 = Cells.of(gradAct[up - 1]);
        Cells g1 = Cells.of(gradAct[0]);
        g3.clear(rows * quarter * c2);
        for (int b = 0; b < rows; b++) {
            for (int q = 0; q < half; q++) {
                int dst = b * quarter + (q / w2 / 2) * w4 + (q % w2) / 2;
                int from = (b * half + q) * (c2 + c1);
                for (int c = 0; c < c2; c++) {
                    g3.add(dst * c2 + c, gUp.get(from + c));
                }
                for (int c = 0; c < c1; c++) {
                    g1.set((b * half + q) * c1 + c, gUp.get(from + c2 + c));
                }
            }
        }
    }

    /**
     * Back through a = f(conv_k(in) + b_k + P_k e) given dL/da in {@code gradAct[k]}: writes the
     * convolution, bias and projection gradients, adds to dL/de, writes dL/din into {@code gradIn}
     * (unless null).
     */
    private void blockBackward(int k, UNetVelocityModel.Blocks g, INDArray gEmb, Cells gradIn) {
        int channels = (int) pre[k].columns();
        int pixels = (int) (pre[k].rows() / rows);
        Cells z = Cells.of(pre[k]);
        Cells s = Cells.of(sig[k]);
        Cells ga = Cells.of(gradAct[k]);
        Cells gz = Cells.of(gradPre[k]);
        double[] gShift = new double[rows * channels];
        double[] gBias = new double[channels];
        for (int b = 0; b < rows; b++) {
            for (int q = 0; q < pixels; q++) {
                int cell = (b * pixels + q) * channels;
                for (int c = 0; c < channels; c++) {
                    double sg = s.get(cell + c);
                    double d = ga.get(cell + c) * sg * (1 + z.get(cell + c) * (1 - sg));
                    gz.set(cell + c, d);
                    gShift[b * channels + c] += d;
                }
            }
            for (int c = 0; c < channels; c++) {
                gBias[c] += gShift[b * channels + c];
            }
        }
        g.biases[k].assign(Nd4j.createFromArray(gBias).castTo(type).reshape(g.biases[k].shape()));
        INDArray shift = Nd4j.create(gShift, new long[] {rows, channels}, DataType.DOUBLE).castTo(type);
        g.projections[k].assign(emb.transpose().mmul(shift));
        gEmb.addi(shift.mmul(p.projections[k].transpose()));
        int[] shape = a.convolutions()[k];
        convs[k].backward(MatrixProduct.operand(gradPre[k]), weights[k],
                MatrixProduct.operand(weight2d(g.weights[k], shape)), gradIn);
    }

    /** d silu(z)/dz = s (1 + z (1 - s)) with s = sigmoid(z). */
    private static INDArray siluDerivative(INDArray z, INDArray s) {
        return s.rsub(1.0).muli(z).addi(1.0).muli(s);
    }
}
