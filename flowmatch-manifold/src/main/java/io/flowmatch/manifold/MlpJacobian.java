package io.flowmatch.manifold;

import io.flowmatch.core.internal.MatrixProduct;
import io.flowmatch.core.internal.MatrixProduct.Operand;
import io.flowmatch.core.internal.NativeBuffers;
import io.flowmatch.core.model.Activation;
import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.model.MlpVelocityModel;
import java.nio.DoubleBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Forward-mode derivatives of an {@link MlpVelocityModel} in double precision, for n points at
 * once with m directions each: the output o(t, f_i) and the Jacobian-vector products
 * Do(t, f_i) u_iq, q &lt; m, with D the derivative in the features f (not in t).
 *
 * <p>The values and the tangents go through the layers as the rows of one matrix, so each layer
 * is one BLAS product: rows 0..n-1 carry [h, 1] (the last column applies the bias), rows
 * n + i m + q carry [h'_iq, 0]. After a hidden layer, h = f(z) and h' = f'(z) * z'. The
 * parameters follow MlpVelocityModel's layout (per layer an [n_in + 1, n_out] block: weights,
 * then the bias row; layer 0's inputs are the features and then t). Internal.
 */
final class MlpJacobian {

    private final MlpArchitecture arch;
    private final int n;
    private final int m;
    private final int rows;
    private final int e;
    private final int layers;
    private final INDArray[] inputs;
    private final DoubleBuffer[] inputBuffers;
    private final INDArray[] pre;
    private final DoubleBuffer[] preBuffers;
    private final Operand[] inputOps;
    private final Operand[] preOps;
    private final Operand[] blockOps;

    /**
     * @param model the network (its parameters are copied to double precision)
     * @param n     points per call
     * @param m     directions per point
     */
    MlpJacobian(MlpVelocityModel model, int n, int m) {
        this.arch = model.architecture();
        this.n = n;
        this.m = m;
        this.rows = Math.multiplyExact(n, m + 1);
        this.e = arch.dimension();
        this.layers = arch.layerCount();
        double[] params = model.parameters().castTo(DataType.DOUBLE).toDoubleVector();
        inputs = new INDArray[layers];
        inputBuffers = new DoubleBuffer[layers];
        pre = new INDArray[layers];
        preBuffers = new DoubleBuffer[layers];
        inputOps = new Operand[layers];
        preOps = new Operand[layers];
        blockOps = new Operand[layers];
        int offset = 0;
        for (int l = 0; l < layers; l++) {
            int in = arch.inputsOf(l);
            int out = arch.outputsOf(l);
            inputs[l] = Nd4j.create(DataType.DOUBLE, rows, in + 1);
            inputBuffers[l] = (DoubleBuffer) NativeBuffers.of(inputs[l]);
            for (int r = 0; r < n; r++) {
                inputBuffers[l].put(r * (in + 1) + in, 1.0); // value rows apply the bias; tangent rows do not
            }
            pre[l] = Nd4j.create(DataType.DOUBLE, rows, out);
            preBuffers[l] = (DoubleBuffer) NativeBuffers.of(pre[l]);
            double[] block = java.util.Arrays.copyOfRange(params, offset, offset + (in + 1) * out);
            offset += (in + 1) * out;
            blockOps[l] = MatrixProduct.operand(Nd4j.create(block, new long[] {in + 1, out}, DataType.DOUBLE));
            inputOps[l] = MatrixProduct.operand(inputs[l]);
            preOps[l] = MatrixProduct.operand(pre[l]);
        }
    }

    /**
     * Evaluates the network and its directional derivatives.
     *
     * @param t    the time of every point
     * @param f    features, {@code [n, E]} row-major
     * @param dirs directions, {@code [n, m, E]}: direction q of point i at {@code (i m + q) E}
     * @param o    receives the outputs, {@code [n, E]}
     * @param jvp  receives the derivatives, {@code [n, m, E]}, laid out as dirs
     */
    void evaluate(double t, double[] f, double[] dirs, double[] o, double[] jvp) {
        DoubleBuffer s0 = inputBuffers[0];
        int w0 = e + 2; // features, t, ones
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < e; j++) {
                s0.put(i * w0 + j, f[i * e + j]);
            }
            s0.put(i * w0 + e, t);
            for (int q = 0; q < m; q++) {
                int r = n + i * m + q;
                for (int j = 0; j < e; j++) {
                    s0.put(r * w0 + j, dirs[(i * m + q) * e + j]);
                }
                // columns e (t) and e + 1 (bias) stay 0 for tangent rows
            }
        }
        Activation act = arch.activation();
        for (int l = 0; l < layers; l++) {
            MatrixProduct.multiply(inputOps[l], false, blockOps[l], false, preOps[l]);
            int out = arch.outputsOf(l);
            DoubleBuffer z = preBuffers[l];
            if (l == layers - 1) {
                for (int q = 0; q < n * e; q++) {
                    o[q] = z.get(q);
                }
                for (int q = 0; q < n * m * e; q++) {
                    jvp[q] = z.get(n * e + q);
                }
                return;
            }
            DoubleBuffer next = inputBuffers[l + 1];
            int w = out + 1;
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < out; c++) {
                    double zv = z.get(i * out + c);
                    double a = act.apply(zv);
                    double der = act.derivative(zv, a);
                    next.put(i * w + c, a);
                    for (int q = 0; q < m; q++) {
                        int r = n + i * m + q;
                        next.put(r * w + c, der * z.get(r * out + c));
                    }
                }
            }
        }
    }
}
