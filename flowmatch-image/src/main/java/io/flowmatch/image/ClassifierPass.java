package io.flowmatch.image;

import io.flowmatch.core.internal.MatrixProduct;
import io.flowmatch.core.internal.NativeBuffers;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Forward and backward of the judge's classifier ({@link ClassifierArchitecture}) on a fixed
 * number of rows, float32: the three convolutions are {@link FloatConvolution}s (the U-Net's
 * im2col machinery), the dense layers BLAS products, ReLU and softmax cross-entropy plain loops.
 * Every array is allocated once. Not thread-safe.
 */
final class ClassifierPass {

    private final ClassifierArchitecture a;
    private final int rows;
    private final FloatConvolution[] convs = new FloatConvolution[3];
    private final INDArray[] biases = new INDArray[3];
    private final MatrixProduct.Operand dense1;
    private final INDArray bias1;
    private final MatrixProduct.Operand dense2;
    private final INDArray bias2;
    private final float[] image;
    private final float[][] pre = new float[3][];
    private final float[][] act = new float[3][];
    private final float[][] grad = new float[3][];
    private final INDArray flat;
    private final FloatBuffer flatBuffer;
    private final MatrixProduct.Operand flatOperand;
    private final INDArray hidden;
    private final FloatBuffer hiddenBuffer;
    private final MatrixProduct.Operand hiddenOperand;
    private final float[] hiddenPre;
    private final float[] features;
    private final INDArray logits;
    private final FloatBuffer logitsBuffer;
    private final MatrixProduct.Operand logitsOperand;
    private final float[] logitValues;
    // backward
    private final INDArray gradLogits;
    private final FloatBuffer gradLogitsBuffer;
    private final MatrixProduct.Operand gradLogitsOperand;
    private final INDArray gradHidden;
    private final FloatBuffer gradHiddenBuffer;
    private final MatrixProduct.Operand gradHiddenOperand;
    private final INDArray gradFlat;
    private final FloatBuffer gradFlatBuffer;
    private final MatrixProduct.Operand gradFlatOperand;
    private final float[] gradValues;
    private INDArray lastGradient;
    private Views gradientViews;

    ClassifierPass(ClassifierArchitecture architecture, INDArray parameters, int rows) {
        this.a = architecture;
        this.rows = rows;
        Views p = new Views(architecture, parameters);
        int[][] shape = architecture.convolutions();
        int h = a.height();
        int w = a.width();
        int[][] sides = {{h, w}, {h, w}, {h / 2, w / 2}};
        int[] strides = {1, 2, 2};
        for (int k = 0; k < 3; k++) {
            convs[k] = new FloatConvolution(rows, sides[k][0], sides[k][1], shape[k][0], shape[k][1], strides[k],
                    p.weights[k]);
            biases[k] = p.biases[k];
            int n = rows * convs[k].outPixels * shape[k][1];
            pre[k] = new float[n];
            act[k] = new float[n];
            grad[k] = new float[n];
        }
        this.dense1 = MatrixProduct.operand(p.dense1);
        this.bias1 = p.bias1;
        this.dense2 = MatrixProduct.operand(p.dense2);
        this.bias2 = p.bias2;
        this.image = new float[rows * a.dimension()];
        this.flat = Nd4j.create(DataType.FLOAT, rows, a.flat());
        this.flatBuffer = NativeBuffers.floats(flat);
        this.flatOperand = MatrixProduct.operand(flat);
        this.hidden = Nd4j.create(DataType.FLOAT, rows, a.features());
        this.hiddenBuffer = NativeBuffers.floats(hidden);
        this.hiddenOperand = MatrixProduct.operand(hidden);
        this.hiddenPre = new float[rows * a.features()];
        this.features = new float[rows * a.features()];
        this.logits = Nd4j.create(DataType.FLOAT, rows, a.classes());
        this.logitsBuffer = NativeBuffers.floats(logits);
        this.logitsOperand = MatrixProduct.operand(logits);
        this.logitValues = new float[rows * a.classes()];
        this.gradLogits = Nd4j.create(DataType.FLOAT, rows, a.classes());
        this.gradLogitsBuffer = NativeBuffers.floats(gradLogits);
        this.gradLogitsOperand = MatrixProduct.operand(gradLogits);
        this.gradHidden = Nd4j.create(DataType.FLOAT, rows, a.features());
        this.gradHiddenBuffer = NativeBuffers.floats(gradHidden);
        this.gradHiddenOperand = MatrixProduct.operand(gradHidden);
        this.gradFlat = Nd4j.create(DataType.FLOAT, rows, a.flat());
        this.gradFlatBuffer = NativeBuffers.floats(gradFlat);
        this.gradFlatOperand = MatrixProduct.operand(gradFlat);
        this.gradValues = new float[rows * Math.max(a.flat(), a.features())];
    }

