package io.flowmatch.image;

import io.flowmatch.core.internal.MatrixProduct;
import io.flowmatch.core.internal.NativeBuffers;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One 3x3 "same" convolution in float32 on a batch of channels-last maps held in heap arrays, as
 * im2col plus one BLAS product (see {@link Im2colConvolution} for the layout and the padding):
 * im2col writes each run of input channels straight into the native patch matrix, which times
 * the weight {@code [9 in, out]} (a view of the model's flat parameters) gives the output. No
 * bias: the caller adds it. Used by the float U-Net pass and by the judge's classifier.
 *
 * <p>The input gradient of a stride-1 convolution is itself a convolution: the patches of
 * dL/dout times the kernel mirrored in space with its channels swapped ({@code [9 out, in]}).
 * For narrow outputs (the U-Net's 4-channel exit, its 96-to-32 join) that is a much smaller
 * product than dL/dout times the transposed weight followed by col2im, which stride-2
 * convolutions keep.
 *
 * <p>Native arrays: the patches (kept from forward for the weight gradient), the output,
 * dL/dout, and, from the first backward that needs them, the input-gradient operands. Not
 * thread-safe.
 */
final class FloatConvolution {

    private static final int K = UNetArchitecture.KERNEL;
    private static final int TAPS = K * K;

    final int rows;
    final int inChannels;
    final int outChannels;
    final int inPixels;
    final int outPixels;
    final int stride;
    final int[] gather;
    final INDArray weight;
    final MatrixProduct.Operand weightOperand;
    final FloatBuffer patchBuffer;
    final MatrixProduct.Operand patches;
    final INDArray out;
    final FloatBuffer outBuffer;
    final MatrixProduct.Operand outOperand;
    final INDArray gradPre;
    final FloatBuffer gradPreBuffer;
    final MatrixProduct.Operand gradPreOperand;
    final float[] zeros;
    // input gradient, made on the first backward that needs it
    private MatrixProduct.Operand flipped;
    private FloatBuffer flippedBuffer;
    private float[] flippedValues;
    private float[] weightValues;
    private FloatBuffer gradPatchBuffer;
    private MatrixProduct.Operand gradPatches;
    private FloatBuffer gradInBuffer;
    private MatrixProduct.Operand gradInOperand;
    private float[] colScratch;
    private INDArray weightCopy;
    private FloatBuffer weightCopyBuffer;
    private float[] gradOutValues;

    /**
     * @param rows        images per batch
     * @param height      input rows of each map
     * @param width       input columns of each map
     * @param inChannels  input channels
     * @param outChannels output channels
     * @param stride      1 (same size) or 2 (half size; the sides must be even)
     * @param weight      the {@code [3, 3, in, out]} kernel, a live view of the model's parameters
     */
    FloatConvolution(int rows, int height, int width, int inChannels, int outChannels, int stride, INDArray weight) {
        this.rows = rows;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.stride = stride;
        int outHeight = height / stride;
        int outWidth = width / stride;
        int pad = stride == 1 ? (K - 1) / 2 : 0;
        this.inPixels = height * width;
        this.outPixels = outHeight * outWidth;
        this.gather = new int[outPixels * TAPS];
        int j = 0;
        for (int oy = 0; oy < outHeight; oy++) {
            for (int ox = 0; ox < outWidth; ox++) {
                for (int ky = 0; ky < K; ky++) {
                    for (int kx = 0; kx < K; kx++) {
                        int iy = oy * stride + ky - pad;
                        int ix = ox * stride + kx - pad;
                        boolean inside = iy >= 0 && iy < height && ix >= 0 && ix < width;
                        gather[j++] = inside ? iy * width + ix : -1;
                    }
                }
            }
        }
        this.weight = weight.reshape('c', (long) TAPS * inChannels, outChannels);
        this.weightOperand = MatrixProduct.operand(this.weight);
        INDArray patchArray = Nd4j.create(DataType.FLOAT, (long) rows * outPixels, (long) TAPS * inChannels);
        this.patchBuffer = NativeBuffers.floats(patchArray);
        this.patches = MatrixProduct.operand(patchArray);
        this.out = Nd4j.create(DataType.FLOAT, (long) rows * outPixels, outChannels);
        this.outBuffer = NativeBuffers.floats(out);
        this.outOperand = MatrixProduct.operand(out);
        this.gradPre = Nd4j.create(DataType.FLOAT, (long) rows * outPixels, outChannels);
        this.gradPreBuffer = NativeBuffers.floats(gradPre);
        this.gradPreOperand = MatrixProduct.operand(gradPre);
        this.zeros = new float[Math.max(inChannels, outChannels)];
    }

    /** out = patches(in) weight, with {@code in} channels-last [rows * inPixels, inChannels]. */
    void forward(float[] in) {
        im2col(in, inPixels, inChannels, patchBuffer);
        MatrixProduct.multiply(patches, false, weightOperand, false, outOperand);
    }

    /**
     * Writes the patches of {@code maps} ({@code pixels} pixels of {@code channels} channels
     * an image) into {@code target}, one run of channels at a time.
     */
    private void im2col(float[] maps, int pixels, int channels, FloatBuffer target) {
        int at = 0;
        for (int i = 0; i < rows; i++) {
            int base = i * pixels * channels;
            for (int tap : gather) {
                if (tap < 0) {
                    target.put(at, zeros, 0, channels);
                } else {
                    target.put(at, maps, base + tap * channels, channels);
                }
                at += channels;
            }
        }
    }

    /**
     * Given dL/dout in {@link #gradPreBuffer}, writes dL/dweight (overwriting) and, if
     * {@code gradIn} is not null, dL/din (overwriting).
     */
    void backward(MatrixProduct.Operand gradWeight, float[] gradIn) {
        MatrixProduct.multiply(patches, true, gradPreOperand, false, gradWeight);
        if (gradIn == null) {
            return;
        }
        if (stride == 1) {
            // dL/din = patches(dL/dout) flip(weight): the transposed convolution as a convolution
            if (flipped == null) {
                INDArray f = Nd4j.create(DataType.FLOAT, (long) TAPS * outChannels, inChannels);
                flipped = MatrixProduct.operand(f);
                flippedBuffer = NativeBuffers.floats(f);
                flippedValues = new float[TAPS * outChannels * inChannels];
                weightValues = new float[TAPS * inChannels * outChannels];
                weightCopy = Nd4j.create(DataType.FLOAT, (long) TAPS * inChannels, outChannels);
                weightCopyBuffer = NativeBuffers.floats(weightCopy);
                gradOutValues = new float[rows * outPixels * outChannels];
                INDArray gp = Nd4j.create(DataType.FLOAT, (long) rows * outPixels, (long) TAPS * outChannels);
                gradPatchBuffer = NativeBuffers.floats(gp);
                gradPatches = MatrixProduct.operand(gp);
                INDArray gi = Nd4j.create(DataType.FLOAT, (long) rows * inPixels, inChannels);
                gradInBuffer = NativeBuffers.floats(gi);
                gradInOperand = MatrixProduct.operand(gi);
            }
            flip();
            gradPreBuffer.get(0, gradOutValues, 0, gradOutValues.length);
            im2col(gradOutValues, outPixels, outChannels, gradPatchBuffer);
            MatrixProduct.multiply(gradPatches, false, flipped, false, gradInOperand);
            gradInBuffer.get(0, gradIn, 0, rows * inPixels * inChannels);
        } else {
            // stride 2: dL/dpatches = dL/dout weight^T, then col2im
            if (gradPatches == null) {
                INDArray gp = Nd4j.create(DataType.FLOAT, (long) rows * outPixels, (long) TAPS * inChannels);
                gradPatchBuffer = NativeBuffers.floats(gp);
                gradPatches = MatrixProduct.operand(gp);
                colScratch = new float[TAPS * inChannels];
            }
            MatrixProduct.multiply(gradPreOperand, false, weightOperand, true, gradPatches);
            Arrays.fill(gradIn, 0, rows * inPixels * inChannels, 0f);
            int at = 0;
            for (int i = 0; i < rows; i++) {
                int base = i * inPixels * inChannels;
                for (int q = 0; q < outPixels; q++) {
                    gradPatchBuffer.get(at, colScratch, 0, colScratch.length);
                    at += colScratch.length;
                    for (int tap = 0; tap < TAPS; tap++) {
                        int src = gather[q * TAPS + tap];
                        if (src >= 0) {
                            int to = base + src * inChannels;
                            int from = tap * inChannels;
                            for (int c = 0; c < inChannels; c++) {
                                gradIn[to + c] += colScratch[from + c];
                            }
                        }
                    }
                }
            }
        }
    }

    /** flipped[(8 - tap) out + o, c] = weight[tap in + c, o]: the kernel mirrored in space, channels swapped. */
    private void flip() {
        weightCopy.assign(weight);
        weightCopyBuffer.get(0, weightValues, 0, weightValues.length);
        for (int tap = 0; tap < TAPS; tap++) {
            int mirrored = TAPS - 1 - tap;
            for (int c = 0; c < inChannels; c++) {
                int from = (tap * inChannels + c) * outChannels;
                for (int o = 0; o < outChannels; o++) {
                    flippedValues[(mirrored * outChannels + o) * inChannels + c] = weightValues[from + o];
                }
            }
        }
        flippedBuffer.put(0, flippedValues, 0, flippedValues.length);
    }
}
