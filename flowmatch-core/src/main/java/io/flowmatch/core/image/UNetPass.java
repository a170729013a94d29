package io.flowmatch.core.image;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Upsampling2d;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Forward and backward of a {@link UNetVelocityModel} on batches of a fixed number of rows. Keeps
 * every pre-activation and sigmoid the backward pass needs. Not thread-safe.
 */
final class UNetPass implements ConditionalPass {

    private static final int CONVS = 6;

    private final UNetArchitecture a;
    private final UNetVelocityModel.Blocks p;
    private final int rows;
    private final DataType type;
    private final int[] labelIndex;
    private final INDArray output;

    // kept from forward for backward
    private INDArray features;
    private INDArray oneHot;
    private INDArray embPre;
    private INDArray embSig;
    private INDArray emb;
    private final INDArray[] inputs = new INDArray[CONVS];
    private final INDArray[] pre = new INDArray[CONVS - 1];
    private final INDArray[] sig = new INDArray[CONVS - 1];

    UNetPass(UNetArchitecture architecture, UNetVelocityModel.Blocks parameters, int rows) {
        this.a = architecture;
        this.p = parameters;
        this.rows = rows;
        this.type = parameters.timeBias.dataType();
        this.labelIndex = new int[rows];
        Arrays.fill(labelIndex, architecture.classes());
        this.output = Nd4j.create(type, rows, architecture.dimension());
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
        int h = a.height();
        int w = a.width();
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

        inputs[0] = x.castTo(type).reshape('c', rows, 1, h, w).dup('c');
        INDArray a1 = block(0, inputs[0], 2);
        inputs[1] = a1;
        INDArray a2 = block(1, a1, 2);
        inputs[2] = a2;
        INDArray a3 = block(2, a2, 1);
        inputs[3] = Nd4j.concat(1, upsample(a3), a1);
        INDArray a4 = block(3, inputs[3], 1);
        inputs[4] = a4;
        INDArray a5 = block(4, a4, 1);
        inputs[5] = a5;
        INDArray o = conv(5, a5, 1);
        // pixel shuffle: out[b, 2y + i, 2x + j] = o[b, 2i + j, y, x]
        INDArray v = o.reshape('c', rows, 2, 2, h / 2, w / 2).permute(0, 3, 1, 4, 2).dup('c');
        output.assign(v.reshape('c', rows, a.dimension()));
        return output;
    }

    /** f(conv_k(in) + P_k e), keeping the pre-activation and its sigmoid. */
    private INDArray block(int k, INDArray in, int stride) {
        INDArray z = conv(k, in, stride);
        INDArray shift = emb.mmul(p.projections[k]);
        Nd4j.getExecutioner().exec(new BroadcastAddOp(z, shift, z, 0, 1));
        pre[k] = z;
        sig[k] = Transforms.sigmoid(z, true);
        return z.mul(sig[k]);
    }