    int rows() {
        return rows;
    }

    /**
     * Runs the network on {@code rows} images from {@code pixels} starting at image {@code from}
     * (row-major, {@code dimension()} values each); afterwards {@link #logits()} and
     * {@link #features()} hold the results, row after row.
     */
    void forward(float[] pixels, int from) {
        System.arraycopy(pixels, from * a.dimension(), image, 0, image.length);
        float[] in = image;
        for (int k = 0; k < 3; k++) {
            FloatConvolution conv = convs[k];
            conv.forward(in);
            float[] z = pre[k];
            conv.outBuffer.get(0, z, 0, z.length);
            float[] bias = biases[k].toFloatVector();
            int channels = conv.outChannels;
            float[] out = act[k];
            for (int cell = 0; cell < z.length; cell += channels) {
                for (int c = 0; c < channels; c++) {
                    float v = z[cell + c] + bias[c];
                    z[cell + c] = v;
                    out[cell + c] = v > 0 ? v : 0f;
                }
            }
            in = out;
        }
        flatBuffer.put(0, act[2], 0, act[2].length);
        MatrixProduct.multiply(flatOperand, false, dense1, false, hiddenOperand);
        hiddenBuffer.get(0, hiddenPre, 0, hiddenPre.length);
        float[] b1 = bias1.toFloatVector();
        int f = a.features();
        for (int i = 0; i < hiddenPre.length; i += f) {
            for (int j = 0; j < f; j++) {
                float v = hiddenPre[i + j] + b1[j];
                hiddenPre[i + j] = v;
                features[i + j] = v > 0 ? v : 0f;
            }
        }
        hiddenBuffer.put(0, features, 0, features.length);
        MatrixProduct.multiply(hiddenOperand, false, dense2, false, logitsOperand);
        logitsBuffer.get(0, logitValues, 0, logitValues.length);
        float[] b2 = bias2.toFloatVector();
        int c = a.classes();
        for (int i = 0; i < logitValues.length; i += c) {
            for (int j = 0; j < c; j++) {
                logitValues[i + j] += b2[j];
            }
        }
    }

    /** The logits of the last forward, {@code [rows, classes]} row-major (live). */
    float[] logits() {
        return logitValues;
    }

    /** The penultimate-layer features of the last forward, {@code [rows, features]} row-major (live). */
    float[] features() {
        return features;
    }

