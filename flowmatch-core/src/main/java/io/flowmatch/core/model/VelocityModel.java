package io.flowmatch.core.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A learnable velocity field v_theta(t, x): R x R^d -&gt; R^d, the network that flow matching
 * regresses onto the conditional velocity of a probability path.
 *
 * <p>The parameters theta live in one flat array so that an optimizer, an exponential moving
 * average or a file writer treats every model alike. Evaluation and differentiation go through
 * a {@link ModelPass}, which owns every buffer a batch needs, so that a training loop or a
 * sampler allocates once and then runs without allocation.
 *
 * <p>Implement this interface to plug another architecture into the trainer and the sampler.
 */
public interface VelocityModel {

    /** The dimension d of the points (the input x and the output v). */
    int dimension();

    /** The data type of the parameters and of every buffer (FLOAT for training). */
    DataType dataType();

    /**
     * The parameters as one flat vector of length {@link #parameterCount()}. This is the live
     * array: writing to it changes the model, and every {@link ModelPass} sees the change.
     */
    INDArray parameters();

    /** The number of scalar parameters. */
    long parameterCount();

    /**
     * Creates the buffers to evaluate (and differentiate) the model on batches of exactly
     * {@code rows} rows. A pass belongs to one thread at a time; create one per thread.
     *
     * @throws IllegalArgumentException if {@code rows} is not positive
     */
    ModelPass newPass(int rows);

    /**
     * A new model of the same architecture whose parameters are a copy of {@code parameters}
     * (same length and data type as {@link #parameters()}).
     */
    VelocityModel withParameters(INDArray parameters);

    /** A one-line description of the architecture, e.g. {@code "mlp(d=2, hidden=[64, 64, 64], elu)"}. */
    String description();

    /**
     * The number of class labels the model is conditioned on (classifier-free guidance); 0, the
     * default, for an unconditional model.
     */
    default int classes() {
        return 0;
    }

    /**
     * Creates a pass that takes a class label per row (see {@link ConditionalPass}); until labels
     * are set, every row carries the null label. Only for a model with {@link #classes()} &gt; 0.
     *
     * @throws UnsupportedOperationException if the model takes no labels
     * @throws IllegalArgumentException      if {@code rows} is not positive
     */
    default ConditionalPass newConditionalPass(int rows) {
        throw new UnsupportedOperationException(description() + " takes no class labels");
    }
}
