package io.flowmatch.core.train;

import io.flowmatch.core.model.Activation;
import io.flowmatch.core.model.MlpArchitecture;
import java.util.List;

/**
 * The setters of a flow whose network is an MLP (the continuous flows' velocity MLP, the discrete
 * flows' token MLP, the Riemannian flows' MLP), inherited by their recipe builders and their
 * matchers' builders on top of the loop's ({@link TrainingSettings}), so that the network's
 * shape has one name and one check everywhere: {@code hidden} and {@code activation}. Each kind
 * of flow starts from its own defaults, which its recipe's description gives.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class MlpSettings<B extends MlpSettings<B>> extends TrainingSettings<B> {

    /** The hidden layer widths set so far, for the kind's recipe. */
    protected List<Integer> hidden;

    /** The activation set so far, for the kind's recipe. */
    protected Activation activation;

    /** Settings with the kind's defaults: the loop's, the hidden widths and the activation. */
    protected MlpSettings(TrainingConfig training, List<Integer> hidden, Activation activation) {
        super(training);
        this.hidden = hidden;
        this.activation = activation;
    }

    /** Hidden layer widths of the network, each at least 1 (default: the kind's, see its recipe). */
    public B hidden(int... widths) {
        this.hidden = MlpArchitecture.widths(widths);
        return self();
    }

    /** The activation of the network's hidden layers (default: the kind's, see its recipe). */
    public B activation(Activation activation) {
        this.activation = required(activation, "activation");
        return self();
    }
}
