package io.flowmatch.discrete;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One {@link PosteriorModel}'s forward and backward computation for up to {@link #rows()}
 * sequences, with every buffer allocated once when the pass is made. Arrays are row-major and
 * flat: tokens {@code [count, L]}, times {@code [count]}, logits {@code [count, L, V]}.
 */
public interface PosteriorPass {

    /** The largest batch this pass takes. */
    int rows();

    /**
     * The posterior logits of the first {@code count} sequences.
     *
     * @param tokens x_t, {@code count * L} symbols in [0, states)
     * @param times  t of each sequence, {@code count} values in [0, 1]
     * @param count  how many sequences, in [1, rows()]
     * @return the pass's own array, {@code count * L * V} logits at the front; valid until the
     *         next call, and not to be modified
     */
    float[] forward(int[] tokens, float[] times, int count);

    /**
     * The gradient of a loss with respect to the parameters, given its gradient with respect to
     * the logits of the last {@link #forward} call (whose token and time arrays the caller has
     * not changed since).
     *
     * @param gradLogits     d loss / d logits, {@code count * L * V} values of that call
     * @param gradParameters a float32 vector as long as the parameters, overwritten
     */
    void backward(float[] gradLogits, INDArray gradParameters);
}
