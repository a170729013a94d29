package io.flowmatch.image;

import io.flowmatch.core.internal.MatrixProduct;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One 3x3 convolution with "same" padding on a batch of channels-last images, as im2col and one
 * matrix product: the input {@code [rows * height * width, inChannels]} (row-major, image by
 * image, pixel by pixel) is gathered into patches {@code [rows * outHeight * outWidth, 9 * inChannels]}
 * (column {@code (ky * 3 + kx) * inChannels + c}), which times the weight {@code [9 * inChannels,
 * outChannels]} (the {@code [3, 3, in, out]} layout of the parameter vector) gives the output
 * {@code [rows * outHeight * outWidth, outChannels]}. Padding as ND4J's same mode: (k - 1) / 2 = 1
 * before for stride 1, 0 before for stride 2 on even sides. No bias: the caller adds it. Not
 * thread-safe; the patches are kept from forward for backward.
 */
final class Im2colConvolution {

    private static final int K = UNetArchitecture.KERNEL;

    private final int rows;
    private final int inChannels;
    private final int inPixels;
    private final int outPixels;
    /** For one image: the first input cell of each run of {@code inChannels} patch cells, or -1 for padding. */
    private final int[] gather;
    private final INDArray patches;
    private final MatrixProduct.Operand patchOperand;
    private final Cells patchCells;
    private final DataType type;
    private final int columns;
    /** dL/dpatches, allocated on the first backward pass (a sampling pass never needs it). */
    private MatrixProduct.Operand patchGradientOperand;
    private Cells patchGradientCells;

    Im2colConvolution(int rows, int height, int width, int inChannels, int stride, DataType type) {
        this.rows = rows;
        this.inChannels = inChannels;
        int outHeight = height / stride;
        int outWidth = width / stride;
        int pad = stride == 1 ? (K - 1) / 2 : 0;
        this.inPixels = height * width;
        this.outPixels = outHeight * outWidth;
        int columns = K * K * inChannels;
        this.gather = new int[outPixels * K * K];
        int j = 0;
        for (int oy = 0; oy < outHeight; oy++) {
            for (int ox = 0; ox < outWidth; ox++) {
                for (int ky = 0; ky < K; ky++) {
                    for (int kx = 0; kx < K; kx++) {
                        int iy = oy * stride + ky - pad;
                        int ix = ox * stride + kx - pad;
                        boolean inside = iy >= 0 && iy < height && ix >= 0 && ix < width;
                        gather[j++] = inside ? (iy * width + ix) * inChannels : -1;
                    }
                }
            }
        }
        this.patches = Nd4j.create(type, (long) rows * outPixels, columns);
        this.patchOperand = MatrixProduct.operand(patches);
        this.patchCells = Cells.of(patches);
        this.type = type;
        this.columns = columns;
    }

    /** Output pixels per image. */
    int outPixels() {
        return outPixels;
    }

    /** out = patches(in) weight; {@code weight} is {@code [9 * in, out]}. */
    void forward(Cells in, MatrixProduct.Operand weight, MatrixProduct.Operand out) {
        patchCells.gather(in, gather, inChannels, rows, inPixels * inChannels);
        MatrixProduct.multiply(patchOperand, false, weight, false, out);
    }

    /**
     * Given dL/dout, writes dL/dweight (overwriting) and, if {@code gradIn} is not null, dL/din
     * (overwriting).
     */
    void backward(MatrixProduct.Operand gradOut, MatrixProduct.Operand weight, MatrixProduct.Operand gradWeight,
            Cells gradIn) {
        MatrixProduct.multiply(patchOperand, true, gradOut, false, gradWeight);
        if (gradIn == null) {
            return;
        }
        if (patchGradientOperand == null) {
            INDArray patchGradient = Nd4j.create(type, (long) rows * outPixels, columns);
            patchGradientOperand = MatrixProduct.operand(patchGradient);
            patchGradientCells = Cells.of(patchGradient);
        }
        MatrixProduct.multiply(gradOut, false, weight, true, patchGradientOperand);
        patchGradientCells.scatter(gradIn, gather, inChannels, rows, inPixels * inChannels);
    }
}
