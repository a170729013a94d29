package io.flowmatch.core.train;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A first-order optimizer's configuration (immutable). {@link #bind} creates the stateful
 * {@link Update} for one flat parameter vector and its gradient buffer.
 */
public interface Optimizer {

    /**
     * Creates the optimizer state (e.g. Adam's moments) for {@code parameters}.
     *
     * @param parameters flat float32 parameter vector, updated in place by each step
     * @param gradients  flat float32 gradient buffer of the same length, read by each step
     */
    Update bind(INDArray parameters, INDArray gradients);

    /** A short description with hyper-parameters. */
    String description();

    /** One optimizer's running state over a parameter vector. */
    interface Update {

        /**
         * Applies step {@code step} (1-based) with learning rate {@code learningRate}, using the
         * gradients multiplied by {@code gradientScale} (1 unless clipped).
         */
        void apply(long step, double learningRate, double gradientScale);

        /**
         * The optimizer's running state (e.g. Adam's first and second moments), each a live
         * flat float32 vector as long as the parameters: writing to one changes the optimizer.
         * Checkpoints save them and data-parallel training averages them. Empty for a
         * stateless optimizer.
         */
        default List<INDArray> state() {
            return List.of();
        }
    }
}