    /**
     * The summed softmax cross-entropy of the last forward's logits against {@code labels}
     * (from index {@code from}), and its gradient scaled by {@code scale} into {@code gradient}
     * (the flat parameter layout, overwritten).
     */
    double crossEntropyBackward(int[] labels, int from, double scale, INDArray gradient) {
        int c = a.classes();
        float[] g = new float[rows * c];
        double loss = 0;
        for (int i = 0; i < rows; i++) {
            int o = i * c;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, logitValues[o + j]);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                sum += Math.exp(logitValues[o + j] - max);
            }
            int y = labels[from + i];
            loss += Math.log(sum) - (logitValues[o + y] - max);
            for (int j = 0; j < c; j++) {
                double pj = Math.exp(logitValues[o + j] - max) / sum;
                g[o + j] = (float) (scale * (pj - (j == y ? 1 : 0)));
            }
        }
        backward(g, gradient);
        return loss;
    }

    /** Back from dL/dlogits to every parameter gradient (overwriting {@code gradient}). */
    private void backward(float[] gLogits, INDArray gradient) {
        if (gradient != lastGradient) {
            gradientViews = new Views(a, gradient);
            lastGradient = gradient;
        }
        Views gv = gradientViews;
        int c = a.classes();
        int f = a.features();
        gradLogitsBuffer.put(0, gLogits, 0, gLogits.length);
        MatrixProduct.multiply(hiddenOperand, true, gradLogitsOperand, false, MatrixProduct.operand(gv.dense2));
        gv.bias2.assign(Nd4j.createFromArray(columnSums(gLogits, c)));
        MatrixProduct.multiply(gradLogitsOperand, false, dense2, true, gradHiddenOperand);
        gradHiddenBuffer.get(0, gradValues, 0, rows * f);
        for (int i = 0; i < rows * f; i++) {
            if (hiddenPre[i] <= 0) {
                gradValues[i] = 0f;
            }
        }
        gradHiddenBuffer.put(0, gradValues, 0, rows * f);
        gv.bias1.assign(Nd4j.createFromArray(columnSums(Arrays.copyOf(gradValues, rows * f), f)));
        MatrixProduct.multiply(flatOperand, true, gradHiddenOperand, false, MatrixProduct.operand(gv.dense1));
        MatrixProduct.multiply(gradHiddenOperand, false, dense1, true, gradFlatOperand);
        gradFlatBuffer.get(0, grad[2], 0, grad[2].length);
        for (int k = 2; k >= 0; k--) {
            float[] gk = grad[k];
            float[] z = pre[k];
            for (int i = 0; i < gk.length; i++) {
                if (z[i] <= 0) {
                    gk[i] = 0f;
                }
            }
            FloatConvolution conv = convs[k];
            gv.biases[k].assign(Nd4j.createFromArray(columnSums(gk, conv.outChannels)));
            conv.gradPreBuffer.put(0, gk, 0, gk.length);
            conv.backward(MatrixProduct.operand(gv.weights2d[k]), k > 0 ? grad[k - 1] : null);
        }
    }

    private static float[] columnSums(float[] values, int columns) {
        float[] sums = new float[columns];
        for (int i = 0; i < values.length; i += columns) {
            for (int j = 0; j < columns; j++) {
                sums[j] += values[i + j];
            }
        }
        return sums;
    }

    /** Named views into a flat vector laid out as {@link ClassifierArchitecture} describes. */
    static final class Views {
        final INDArray[] weights = new INDArray[3];
        final INDArray[] weights2d = new INDArray[3];
        final INDArray[] biases = new INDArray[3];
        final INDArray dense1;
        final INDArray bias1;
        final INDArray dense2;
        final INDArray bias2;

        Views(ClassifierArchitecture a, INDArray flat) {
            long[] at = {0};
            int[][] shape = a.convolutions();
            for (int k = 0; k < 3; k++) {
                weights[k] = take(flat, at, 3, 3, shape[k][0], shape[k][1]);
                weights2d[k] = weights[k].reshape('c', 9L * shape[k][0], shape[k][1]);
                biases[k] = take(flat, at, shape[k][1]);
            }
            dense1 = take(flat, at, a.flat(), a.features());
            bias1 = take(flat, at, a.features());
            dense2 = take(flat, at, a.features(), a.classes());
            bias2 = take(flat, at, a.classes());
        }

        private static INDArray take(INDArray flat, long[] at, long... shape) {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            INDArray view = flat.get(NDArrayIndex.interval(at[0], at[0] + n)).reshape('c', shape);
            at[0] += n;
            return view;
        }
    }
}
