package io.flowmatch.core.path;

import io.flowmatch.core.path.scheduler.Scheduler;
import io.flowmatch.core.path.scheduler.Schedulers;

/**
 * The linear (conditional optimal transport) path x_t = (1 - t) x0 + t x1 with the constant
 * target velocity u_t = x1 - x0: the path of rectified flow and the default of
 * {@link io.flowmatch.core.FlowMatcher}.
 */
public final class CondOtPath extends AffinePath {

    static final CondOtPath INSTANCE = new CondOtPath();

    private CondOtPath() {
    }

    @Override
    public double alpha(double t) {
        return t;
    }

    @Override
    public double sigma(double t) {
        return 1.0 - t;
    }

    @Override
    public double alphaDerivative(double t) {
        return 1.0;
    }

    @Override
    public double sigmaDerivative(double t) {
        return -1.0;
    }

    @Override
    public void sample(float[] x0, float[] x1, float[] t, int n, int d, float[] xt, float[] ut) {
        for (int i = 0; i < n; i++) {
            float ti = t[i];
            int row = i * d;
            for (int j = row; j < row + d; j++) {
                xt[j] = (1f - ti) * x0[j] + ti * x1[j];
                ut[j] = x1[j] - x0[j];
            }
        }
    }

    /** The linear scheduler, whose closed-form inverse SNR {@link #timeOfSnr} then uses. */
    @Override
    public Scheduler asScheduler() {
        return Schedulers.condOt();
    }

    @Override
    public String description() {
        return "condot";
    }
}
