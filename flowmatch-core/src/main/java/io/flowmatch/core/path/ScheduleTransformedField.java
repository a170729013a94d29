package io.flowmatch.core.path;

import io.flowmatch.solvers.VectorField;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The velocity field of a trained flow re-expressed for another schedule, without retraining
 * (the construction of Meta {@code flow_matching}'s {@code ScheduleTransformedModel}).
 *
 * <p>Two affine paths with the same source and data have the same marginals up to a change of
 * time and scale: the point at time r of the new path (alpha-bar, sigma-bar) is s_r times the
 * point at time t_r of the trained path, where t_r has the same signal-to-noise ratio,
 * alpha(t_r)/sigma(t_r) = alpha-bar(r)/sigma-bar(r), and s_r = sigma-bar(r)/sigma(t_r). So the new
 * velocity at (r, x) is found by evaluating the trained velocity at (t_r, x / s_r), converting it
 * to the predicted x1 and x0 there, and recombining them with the new schedule's derivatives:
 * v-bar = alpha-bar'(r) x1 + sigma-bar'(r) x0.
 *
 * <p>Times r are clamped to at most {@code 1 - 1e-6}, where sigma-bar vanishes. Not
 * thread-safe (it keeps scratch arrays per batch shape); one instance per thread.
 */
public final class ScheduleTransformedField implements VectorField {

    private static final double LAST_TIME = 1 - 1e-6;

    private final VectorField trained;
    private final AffinePath trainedPath;
    private final AffinePath targetPath;
    private INDArray scaled;
    private INDArray velocity;
    private INDArray noise;

    /**
     * @param trained     the velocity field learned on {@code trainedPath}
     * @param trainedPath the path the field was trained on
     * @param targetPath  the path whose velocity to produce
     */
    public ScheduleTransformedField(VectorField trained, AffinePath trainedPath, AffinePath targetPath) {
        if (trained == null || trainedPath == null || targetPath == null) {
            throw new IllegalArgumentException("field and paths must not be null");
        }
        this.trained = trained;
        this.trainedPath = trainedPath;
        this.targetPath = targetPath;
    }

    @Override
    public void evaluate(double r, INDArray x, INDArray out) {
        double rr = Math.min(r, LAST_TIME);
        double snr = targetPath.alpha(rr) / targetPath.sigma(rr);
        double t = trainedPath.timeOfSnr(snr);
        double scale = targetPath.sigma(rr) / trainedPath.sigma(t);
        if (scaled == null || !Arrays.equals(scaled.shape(), x.shape()) || scaled.dataType() != x.dataType()) {
            scaled = x.ulike();
            velocity = x.ulike();
            noise = x.ulike();
        }
        scaled.assign(x).divi(scale);
        trained.evaluate(t, scaled, velocity);
        trainedPath.convert(Prediction.VELOCITY, Prediction.NOISE, t, scaled, velocity, noise);
        trainedPath.convert(Prediction.VELOCITY, Prediction.DATA, t, scaled, velocity, out);
        out.muli(targetPath.alphaDerivative(rr)).addi(noise.muli(targetPath.sigmaDerivative(rr)));
    }
}
