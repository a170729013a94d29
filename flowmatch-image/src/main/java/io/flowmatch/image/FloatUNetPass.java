package io.flowmatch.image;

import io.flowmatch.core.internal.MatrixProduct;
import io.flowmatch.core.internal.NativeBuffers;
import io.flowmatch.core.model.ConditionalPass;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The float32 forward and backward of a {@link UNetVelocityModel}, the training and sampling hot
 * path; {@link UNetPass} is the reference it is tested against (and the double-precision pass).
 *
 * <p>Same network and layout as {@link UNetPass}, computed differently:
 * <ul>
 *   <li>feature maps, pre-activations and sigmoids live in heap {@code float[]} arrays, so the
 *       elementwise work (bias, embedding shift, SiLU and its derivative, upsampling, skip,
 *       pixel shuffle) is plain float loops the JIT compiles well; only the operands of the BLAS
 *       products are native, filled and read with bulk copies;</li>
 *   <li>im2col writes each run of input channels straight into the native patch matrix;</li>
 *   <li>the input gradient of a stride-1 convolution is itself a convolution: the patches of
 *       dL/dout times the kernel flipped in space and transposed in channels
 *       ({@code [9 out, in]}), which for narrow outputs (the 4-channel exit, the 96-to-32 join)
 *       is a much smaller product than dL/dout times the weight followed by col2im. Stride-2
 *       convolutions keep col2im.</li>
 * </ul>
 * Every array is allocated once, when the pass is made (the flipped kernels and the input-gradient
 * patches on the first backward). Not thread-safe.
 */
final class FloatUNetPass implements ConditionalPass {

    private static final int K = UNetArchitecture.KERNEL;
    private static final int TAPS = K * K;

    private final UNetArchitecture a;
    private final UNetVelocityModel.Blocks p;
    private final int rows;
    private final int[] labelIndex;
    private final int half;
    private final int quarter;
    private final int convCount;
    /** Index of the up convolution (after the skip join); refine is up + 1, out is up + 2. */
    private final int up;
    private final FloatConvolution[] convs;
    private final float[][] pre;
    private final float[][] sig;
    private final float[][] act;
    private final float[][] gradAct;
    private final float[] image;
    private final float[] joined;
    private final float[] gradJoined;
    private final float[] gradSkip;
    private final float[] raw;
    private final float[] shuffled;
    private final INDArray output;
    private final FloatBuffer outputBuffer;

    // kept from forward for backward
    private INDArray features;
    private INDArray oneHot;
    private INDArray embPre;
    private INDArray embSig;
    private INDArray emb;
    private boolean forwardDone;
    private INDArray lastGradient;
    private Gradients gradients;

