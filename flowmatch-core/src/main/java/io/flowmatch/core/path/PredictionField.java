package io.flowmatch.core.path;

import io.flowmatch.solvers.VectorField;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The velocity field of a network trained to predict x1 ({@link Prediction#DATA}) or x0
 * ({@link Prediction#NOISE}) on an affine path: evaluates the network and converts its output to
 * a velocity with {@link AffinePath#convert}. The conversion divides by sigma(t) (from x1) or
 * alpha(t) (from x0), which vanish at t = 1 and t = 0; times are clamped to at most
 * {@code 1 - 1e-3} and at least {@code 1e-3} respectively, as the image flow-matching recipe does
 * to keep the division by 1 - t from blowing up.
 *
 * <p>Not thread-safe (scratch per batch shape); one per thread, like the pass it wraps.
 */
public final class PredictionField implements VectorField {

    /** How close to the singular end a time may come. */
    public static final double END_CLAMP = 1e-3;

    private final VectorField network;
    private final AffinePath path;
    private final Prediction prediction;
    private INDArray raw;

    /**
     * @param network    evaluates the network's raw output
     * @param path       the affine path it was trained on
     * @param prediction what the output stands for
     */
    public PredictionField(VectorField network, AffinePath path, Prediction prediction) {
        if (network == null || path == null || prediction == null) {
            throw new IllegalArgumentException("network, path and prediction must not be null");
        }
        this.network = network;
        this.path = path;
        this.prediction = prediction;
    }

    @Override
    public void evaluate(double t, INDArray x, INDArray out) {
        if (prediction == Prediction.VELOCITY) {
            network.evaluate(t, x, out);
            return;
        }
        double tc = prediction == Prediction.DATA ? Math.min(t, 1 - END_CLAMP) : Math.max(t, END_CLAMP);
        if (raw == null || !Arrays.equals(raw.shape(), x.shape()) || raw.dataType() != x.dataType()) {
            raw = x.ulike();
        }
        network.evaluate(tc, x, raw);
        path.convert(prediction, Prediction.VELOCITY, tc, x, raw, out);
    }
}
