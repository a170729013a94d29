package io.flowmatch.core.train;

import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What one kind of flow minimises, as the shared training loop sees it: a flat float32
 * parameter vector and, for a random draw, a batch loss and its gradient. The continuous flow
 * (an MLP regressed onto a path's velocity), the class-conditional image U-Net and every other
 * kind of flow implement it; {@link TrainingSession} adds everything else (optimizer, schedule,
 * clipping, weight average, divergence handling, checkpoints, listeners, progress) once.
 *
 * <p>An objective owns its batch buffers (allocated once, when it is made) and is driven by one
 * thread. {@link #lossAndGradient} must draw every random number from the generator it is given,
 * so that a step depends only on (seed, stream, step) and a resumed run is bit-identical.
 */
public interface Objective {

    /** The parameters being trained: a live float32 vector the optimizer updates in place. */
    INDArray parameters();

    /**
     * Draws one batch with {@code rng}, evaluates the loss and writes its gradient with respect to
     * {@link #parameters()} into {@code gradient}.
     *
     * @param rng      the generator of this step; every random draw comes from it
     * @param gradient a float32 vector as long as the parameters, overwritten
     * @return the batch loss (NaN or infinite if training diverged; the session then stops or skips)
     */
    double lossAndGradient(SplittableRandom rng, INDArray gradient);

    /**
     * What this objective trains, as ordered single-line key/value pairs: the model, the data and
     * every setting that changes the loss or its random draws. A checkpoint is resumed only by a
     * session whose objective gives the same pairs.
     */
    Map<String, String> fingerprint();
}
