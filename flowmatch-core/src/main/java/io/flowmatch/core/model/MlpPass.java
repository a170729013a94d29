package io.flowmatch.core.model;

import io.flowmatch.core.internal.MatrixProduct;
import io.flowmatch.core.internal.MatrixProduct.Operand;
import io.flowmatch.core.internal.NativeBuffers;
import java.nio.Buffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The preallocated forward and backward buffers of an {@link MlpVelocityModel} for one batch size.
 *
 * <p>Per affine layer l: the augmented input A_l ([rows, n_in + 1], last column ones), the
 * pre-activation Z_l ([rows, n_out]) and, for hidden layers, the gradient buffer dZ_l. The
 * matrix products run in BLAS into these arrays; the elementwise work runs in
 * {@link ElementwiseKernels} over their native memory. Nothing is allocated per call.
 *
 * <p>For a class-conditional network, the class embedding's row of each labelled row is added to
 * Z_0 after the first product, and the backward pass adds each labelled row's dZ_0 into its
 * class's row of the embedding's gradient (zero for classes no row carries). Rows with the null
 * label, and every row until {@link #labels} is called, get nothing added: the unconditional
 * network.
 */
final class MlpPass implements ConditionalPass {

    private final MlpVelocityModel model;
    private final MlpArchitecture arch;
    private final int rows;
    private final int layers;
    private final ElementwiseKernels kernels;

    /** inputs[l]: augmented input of layer l, [rows, n_in + 1]. */
    private final INDArray[] inputs;
    private final Buffer[] inputBuffers;
    /** pre[l]: pre-activation output of layer l, [rows, n_out]; pre[layers - 1] is v. */
    private final INDArray[] pre;
    private final Buffer[] preBuffers;
    /** weights[l]: the first n_in rows of layer l's parameter block (no bias row). */
    private final INDArray[] weights;
    /** delta: gradient w.r.t. the pre-activation of hidden layer l, [rows, n_out]. */
    private final INDArray[] delta;
    private final Buffer[] deltaBuffers;
    /** The same matrices prepared for BLAS products. */
    private final Operand[] inputOps;
    private final Operand[] preOps;
    private final Operand[] blockOps;
    private final Operand[] weightOps;
    private final Operand[] deltaOps;
    private final ElementwiseKernels.Scratch scratch;

    private INDArray xScratch;
    private INDArray cachedX;
    private Buffer cachedXBuffer;
    private INDArray cachedT;
    private Buffer cachedTBuffer;
    private INDArray cachedGrad;
    private Operand[] cachedGradBlocks;
    private INDArray cachedOut;
    private Operand cachedOutOp;
    private INDArray cachedGradOut;
    private Operand cachedGradOutOp;
    private Operand gradScratch;

    /** Conditional networks only: the classes, the first hidden width, the rows' labels. */
    private final int classes;
    private final int firstWidth;
    private final int[] labels;
    private final int embeddingOffset;
    private final Buffer parameterBuffer;
    private boolean anyLabel;
    /** The native memory of the last dense gradient vector, null if it was not dense. */
    private Buffer cachedGradBuffer;
    /** Where the embedding's gradient is summed when the gradient vector is not dense. */
    private INDArray embeddingGradScratch;
    /** Float networks: heap copies of Z_0 (or dZ_0) and of the embedding (or its gradient). */
    private final float[] zScratch;
    private final float[] embeddingScratch;

    MlpPass(MlpVelocityModel model, int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be positive, got " + rows);
        }
        this.model = model;
        this.arch = model.architecture();
        this.rows = rows;
        this.layers = arch.layerCount();
        DataType type = model.dataType();
        this.kernels = ElementwiseKernels.forType(type);
        inputs = new INDArray[layers];
        inputBuffers = new Buffer[layers];
        pre = new INDArray[layers];
        preBuffers = new Buffer[layers];
        weights = new INDArray[layers];
        delta = new INDArray[layers];
        deltaBuffers = new Buffer[layers];
        int widest = 0;
        for (int l = 0; l < layers - 1; l++) {
            widest = Math.max(widest, arch.outputsOf(l));
        }
        scratch = type == DataType.FLOAT ? new ElementwiseKernels.Scratch(rows, widest) : null;
        inputOps = new Operand[layers];
        preOps = new Operand[layers];
        blockOps = new Operand[layers];
        weightOps = new Operand[layers];
        deltaOps = new Operand[layers];
        for (int l = 0; l < layers; l++) {
            int in = arch.inputsOf(l);
            int out = arch.outputsOf(l);
            inputs[l] = Nd4j.ones(type, rows, in + 1);
            inputBuffers[l] = NativeBuffers.of(inputs[l]);
            pre[l] = Nd4j.create(type, rows, out);
            preBuffers[l] = NativeBuffers.of(pre[l]);
            weights[l] = model.layerBlock(l).get(NDArrayIndex.interval(0, in), NDArrayIndex.all());
            delta[l] = Nd4j.create(type, rows, out);
            deltaBuffers[l] = NativeBuffers.of(delta[l]);
            inputOps[l] = MatrixProduct.operand(inputs[l]);
            preOps[l] = MatrixProduct.operand(pre[l]);
            blockOps[l] = MatrixProduct.operand(model.layerBlock(l));
            weightOps[l] = MatrixProduct.operand(weights[l]);
            deltaOps[l] = MatrixProduct.operand(delta[l]);
        }
        this.classes = arch.classes();
        this.firstWidth = arch.outputsOf(0);
        this.labels = classes > 0 ? new int[rows] : null;
        this.embeddingOffset = Math.toIntExact(arch.embeddingOffset());
        this.parameterBuffer = classes > 0 ? NativeBuffers.of(model.parameters()) : null;
        boolean floats = classes > 0 && type == DataType.FLOAT;
        this.zScratch = floats ? new float[rows * firstWidth] : null;
        this.embeddingScratch = floats ? new float[classes * firstWidth] : null;
    }

    @Override
    public void labels(int[] newLabels) {
        if (newLabels == null || newLabels.length != rows) {
            throw new IllegalArgumentException("give one label per row (" + rows + "), got "
                    + (newLabels == null ? "null" : newLabels.length));
        }
        boolean any = false;
        for (int i = 0; i < rows; i++) {
            int y = newLabels[i];
            if (y != NULL_LABEL && (y < 0 || y >= classes)) {
                throw new IllegalArgumentException("label " + y + " of row " + i + " is outside [0, " + classes
                        + ") and not the null label " + NULL_LABEL);
            }
            any |= y != NULL_LABEL;
        }
        if (labels != null) {
            System.arraycopy(newLabels, 0, labels, 0, rows);
        }
        anyLabel = any;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public INDArray forward(INDArray t, INDArray x) {
        checkBatch(x, "x");
        if (t == null || t.length() != rows) {
            throw new IllegalArgumentException("t must hold one time per row (" + rows + "), got "
                    + (t == null ? "null" : java.util.Arrays.toString(t.shape())));
        }
        if (t != cachedT) {
            if (t.dataType() != model.dataType()) {
                throw new IllegalArgumentException("t must be " + model.dataType() + ", got " + t.dataType());
            }
            cachedTBuffer = NativeBuffers.of(NativeBuffers.requireDense(t, "t"));
            cachedT = t;
        }
        fillInput(x, cachedTBuffer, 0.0);
        return runLayers(null);
    }

    @Override
    public void evaluate(double t, INDArray x, INDArray out) {
        checkBatch(x, "x");
        checkBatch(out, "out");
        fillInput(x, null, t);
        if (isRowMajor(out)) {
            runLayers(out);
        } else {
            out.assign(runLayers(null));
        }
    }

    private void fillInput(INDArray x, Buffer tBuffer, double tScalar) {
        if (x.isView() || x.offset() != 0 || x.ordering() != 'c' || x.dataType() != model.dataType()) {
            // an unusual layout or type: copy it once into a dense buffer of our own
            if (xScratch == null) {
                xScratch = Nd4j.create(model.dataType(), rows, arch.dimension());
            }
            xScratch.assign(x);
            x = xScratch;
        }
        if (x != cachedX) {
            cachedX = x;
            cachedXBuffer = NativeBuffers.of(x);
        }
        kernels.fillInput(cachedXBuffer, 0, tBuffer, tScalar, inputBuffers[0], rows, arch.dimension());
    }

    /** Runs every layer from the filled input; the last product goes to {@code out} if given. */
    private INDArray runLayers(INDArray out) {
        for (int l = 0; l < layers; l++) {
            boolean last = l == layers - 1;
            Operand target = last && out != null ? outputOperand(out) : preOps[l];
            MatrixProduct.multiply(inputOps[l], false, blockOps[l], false, target);
            if (l == 0 && anyLabel) {
                addEmbedding();
            }
            if (!last) {
                kernels.activate(arch.activation(), preBuffers[l], inputBuffers[l + 1], rows, arch.outputsOf(l), scratch);
            }
        }
        return out != null ? out : pre[layers - 1];
    }

    @Override
    public void backward(INDArray gradOutput, INDArray gradParameters) {
        checkBatch(gradOutput, "gradOutput");
        if (gradParameters == null || gradParameters.length() != model.parameterCount()
                || gradParameters.dataType() != model.dataType()) {
            throw new IllegalArgumentException("gradParameters must be a " + model.dataType() + " vector of length "
                    + model.parameterCount());
        }
        Operand[] gradBlocks = gradientBlocks(gradParameters);
        Operand g;
        if (isRowMajor(gradOutput)) {
            if (gradOutput != cachedGradOut) {
                cachedGradOutOp = MatrixProduct.operand(gradOutput);
                cachedGradOut = gradOutput;
            }
            g = cachedGradOutOp;
        } else {
            // an unusual layout or type: copy it, on every call, into a dense buffer of our own
            if (gradScratch == null) {
                gradScratch = MatrixProduct.operand(Nd4j.create(model.dataType(), rows, arch.dimension()));
            }
            gradScratch.array().assign(gradOutput);
            g = gradScratch;
        }
        for (int l = layers - 1; l >= 0; l--) {
            // dTheta_l = A_l^T g  (weights and, through the ones column, the bias)
            MatrixProduct.multiply(inputOps[l], true, g, false, gradBlocks[l]);
            if (l > 0) {
                // g_{l-1} = (g W_l^T) * f'(Z_{l-1})
                MatrixProduct.multiply(g, false, weightOps[l], true, deltaOps[l - 1]);
                kernels.multiplyByDerivative(arch.activation(), preBuffers[l - 1], inputBuffers[l],
                        deltaBuffers[l - 1], rows, arch.outputsOf(l - 1), scratch);
                g = deltaOps[l - 1];
            }
        }
        if (classes > 0) {
            // g is dZ_0 here (an MLP has at least one hidden layer)
            embeddingGradient(gradParameters);
        }
    }

    /** Z_0[r] += E[label r] for every labelled row. */
    private void addEmbedding() {
        int h = firstWidth;
        if (preBuffers[0] instanceof FloatBuffer z) {
            // bulk copies to and from the heap, where the loop runs fast
            float[] zs = zScratch;
            float[] es = embeddingScratch;
            z.get(0, zs, 0, rows * h);
            ((FloatBuffer) parameterBuffer).get(embeddingOffset, es, 0, classes * h);
            for (int r = 0; r < rows; r++) {
                int c = labels[r];
                if (c != NULL_LABEL) {
                    for (int j = 0, zo = r * h, eo = c * h; j < h; j++) {
                        zs[zo + j] += es[eo + j];
                    }
                }
            }
            z.put(0, zs, 0, rows * h);
        } else {
            DoubleBuffer z = (DoubleBuffer) preBuffers[0];
            DoubleBuffer e = (DoubleBuffer) parameterBuffer;
            for (int r = 0; r < rows; r++) {
                int c = labels[r];
                if (c != NULL_LABEL) {
                    for (int j = 0, zo = r * h, eo = embeddingOffset + c * h; j < h; j++) {
                        z.put(zo + j, z.get(zo + j) + e.get(eo + j));
                    }
                }
            }
        }
    }

    /**
     * dE[c] = sum of dZ_0[r] over the rows labelled c, written over the embedding's part of the
     * gradient (zeros where no row carries the class).
     */
    private void embeddingGradient(INDArray gradParameters) {
        int h = firstWidth;
        int size = classes * h;
        Buffer target = cachedGradBuffer;
        int base = embeddingOffset;
        if (target == null) {
            if (embeddingGradScratch == null) {
                embeddingGradScratch = Nd4j.create(model.dataType(), size);
            }
            target = NativeBuffers.of(embeddingGradScratch);
            base = 0;
        }
        if (target instanceof FloatBuffer g) {
            float[] gs = embeddingScratch;
            java.util.Arrays.fill(gs, 0, size, 0f);
            if (anyLabel) {
                float[] dz = zScratch;
                ((FloatBuffer) deltaBuffers[0]).get(0, dz, 0, rows * h);
                for (int r = 0; r < rows; r++) {
                    int c = labels[r];
                    if (c != NULL_LABEL) {
                        for (int j = 0, go = c * h, zo = r * h; j < h; j++) {
                            gs[go + j] += dz[zo + j];
                        }
                    }
                }
            }
            g.put(base, gs, 0, size);
        } else {
            DoubleBuffer g = (DoubleBuffer) target;
            DoubleBuffer dz = (DoubleBuffer) deltaBuffers[0];
            for (int k = 0; k < size; k++) {
                g.put(base + k, 0.0);
            }
            for (int r = 0; anyLabel && r < rows; r++) {
                int c = labels[r];
                if (c != NULL_LABEL) {
                    for (int j = 0, go = base + c * h, zo = r * h; j < h; j++) {
                        g.put(go + j, g.get(go + j) + dz.get(zo + j));
                    }
                }
            }
        }
        if (cachedGradBuffer == null) {
            gradParameters.reshape(gradParameters.length())
                    .get(NDArrayIndex.interval(embeddingOffset, embeddingOffset + (long) size))
                    .assign(embeddingGradScratch);
        }
    }

    /** Whether BLAS can write to or read from {@code a} in place. */
    private boolean isRowMajor(INDArray a) {
        return MatrixProduct.isRowMajor(a) && a.dataType() == model.dataType();
    }

    private Operand outputOperand(INDArray out) {
        if (out != cachedOut) {
            cachedOutOp = MatrixProduct.operand(out);
            cachedOut = out;
        }
        return cachedOutOp;
    }

    private Operand[] gradientBlocks(INDArray gradParameters) {
        if (gradParameters != cachedGrad) {
            Operand[] blocks = new Operand[layers];
            for (int l = 0; l < layers; l++) {
                long offset = model.layerOffset(l);
                int r = arch.inputsOf(l) + 1;
                int c = arch.outputsOf(l);
                blocks[l] = MatrixProduct.operand(gradParameters.reshape(gradParameters.length())
                        .get(NDArrayIndex.interval(offset, offset + (long) r * c)).reshape('c', r, c));
            }
            cachedGrad = gradParameters;
            cachedGradBlocks = blocks;
            boolean dense = !gradParameters.isView() && gradParameters.offset() == 0
                    && (gradParameters.rank() < 2 || gradParameters.ordering() == 'c');
            cachedGradBuffer = classes > 0 && dense ? NativeBuffers.of(gradParameters) : null;
        }
        return cachedGradBlocks;
    }

    private void checkBatch(INDArray a, String name) {
        if (a == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (a.rank() != 2 || a.rows() != rows || a.columns() != arch.dimension()) {
            throw new IllegalArgumentException(name + " must have shape [" + rows + ", " + arch.dimension()
                    + "], got " + java.util.Arrays.toString(a.shape()));
        }
    }
}