    FloatUNetPass(UNetArchitecture architecture, UNetVelocityModel.Blocks parameters, int rows) {
        if (parameters.timeBias.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("the float pass needs FLOAT parameters");
        }
        this.a = architecture;
        this.p = parameters;
        this.rows = rows;
        this.labelIndex = new int[rows];
        Arrays.fill(labelIndex, architecture.classes());
        int h = a.height();
        int w = a.width();
        this.half = (h / 2) * (w / 2);
        this.quarter = (h / 4) * (w / 4);
        int[][] shape = a.convolutions();
        int[] strides = a.strides();
        this.convCount = shape.length;
        this.up = convCount - 3;
        convs = new FloatConvolution[convCount];
        pre = new float[convCount - 1][];
        sig = new float[convCount - 1][];
        act = new float[convCount - 1][];
        gradAct = new float[convCount - 1][];
        for (int k = 0; k < convCount; k++) {
            int side = k == 0 ? h : k == 1 || k >= up ? h / 2 : h / 4;
            int across = k == 0 ? w : k == 1 || k >= up ? w / 2 : w / 4;
            convs[k] = new FloatConvolution(rows, side, across, shape[k][0], shape[k][1], strides[k],
                    parameters.weights[k]);
            if (k < convCount - 1) {
                int n = rows * convs[k].outPixels * shape[k][1];
                pre[k] = new float[n];
                sig[k] = new float[n];
                act[k] = new float[n];
                gradAct[k] = new float[n];
            }
        }
        int c1 = a.channels1();
        int c2 = a.channels2();
        this.image = new float[rows * h * w];
        this.joined = new float[rows * half * (c2 + c1)];
        this.gradJoined = new float[joined.length];
        this.gradSkip = new float[rows * half * c1];
        this.raw = new float[rows * half * 4];
        this.shuffled = new float[rows * h * w];
        this.output = Nd4j.create(DataType.FLOAT, rows, a.dimension());
        this.outputBuffer = NativeBuffers.floats(output);
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
        embed(times);
        readImages(x);
        block(0, image);
        for (int k = 1; k < up; k++) {
            block(k, act[k - 1]);
        }
        upsampleAndJoin();
        block(up, joined);
        block(up + 1, act[up]);
        FloatConvolution last = convs[up + 2];
        last.forward(act[up + 1]);
        last.outBuffer.get(0, raw, 0, raw.length);
        shuffle();
        outputBuffer.put(0, shuffled, 0, shuffled.length);
        forwardDone = true;
        return output;
    }

    /** e = silu(W_t phi(t) + b_t + E[y]), kept with its pre-activation for backward. */
    private void embed(double[] times) {
        features = Nd4j.create(TimeEmbedding.features(times, a.timeFeatures()), new long[] {rows, a.timeFeatures()},
                DataType.DOUBLE).castTo(DataType.FLOAT);
        oneHot = Nd4j.zeros(DataType.FLOAT, rows, a.classes() + 1);
        for (int i = 0; i < rows; i++) {
            oneHot.putScalar(i, labelIndex[i], 1.0);
        }
        embPre = features.mmul(p.timeWeights).addiRowVector(p.timeBias);
        embPre.addi(oneHot.mmul(p.labelTable));
        embSig = Transforms.sigmoid(embPre, true);
        emb = embPre.mul(embSig);
    }

    private void readImages(INDArray x) {
        if (x.dataType() == DataType.FLOAT && !x.isView() && x.offset() == 0 && x.ordering() == 'c') {
            NativeBuffers.floats(x).get(0, image, 0, image.length);
        } else {
            float[] values = x.dup('c').castTo(DataType.FLOAT).data().asFloat();
            System.arraycopy(values, 0, image, 0, image.length);
        }
    }

    /** act_k = silu(conv_k(in) + b_k + P_k e), keeping the pre-activation and the sigmoid. */
    private void block(int k, float[] in) {
        FloatConvolution conv = convs[k];
        conv.forward(in);
        float[] z = pre[k];
        conv.outBuffer.get(0, z, 0, z.length);
        int channels = conv.outChannels;
        int pixels = conv.outPixels;
        float[] bias = p.biases[k].toFloatVector();
        float[] shift = emb.mmul(p.projections[k]).reshape((long) rows * channels).toFloatVector();
        float[] s = sig[k];
        float[] out = act[k];
        float[] add = new float[channels];
        for (int b = 0; b < rows; b++) {
            for (int c = 0; c < channels; c++) {
                add[c] = bias[c] + shift[b * channels + c];
            }
            for (int q = 0, cell = b * pixels * channels; q < pixels; q++, cell += channels) {
                for (int c = 0; c < channels; c++) {
                    float v = z[cell + c] + add[c];
                    float sg = (float) (1 / (1 + Math.exp(-v)));
                    z[cell + c] = v;
                    s[cell + c] = sg;
                    out[cell + c] = v * sg;
                }
            }
        }
    }

