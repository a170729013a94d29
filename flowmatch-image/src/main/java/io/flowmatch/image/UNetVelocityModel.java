package io.flowmatch.image;

import io.flowmatch.core.model.ConditionalPass;
import io.flowmatch.core.model.ModelPass;
import io.flowmatch.core.model.VelocityModel;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A class-conditional convolutional velocity field v(t, x, y) for grey images: a small U-Net
 * (see {@link UNetArchitecture}) whose every block adds a per-channel shift computed from a
 * sinusoidal embedding of t and a learned embedding of the label y. Points are flattened images,
 * {@code dimension() = height * width}, pixel (r, c) at index {@code r * width + c}.
 *
 * <p><b>Network.</b> With SiLU f and e = f(W_t sin/cos(t) + b_t + E[y]) (E has a row for every
 * class and one for the null label):
 * <pre>
 * a1 = f(conv_in(x) + P1 e)                      stride 2: half resolution, c1 maps
 * a2 = f(conv_down(a1) + P2 e)                   stride 2: quarter, c2
 * a3 = f(conv_mid(a2) + P3 e)                    quarter, c2 (middleBlocks such blocks, in sequence)
 * a4 = f(conv_up([up(a3), a1]) + P4 e)           nearest 2x upsampling, skip from a1: half, c1
 * a5 = f(conv_refine(a4) + P5 e)                 half, c1
 * v  = shuffle(conv_out(a5))                     4 maps at half resolution -&gt; 1 at full (2x2 pixel shuffle)
 * </pre>
 * The network enters by a stride-2 convolution and leaves by a pixel shuffle, so that no
 * convolution with many channels runs at full resolution. All convolutions are 3x3 with "same"
 * padding (as ND4J's same mode: for stride 2 the window starts at the even pixel), computed as
 * im2col plus one BLAS product on channels-last maps ({@link Im2colConvolution}): about 4 times
 * faster for these small images than ND4J's {@code conv2d_bp}. The backward pass is written out
 * by hand and checked against finite differences.
 *
 * <p><b>Parameter layout</b> in the flat vector, in order: for each convolution (in the order of the table) its
 * weight {@code [3, 3, in, out]} then its bias {@code [out]}; the projections P_k of the blocks (all but conv_out)
 * {@code [embedding, out_k]}; W_t {@code [timeFeatures, embedding]}; b_t {@code [embedding]}; the
 * label table {@code [classes + 1, embedding]}, null label last.
 *
 * <p><b>Initialisation</b> as PyTorch's Conv2d/Linear (uniform in +-1/sqrt(fan_in)), the label
 * table standard normal as PyTorch's Embedding.
 */
public final class UNetVelocityModel implements VelocityModel {

    private final UNetArchitecture architecture;
    private final INDArray parameters;

    private UNetVelocityModel(UNetArchitecture architecture, INDArray parameters) {
        this.architecture = architecture;
        this.parameters = parameters;
    }

    /**
     * A freshly initialised model drawn from {@code seed}.
     *
     * @param dataType FLOAT for training and sampling, DOUBLE for numerical checks
     */
    public static UNetVelocityModel initialise(UNetArchitecture architecture, DataType dataType, long seed) {
        checkType(dataType);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] values = new double[Math.toIntExact(architecture.parameterCount())];
        int i = 0;
        int k = UNetArchitecture.KERNEL;
        int[][] convs = architecture.convolutions();
        for (int[] c : convs) {
            double bound = 1 / Math.sqrt((double) k * k * c[0]);
            for (int j = 0; j < k * k * c[0] * c[1] + c[1]; j++) {
                values[i++] = rng.nextDouble(-bound, bound);
            }
        }
        int e = architecture.embedding();
        for (int c = 0; c < convs.length - 1; c++) {
            double bound = 1 / Math.sqrt(e);
            for (int j = 0; j < e * convs[c][1]; j++) {
                values[i++] = rng.nextDouble(-bound, bound);
            }
        }
        double bound = 1 / Math.sqrt(architecture.timeFeatures());
        for (int j = 0; j < (architecture.timeFeatures() + 1) * e; j++) {
            values[i++] = rng.nextDouble(-bound, bound);
        }
        while (i < values.length) {
            values[i++] = rng.nextGaussian();
        }
        return new UNetVelocityModel(architecture, Nd4j.createFromArray(values).castTo(dataType));
    }

    /**
     * A model with the given parameters (copied), laid out as described in the class comment.
     *
     * @throws IllegalArgumentException if the length does not match, the type is not FLOAT or
     *                                  DOUBLE, or a value is not finite
     */
    public static UNetVelocityModel of(UNetArchitecture architecture, INDArray parameters) {
        checkType(parameters.dataType());
        if (parameters.length() != architecture.parameterCount()) {
            throw new IllegalArgumentException(architecture + " has " + architecture.parameterCount()
                    + " parameters, got " + parameters.length());
        }
        INDArray copy = parameters.reshape(parameters.length()).dup('c');
        if (copy.isNaN().any() || copy.isInfinite().any()) {
            throw new IllegalArgumentException("parameters must be finite");
        }
        return new UNetVelocityModel(architecture, copy);
    }

    private static void checkType(DataType type) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("parameters must be FLOAT or DOUBLE, got " + type);
        }
    }

    /** The architecture. */
    public UNetArchitecture architecture() {
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

    /** The number of classes of the architecture. */
    @Override
    public int classes() {
        return architecture().classes();
    }

    /** {@inheritDoc} The pass is a {@link ConditionalPass}; cast it to set labels. */
    @Override
    public ModelPass newPass(int rows) {
        return newConditionalPass(rows);
    }

    /**
     * A pass that takes labels; see {@link ConditionalPass}. FLOAT models get the fast float pass
     * ({@link FloatUNetPass}), DOUBLE models the reference pass, which numerical checks use.
     */
    public ConditionalPass newConditionalPass(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be positive, got " + rows);
        }
        return parameters.dataType() == DataType.FLOAT ? new FloatUNetPass(architecture, views(parameters), rows)
                : new UNetPass(architecture, views(parameters), rows);
    }

    /** The reference pass ({@link UNetPass}) in the model's precision, for tests of the float pass. */
    ConditionalPass newReferencePass(int rows) {
        return new UNetPass(architecture, views(parameters), rows);
    }

    @Override
    public UNetVelocityModel withParameters(INDArray newParameters) {
        if (newParameters.length() != parameters.length() || newParameters.dataType() != parameters.dataType()) {
            throw new IllegalArgumentException("expected " + parameters.length() + " " + parameters.dataType()
                    + " parameters, got " + newParameters.length() + " " + newParameters.dataType());
        }
        return new UNetVelocityModel(architecture, newParameters.reshape(newParameters.length()).dup('c'));
    }

    @Override
    public String description() {
        return architecture.toString();
    }

    /** The parameter (or gradient) blocks of a flat vector laid out as this model's parameters. */
    Blocks views(INDArray flat) {
        return new Blocks(architecture, flat);
    }

    /** Named views into one flat vector: weights, biases, projections, time and label embeddings. */
    static final class Blocks {
        final INDArray[] weights;
        final INDArray[] biases;
        final INDArray[] projections;
        final INDArray timeWeights;
        final INDArray timeBias;
        final INDArray labelTable;

        Blocks(UNetArchitecture a, INDArray flat) {
            int[][] convs = a.convolutions();
            int k = UNetArchitecture.KERNEL;
            weights = new INDArray[convs.length];
            biases = new INDArray[convs.length];
            projections = new INDArray[convs.length - 1];
            long[] offset = {0};
            for (int c = 0; c < convs.length; c++) {
                weights[c] = take(flat, offset, k, k, convs[c][0], convs[c][1]);
                biases[c] = take(flat, offset, convs[c][1]);
            }
            for (int c = 0; c < convs.length - 1; c++) {
                projections[c] = take(flat, offset, a.embedding(), convs[c][1]);
            }
            timeWeights = take(flat, offset, a.timeFeatures(), a.embedding());
            timeBias = take(flat, offset, 1, a.embedding());
            labelTable = take(flat, offset, a.classes() + 1, a.embedding());
        }

        private static INDArray take(INDArray flat, long[] offset, long... shape) {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            INDArray view = flat.get(NDArrayIndex.interval(offset[0], offset[0] + n)).reshape('c', shape);
            offset[0] += n;
            return view;
        }
    }
}
