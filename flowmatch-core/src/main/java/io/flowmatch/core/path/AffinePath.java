package io.flowmatch.core.path;

/**
 * An affine path x_t = alpha(t) x1 + sigma(t) x0, whose conditional velocity is
 * u_t = alpha'(t) x1 + sigma'(t) x0. Subclasses give the two coefficients and their derivatives;
 * the batched arithmetic lives here once.
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