    private INDArray conv(int k, INDArray in, int stride) {
        long outC = p.weights[k].size(3);
        INDArray out = Nd4j.create(type, rows, outC, in.size(2) / stride, in.size(3) / stride);
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(in, p.weights[k], p.biases[k].reshape(outC))
                .addOutputs(out).addIntegerArguments(convArgs(stride)).build());
        return out;
    }

    /** kH, kW, sH, sW, pH, pW, dH, dW, same padding, NCHW, weights [kH, kW, iC, oC]. */
    private static int[] convArgs(int stride) {
        int k = UNetArchitecture.KERNEL;
        return new int[] {k, k, stride, stride, 0, 0, 1, 1, 1, 0, 0};
    }

    private static INDArray upsample(INDArray in) {
        return Nd4j.exec(new Upsampling2d(in, 2, 2, true))[0];
    }

    /** The adjoint of nearest 2x upsampling: sums each 2x2 block. */
    private static INDArray downsum(INDArray g) {
        INDArray c = g.dup('c');
        long b = c.size(0);
        long ch = c.size(1);
        long hh = c.size(2) / 2;
        long ww = c.size(3) / 2;
        return c.reshape('c', b, ch, hh, 2, ww, 2).sum(3, 5);
    }

    @Override
    public void backward(INDArray gradOutput, INDArray gradParameters) {
        if (inputs[CONVS - 1] == null) {
            throw new IllegalStateException("backward needs a forward first");
        }
        if (gradOutput.rows() != rows || gradOutput.columns() != a.dimension()) {
            throw new IllegalArgumentException("expected gradOutput of shape [" + rows + ", " + a.dimension()
                    + "], got " + Arrays.toString(gradOutput.shape()));
        }
        UNetVelocityModel.Blocks g = new UNetVelocityModel.Blocks(a, gradParameters);
        INDArray gEmb = Nd4j.zeros(type, rows, a.embedding());
        int c1 = a.channels1();
        int c2 = a.channels2();

        INDArray gv = gradOutput.castTo(type).dup('c').reshape('c', rows, a.height() / 2, 2, a.width() / 2, 2)
                .permute(0, 2, 4, 1, 3).dup('c').reshape('c', rows, 4, a.height() / 2, a.width() / 2);
        INDArray gA5 = convBackward(5, gv, 1, g);
        INDArray gA4 = blockBackward(4, gA5, 1, g, gEmb);
        INDArray gIn3 = blockBackward(3, gA4, 1, g, gEmb);
        INDArray gA3 = downsum(gIn3.get(NDArrayIndex.all(), NDArrayIndex.interval(0, c2)));
        INDArray gA1 = gIn3.get(NDArrayIndex.all(), NDArrayIndex.interval(c2, c2 + c1)).dup('c');
        INDArray gA2 = blockBackward(2, gA3, 1, g, gEmb);
        gA1.addi(blockBackward(1, gA2, 2, g, gEmb));
        blockBackward(0, gA1, 2, g, gEmb);

        // e = silu(embPre); embPre = phi W_t + b_t + onehot E
        INDArray gPre = gEmb.muli(siluDerivative(embPre, embSig));
        g.timeWeights.assign(features.transpose().mmul(gPre));
        g.timeBias.assign(gPre.sum(true, 0));
        g.labelTable.assign(oneHot.transpose().mmul(gPre));
    }

    /** Back through f(conv_k(in) + P_k e): writes conv and projection gradients, adds to dL/de, returns dL/din. */
    private INDArray blockBackward(int k, INDArray gOut, int stride, UNetVelocityModel.Blocks g, INDArray gEmb) {
        INDArray gz = gOut.mul(siluDerivative(pre[k], sig[k]));
        INDArray gShift = gz.sum(2, 3);
        g.projections[k].assign(emb.transpose().mmul(gShift));
        gEmb.addi(gShift.mmul(p.projections[k].transpose()));
        return convBackward(k, gz, stride, g);
    }

    private INDArray convBackward(int k, INDArray gz, int stride, UNetVelocityModel.Blocks g) {
        INDArray in = inputs[k];
        long outC = p.weights[k].size(3);
        INDArray gIn = Nd4j.create(type, in.shape());
        INDArray gW = Nd4j.create(type, p.weights[k].shape());
        INDArray gB = Nd4j.create(type, outC);
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp")
                .addInputs(in, p.weights[k], p.biases[k].reshape(outC), gz.dup('c'))
                .addOutputs(gIn, gW, gB).addIntegerArguments(convArgs(stride)).build());
        g.weights[k].assign(gW);
        g.biases[k].assign(gB.reshape(g.biases[k].shape()));
        return gIn;
    }

    /** d silu(z)/dz = s (1 + z (1 - s)) with s = sigmoid(z). */
    private static INDArray siluDerivative(INDArray z, INDArray s) {
        return s.rsub(1.0).muli(z).addi(1.0).muli(s);
    }
}
