package io.flowmatch.core.model;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A multilayer perceptron velocity field: v(t, x) = L_k(f(... f(L_1([x, t])) ...)) where each
 * L_i is affine and f is the {@link Activation}.
 *
 * <p><b>Parameter layout.</b> All weights and biases live in one flat vector. Affine layer l with
 * n_in inputs and n_out outputs owns a row-major block of shape {@code [n_in + 1, n_out]}: rows
 * 0..n_in-1 are the weight matrix (input-major, i.e. the transpose of PyTorch's
 * {@code Linear.weight}) and the last row is the bias. Keeping the bias as an extra row lets a
 * single matrix product with an input that carries a trailing column of ones apply both.
 *
 * A class-conditional network ({@link MlpArchitecture#classes()} &gt; 0) ends the vector with its
 * class embedding, a row-major block {@code [classes, width of the first hidden layer]} whose row
 * for a point's label is added to the first layer's pre-activation; an unconditional network's
 * layout is unchanged.
 *
 * <p><b>Initialisation</b> follows PyTorch's {@code nn.Linear}: every weight and bias is uniform in
 * [-1/sqrt(n_in), 1/sqrt(n_in)], so training curves are comparable with PyTorch code. The class
 * embedding, drawn after the layers (so that the layers are the unconditional network's for the
 * same seed), is uniform in the first layer's range, as the weights of a one-hot label input
 * would be.
 */
public final class MlpVelocityModel implements VelocityModel, InputDifferentiable {

    static {
        // before anything here touches ND4J (see BlasKernels)
        io.flowmatch.core.internal.BlasKernels.ensureChosen();
    }

    private final MlpArchitecture architecture;
    private final INDArray parameters;
    private final INDArray[] layerBlocks;
    private final long[] layerOffsets;

    private MlpVelocityModel(MlpArchitecture architecture, INDArray parameters) {
        this.architecture = architecture;
        this.parameters = parameters;
        int layers = architecture.layerCount();
        this.layerBlocks = new INDArray[layers];
        this.layerOffsets = new long[layers];
        long offset = 0;
        for (int l = 0; l < layers; l++) {
            int rows = architecture.inputsOf(l) + 1;
            int cols = architecture.outputsOf(l);
            layerOffsets[l] = offset;
            layerBlocks[l] = parameters.get(NDArrayIndex.interval(offset, offset + (long) rows * cols))
                    .reshape('c', rows, cols);
            offset += (long) rows * cols;
        }
    }

    /**
     * A freshly initialised model (PyTorch's Linear initialisation) drawn from {@code seed}.
     *
     * @param architecture the layer shapes
     * @param dataType     FLOAT for training and sampling, DOUBLE for numerical checks
     * @param seed         the seed of the initial weights; the same seed gives the same model
     */
    public static MlpVelocityModel initialise(MlpArchitecture architecture, DataType dataType, long seed) {
        ElementwiseKernels.forType(dataType);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] values = new double[Math.toIntExact(architecture.parameterCount())];
        int i = 0;
        for (int l = 0; l < architecture.layerCount(); l++) {
            int in = architecture.inputsOf(l);
            int out = architecture.outputsOf(l);
            double bound = 1.0 / Math.sqrt(in);
            for (int k = 0; k < (in + 1) * out; k++) {
                values[i++] = rng.nextDouble(-bound, bound);
            }
        }
        double firstBound = 1.0 / Math.sqrt(architecture.inputsOf(0));
        for (long k = 0; k < architecture.embeddingSize(); k++) {
            values[i++] = rng.nextDouble(-firstBound, firstBound);
        }
        INDArray flat = Nd4j.createFromArray(values).castTo(dataType);
        return new MlpVelocityModel(architecture, flat);
    }

    /**
     * A model with the given parameters (copied), laid out as described in the class comment.
     *
     * @throws IllegalArgumentException if the length does not match the architecture, the type
     *                                  is not FLOAT or DOUBLE, or a value is not finite
     */
    public static MlpVelocityModel of(MlpArchitecture architecture, INDArray parameters) {
        if (parameters == null) {
            throw new IllegalArgumentException("parameters must not be null");
        }
        ElementwiseKernels.forType(parameters.dataType());
        if (parameters.length() != architecture.parameterCount()) {
            throw new IllegalArgumentException("parameter vector has " + parameters.length()
                    + " values but " + architecture + " needs " + architecture.parameterCount());
        }
        INDArray flat = parameters.reshape(parameters.length()).dup('c');
        if (!Double.isFinite(flat.sumNumber().doubleValue())) {
            throw new IllegalArgumentException("parameters contain NaN or infinite values");
        }
        return new MlpVelocityModel(architecture, flat);
    }

    /** The layer shapes and activation. */
    public MlpArchitecture architecture() {
        return architecture;
    }

    @Override
    public int dimension() {
        return architecture.dimension();
    }

    @Override
    public DataType dataType() {
        return parameters.dataType();
    }

    @Override
    public INDArray parameters() {
        return parameters;
    }

    @Override
    public long parameterCount() {
        return parameters.length();
    }

    /** Layer {@code l}'s [n_in + 1, n_out] block (weights then bias row), a view of the parameters. */
    INDArray layerBlock(int l) {
        return layerBlocks[l];
    }

    /** Where layer {@code l}'s block starts in the flat parameter vector. */
    long layerOffset(int l) {
        return layerOffsets[l];
    }

    /** {@inheritDoc} For a conditional network, every row carries the null label. */
    @Override
    public ModelPass newPass(int rows) {
        return new MlpPass(this, rows);
    }

    @Override
    public int classes() {
        return architecture.classes();
    }

    /**
     * {@inheritDoc}
     *
     * @throws UnsupportedOperationException if the architecture has no classes
     */
    @Override
    public ConditionalPass newConditionalPass(int rows) {
        if (!architecture.isConditional()) {
            throw new UnsupportedOperationException(description() + " takes no class labels");
        }
        return new MlpPass(this, rows);
    }

    /**
     * Forward-mode derivatives in x of this network with its current parameters, in double
     * precision (see {@link TangentField}); for a conditional network, those of its unconditional
     * field (the null label) until {@link ConditionalTangentField#labels} sets the rows' classes.
     */
    @Override
    public ConditionalTangentField tangentField() {
        return new MlpTangentField(this);
    }

    @Override
    public MlpVelocityModel withParameters(INDArray newParameters) {
        return of(architecture, newParameters);
    }

    @Override
    public String description() {
        return architecture.toString();
    }

    @Override
    public String toString() {
        return description();
    }
}
