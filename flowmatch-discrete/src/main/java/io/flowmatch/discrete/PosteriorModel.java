package io.flowmatch.discrete;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The network of a discrete flow: for a batch of noisy sequences x_t (L tokens each, from an
 * alphabet of {@link #states()} symbols) and their times t, the logits of the posterior
 * p(x1 | x_t) at every position over the {@link #vocabulary()} data tokens. The sampler turns
 * them into jump rates (Gat et al. 2024, "x1-prediction"); training scores them with a
 * {@link DiscreteLoss}.
 *
 * <p>{@link TokenMlp} is the built-in one. A larger network (a transformer, a convolution over
 * the positions) plugs in by implementing this interface and {@link PosteriorPass}, and is given
 * to {@link DiscreteFlowMatcher.Builder#model(PosteriorModel)}: the training loop, the losses and
 * the sampler only see logits and a flat float32 parameter vector.
 */
public interface PosteriorModel {

    /** L, the tokens per sequence. */
    int length();

    /** V, the data tokens per position the logits are over. */
    int vocabulary();

    /** The input alphabet: V, or V + 1 when the mask token (numbered V) can occur. */
    int states();

    /** The live float32 parameter vector, trained in place (never copied by the training loop). */
    INDArray parameters();

    /** A copy of this model holding {@code parameters} (copied too), e.g. a weight average. */
    PosteriorModel withParameters(INDArray parameters);

    /**
     * The preallocated buffers of a forward and backward pass for up to {@code rows} sequences.
     * A pass belongs to one thread; a model can have many.
     */
    PosteriorPass newPass(int rows);

    /** A single-line description naming the architecture (recorded in recipes and checkpoints). */
    String description();
}
