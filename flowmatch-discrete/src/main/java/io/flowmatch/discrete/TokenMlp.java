package io.flowmatch.discrete;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The built-in posterior network: an MLP over the one-hot tokens of every position (flattened)
 * and a few sine/cosine features of time, with logits over the vocabulary at every position.
 * The first layer is a sum of per-(position, token) embedding rows, computed by gathering rather
 * than by a product with the one-hot input, so its cost does not grow with the vocabulary; the
 * other layers are BLAS products into preallocated buffers (see {@link TokenMlpArchitecture} for
 * the parameter layout), and a local skip adds to each position's logits a learned row for each
 * neighbouring token. A training step allocates nothing.
 *
 * <p>Immutable in shape; the parameters are one live float32 vector that training updates.
 */
public final class TokenMlp implements PosteriorModel {

    private final TokenMlpArchitecture architecture;
    private final INDArray parameters;
    private final INDArray[] blocks;
    private final INDArray[] weights;

    private TokenMlp(TokenMlpArchitecture architecture, INDArray parameters) {
        this.architecture = architecture;
        this.parameters = parameters;
        int count = architecture.blockCount();
        this.blocks = new INDArray[count];
        this.weights = new INDArray[count];
        for (int b = 0; b < count; b++) {
            long offset = architecture.blockOffset(b);
            int rows = architecture.blockRows(b);
            int cols = architecture.blockColumns(b);
            blocks[b] = parameters.get(NDArrayIndex.interval(offset, offset + (long) rows * cols)).reshape('c', rows, cols);
            weights[b] = blocks[b].get(NDArrayIndex.interval(0, rows - 1), NDArrayIndex.all());
        }
    }

    /**
     * A freshly initialised network drawn from {@code seed}: every entry uniform in
     * [-1/sqrt(fan_in), 1/sqrt(fan_in)] as PyTorch's Linear layers, with the fan-in of the input
     * block counted as the inputs that are non-zero (L one-hot rows and the time features); the
     * local skip starts at zero, so a fresh network is the plain MLP.
     */
    public static TokenMlp initialise(TokenMlpArchitecture architecture, long seed) {
        if (architecture == null) {
            throw new IllegalArgumentException("architecture must not be null");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        float[] values = new float[architecture.parameterCount()]; // the local block stays 0
        int i = 0;
        for (int b = 0; b < architecture.blockCount(); b++) {
            int fanIn = b == 0 ? architecture.length() + architecture.timeFeatures() : architecture.blockRows(b) - 1;
            double bound = 1.0 / Math.sqrt(fanIn);
            long size = (long) architecture.blockRows(b) * architecture.blockColumns(b);
            for (long k = 0; k < size; k++) {
                values[i++] = (float) rng.nextDouble(-bound, bound);
            }
        }
        return new TokenMlp(architecture, Nd4j.createFromArray(values));
    }

    /**
     * The network of {@code architecture} holding {@code parameters} (copied).
     *
     * @throws IllegalArgumentException if the count differs from the architecture's or a value is not finite
     */
    public static TokenMlp of(TokenMlpArchitecture architecture, float[] parameters) {
        if (architecture == null || parameters == null) {
            throw new IllegalArgumentException("architecture and parameters must not be null");
        }
        if (parameters.length != architecture.parameterCount()) {
            throw new IllegalArgumentException(architecture.description() + " has " + architecture.parameterCount()
                    + " parameters, got " + parameters.length);
        }
        for (int i = 0; i < parameters.length; i++) {
            if (!Float.isFinite(parameters[i])) {
                throw new IllegalArgumentException("parameter " + i + " is not finite: " + parameters[i]);
            }
        }
        return new TokenMlp(architecture, Nd4j.createFromArray(parameters.clone()));
    }

    /** The shape. */
    public TokenMlpArchitecture architecture() {
        return architecture;
    }

    @Override
    public int length() {
        return architecture.length();
    }

    @Override
    public int vocabulary() {
        return architecture.vocabulary();
    }

    @Override
    public int states() {
        return architecture.states();
    }

    @Override
    public INDArray parameters() {
        return parameters;
    }

    @Override
    public TokenMlp withParameters(INDArray values) {
        if (values == null || values.length() != architecture.parameterCount()) {
            throw new IllegalArgumentException("expected " + architecture.parameterCount() + " parameters");
        }
        return new TokenMlp(architecture, values.castTo(DataType.FLOAT).reshape(values.length()).dup('c'));
    }

    @Override
    public PosteriorPass newPass(int rows) {
        return new TokenMlpPass(this, rows);
    }

    @Override
    public String description() {
        return architecture.description();
    }

    /** Block b of the parameters, [blockRows(b), blockColumns(b)], a live view. */
    INDArray block(int b) {
        return blocks[b];
    }

    /** Block b without its bias row, a live view. */
    INDArray weights(int b) {
        return weights[b];
    }

    @Override
    public String toString() {
        return description();
    }
}