    /** joined = [up(a_mid), a1] along channels: nearest 2x upsampling of the quarter map, then the skip. */
    private void upsampleAndJoin() {
        int c1 = a.channels1();
        int c2 = a.channels2();
        int w2 = a.width() / 2;
        int w4 = a.width() / 4;
        float[] a3 = act[up - 1];
        float[] a1 = act[0];
        for (int b = 0; b < rows; b++) {
            for (int q = 0; q < half; q++) {
                int src = b * quarter + (q / w2 / 2) * w4 + (q % w2) / 2;
                int to = (b * half + q) * (c2 + c1);
                System.arraycopy(a3, src * c2, joined, to, c2);
                System.arraycopy(a1, (b * half + q) * c1, joined, to + c2, c1);
            }
        }
    }

    /** v[b, (2y + i) w + 2x + j] = conv_out[b, y, x, 2i + j] + bias[2i + j]. */
    private void shuffle() {
        int w = a.width();
        int w2 = w / 2;
        int d = a.dimension();
        float[] bias = p.biases[up + 2].toFloatVector();
        for (int b = 0; b < rows; b++) {
            for (int q = 0; q < half; q++) {
                int y = q / w2;
                int x = q % w2;
                int from = (b * half + q) * 4;
                int to = b * d + 2 * y * w + 2 * x;
                shuffled[to] = raw[from] + bias[0];
                shuffled[to + 1] = raw[from + 1] + bias[1];
                shuffled[to + w] = raw[from + 2] + bias[2];
                shuffled[to + w + 1] = raw[from + 3] + bias[3];
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
        if (gradParameters != lastGradient) {
            gradients = new Gradients(new UNetVelocityModel.Blocks(a, gradParameters), a.convolutions());
            lastGradient = gradParameters;
        }
        Gradients g = gradients;
        INDArray gEmb = Nd4j.zeros(DataType.FLOAT, rows, a.embedding());
        readGradient(gradOutput);
        unshuffle(g);
        int last = up + 2;
        convs[last].gradPreBuffer.put(0, raw, 0, raw.length);
        convs[last].backward(g.weights[last], gradAct[last - 1]);
        blockBackward(up + 1, g, gEmb, gradAct[up]);
        blockBackward(up, g, gEmb, gradJoined);
        splitJoin();
        for (int k = up - 1; k >= 2; k--) {
            blockBackward(k, g, gEmb, gradAct[k - 1]);
        }
        blockBackward(1, g, gEmb, gradSkip);
        float[] g0 = gradAct[0];
        for (int i = 0; i < g0.length; i++) {
            g0[i] += gradSkip[i];
        }
        blockBackward(0, g, gEmb, null);

        // e = silu(embPre); embPre = phi W_t + b_t + onehot E
        INDArray gPre = gEmb.muli(embSig.rsub(1.0).muli(embPre).addi(1.0).muli(embSig));
        g.blocks.timeWeights.assign(features.transpose().mmul(gPre));
        g.blocks.timeBias.assign(gPre.sum(true, 0));
        g.blocks.labelTable.assign(oneHot.transpose().mmul(gPre));
    }

    private void readGradient(INDArray gradOutput) {
        if (gradOutput.dataType() == DataType.FLOAT && !gradOutput.isView() && gradOutput.offset() == 0
                && gradOutput.ordering() == 'c') {
            NativeBuffers.floats(gradOutput).get(0, shuffled, 0, shuffled.length);
        } else {
            float[] values = gradOutput.dup('c').castTo(DataType.FLOAT).data().asFloat();
            System.arraycopy(values, 0, shuffled, 0, shuffled.length);
        }
    }

    /** The adjoint of {@link #shuffle()}: dL/dconv_out into {@code raw}, and the output bias gradient. */
    private void unshuffle(Gradients g) {
        int w = a.width();
        int w2 = w / 2;
        int d = a.dimension();
        double g0 = 0;
        double g1 = 0;
        double g2 = 0;
        double g3 = 0;
        for (int b = 0; b < rows; b++) {
            for (int q = 0; q < half; q++) {
                int y = q / w2;
                int x = q % w2;
                int to = (b * half + q) * 4;
                int from = b * d + 2 * y * w + 2 * x;
                float v0 = shuffled[from];
                float v1 = shuffled[from + 1];
                float v2 = shuffled[from + w];
                float v3 = shuffled[from + w + 1];
                raw[to] = v0;
                raw[to + 1] = v1;
                raw[to + 2] = v2;
                raw[to + 3] = v3;
                g0 += v0;
                g1 += v1;
                g2 += v2;
                g3 += v3;
            }
        }
        g.blocks.biases[up + 2].assign(Nd4j.createFromArray((float) g0, (float) g1, (float) g2, (float) g3));
    }

    /** The adjoint of {@link #upsampleAndJoin()}: sums each 2x2 block into dL/da3, copies the skip part to dL/da1. */
    private void splitJoin() {
        int c1 = a.channels1();
        int c2 = a.channels2();
        int w2 = a.width() / 2;
        int w4 = a.width() / 4;
        float[] g3 = gradAct[up - 1];
        float[] g1 = gradAct[0];
        Arrays.fill(g3, 0f);
        for (int b = 0; b < rows; b++) {
            for (int q = 0; q < half; q++) {
                int dst = (b * quarter + (q / w2 / 2) * w4 + (q % w2) / 2) * c2;
                int from = (b * half + q) * (c2 + c1);
                for (int c = 0; c < c2; c++) {
                    g3[dst + c] += gradJoined[from + c];
                }
                System.arraycopy(gradJoined, from + c2, g1, (b * half + q) * c1, c1);
            }
        }
    }

    /**
     * Back through act_k = silu(conv_k(in) + b_k + P_k e) given dL/dact in {@code gradAct[k]}:
     * writes the convolution, bias and projection gradients, adds to dL/de, writes dL/din into
     * {@code gradIn} (unless null).
     */
    private void blockBackward(int k, Gradients g, INDArray gEmb, float[] gradIn) {
        FloatConvolution conv = convs[k];
        int channels = conv.outChannels;
        int pixels = conv.outPixels;
        float[] z = pre[k];
        float[] s = sig[k];
        float[] ga = gradAct[k];
        float[] shiftValues = new float[rows * channels];
        float[] gBias = new float[channels];
        for (int b = 0; b < rows; b++) {
            int row = b * channels;
            for (int q = 0, cell = b * pixels * channels; q < pixels; q++, cell += channels) {
                for (int c = 0; c < channels; c++) {
                    float sg = s[cell + c];
                    float d = ga[cell + c] * sg * (1 + z[cell + c] * (1 - sg));
                    ga[cell + c] = d;
                    shiftValues[row + c] += d;
                }
            }
            for (int c = 0; c < channels; c++) {
                gBias[c] += shiftValues[row + c];
            }
        }
        g.blocks.biases[k].assign(Nd4j.createFromArray(gBias));
        INDArray shift = Nd4j.create(shiftValues, new long[] {rows, channels}, 'c');
        g.blocks.projections[k].assign(emb.transpose().mmul(shift));
        gEmb.addi(shift.mmul(p.projections[k].transpose()));
        conv.gradPreBuffer.put(0, ga, 0, ga.length);
        conv.backward(g.weights[k], gradIn);
    }

    /** The gradient blocks of one flat gradient vector, with BLAS operands and bias buffers. */
    private static final class Gradients {
        final UNetVelocityModel.Blocks blocks;
        final MatrixProduct.Operand[] weights;

        Gradients(UNetVelocityModel.Blocks blocks, int[][] shape) {
            this.blocks = blocks;
            this.weights = new MatrixProduct.Operand[shape.length];
            for (int k = 0; k < shape.length; k++) {
                weights[k] = MatrixProduct.operand(blocks.weights[k].reshape('c', (long) TAPS * shape[k][0],
                        shape[k][1]));
            }
        }
    }
}
