package io.flowmatch.core.path;

import io.flowmatch.core.path.scheduler.Scheduler;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An affine path x_t = alpha(t) x1 + sigma(t) x0, whose conditional velocity is
 * u_t = alpha'(t) x1 + sigma'(t) x0. Subclasses give the two coefficients and their derivatives
 * (most simply through a {@link Scheduler}, see {@link Paths#affine(Scheduler)}); the batched
 * arithmetic and the conversions between {@link Prediction}s live here once.
 */
public abstract class AffinePath implements ProbabilityPath {

    /** The weight of the data point at time t. */
    public abstract double alpha(double t);

    /** The weight of the source point at time t. */
    public abstract double sigma(double t);

    /** d alpha / dt. */
    public abstract double alphaDerivative(double t);

    /** d sigma / dt. */
    public abstract double sigmaDerivative(double t);

    /**
     * The time at which alpha/sigma equals {@code snr} (0 for snr &lt;= 0, 1 for infinity); by
     * bisection unless a subclass knows a closed form. Used to change the schedule of a trained
     * model (see {@link ScheduleTransformedField}).
     */
    public double timeOfSnr(double snr) {
        return asScheduler().timeOfSnr(snr);
    }

    /** This path's coefficients as a {@link Scheduler}. */
    public Scheduler asScheduler() {
        AffinePath path = this;
        return new Scheduler() {
            @Override
            public double alpha(double t) {
                return path.alpha(t);
            }

            @Override
            public double sigma(double t) {
                return path.sigma(t);
            }

            @Override
            public double alphaDerivative(double t) {
                return path.alphaDerivative(t);
            }

            @Override
            public double sigmaDerivative(double t) {
                return path.sigmaDerivative(t);
            }

            @Override
            public String description() {
                return path.description();
            }
        };
    }

    /**
     * The two coefficients (c_x, c_p) with which a prediction of kind {@code from} at time t
     * converts to kind {@code to}: to = c_x x_t + c_p from, per coordinate. From a velocity v,
     * x1 = (sigma' x - sigma v) / D and x0 = (alpha v - alpha' x) / D with
     * D = alpha sigma' - sigma alpha'; from x1, x0 = (x - alpha x1) / sigma; from x0,
     * x1 = (x - sigma x0) / alpha; and v = alpha' x1 + sigma' x0.
     *
     * <p>Singular where the path pins the quantity down: converting from DATA needs sigma(t) != 0
     * (not at t = 1), from NOISE needs alpha(t) != 0 (not at t = 0); the result then holds
     * infinities.
     *
     * @return {c_x, c_p}
     */
    public double[] conversion(Prediction from, Prediction to, double t) {
        double a = alpha(t);
        double s = sigma(t);
        double da = alphaDerivative(t);
        double ds = sigmaDerivative(t);
        // x1 = a1 x + b1 p and x0 = a0 x + b0 p for the given prediction p
        double a1;
        double b1;
        double a0;
        double b0;
        switch (from) {
            case VELOCITY: {
                double det = a * ds - s * da;
                a1 = ds / det;
                b1 = -s / det;
                a0 = -da / det;
                b0 = a / det;
                break;
            }
            case DATA:
                a1 = 0;
                b1 = 1;
                a0 = 1 / s;
                b0 = -a / s;
                break;
            case NOISE:
                a0 = 0;
                b0 = 1;
                a1 = 1 / a;
                b1 = -s / a;
                break;
            default:
                throw new IllegalArgumentException("unknown prediction " + from);
        }
        switch (to) {
            case DATA:
                return new double[] {a1, b1};
            case NOISE:
                return new double[] {a0, b0};
            case VELOCITY:
                return new double[] {da * a1 + ds * a0, da * b1 + ds * b0};
            default:
                throw new IllegalArgumentException("unknown prediction " + to);
        }
    }

    /**
     * Converts a batch of predictions: {@code out = c_x x + c_p value} with the coefficients of
     * {@link #conversion}. Shapes {@code [n, d]}; {@code out} may be {@code value}.
     */
    public void convert(Prediction from, Prediction to, double t, INDArray x, INDArray value, INDArray out) {
        if (!Arrays.equals(x.shape(), value.shape()) || !Arrays.equals(x.shape(), out.shape())) {
            throw new IllegalArgumentException("x, value and out must have the same shape, got "
                    + Arrays.toString(x.shape()) + ", " + Arrays.toString(value.shape()) + ", "
                    + Arrays.toString(out.shape()));
        }
        double[] c = conversion(from, to, t);
        if (out != value) {
            out.assign(value);
        }
        out.muli(c[1]);
        if (c[0] != 0) {
            out.addi(x.mul(c[0]));
        }
    }

    @Override
    public void sample(float[] x0, float[] x1, float[] t, int n, int d, float[] xt, float[] ut) {
        for (int i = 0; i < n; i++) {
            double ti = t[i];
            float a = (float) alpha(ti);
            float s = (float) sigma(ti);
            float da = (float) alphaDerivative(ti);
            float ds = (float) sigmaDerivative(ti);
            int row = i * d;
            for (int j = row; j < row + d; j++) {
                xt[j] = a * x1[j] + s * x0[j];
                ut[j] = da * x1[j] + ds * x0[j];
            }
        }
    }

    @Override
    public String toString() {
        return description();
    }
}
