package io.flowmatch.core.likelihood;

import io.flowmatch.core.model.TangentField;
import java.nio.DoubleBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The straight-line flow x(t) = M(t) x0 + t mu with M(t) = I + t (A - I), which carries N(0, I)
 * at t = 0 to N(mu, A A^T) at t = 1. Its velocity is linear in x,
 * v(t, x) = B(t) (x - t mu) + mu with B(t) = (A - I) M(t)^-1, so J = B(t) and div v = tr B(t).
 * A is upper triangular with a positive diagonal, so M(t) stays invertible on [0, 1] and the
 * target log-density is log N(A^-1 (x - mu); 0, I) - sum_k log A_kk in closed form.
 */
final class LinearField implements TangentField {

    private final double[][] a;
    private final double[] mu;
    private final int d;

    LinearField(double[][] a, double[] mu) {
        this.a = a;
        this.mu = mu;
        this.d = mu.length;
    }

    @Override
    public int dimension() {
        return d;
    }

    /** All four arrays must be dense row-major DOUBLE (as the likelihood code passes them). */
    @Override
    public void evaluate(double t, INDArray x, INDArray u, INDArray out, INDArray tangentOut) {
        double[][] b = b(t);
        DoubleBuffer xs = x.data().asNioDouble();
        DoubleBuffer us = u.data().asNioDouble();
        DoubleBuffer vs = out.data().asNioDouble();
        DoubleBuffer js = tangentOut.data().asNioDouble();
        for (int i = 0, n = (int) x.rows(); i < n; i++) {
            int base = i * d;
            for (int p = 0; p < d; p++) {
                double v = mu[p];
                double j = 0;
                for (int q = 0; q < d; q++) {
                    v += b[p][q] * (xs.get(base + q) - t * mu[q]);
                    j += b[p][q] * us.get(base + q);
                }
                vs.put(base + p, v);
                js.put(base + p, j);
            }
        }
    }

    /** B(t) = (A - I) M(t)^-1, with M(t)^-1 from back substitution (M is upper triangular). */
    double[][] b(double t) {
        double[][] m = new double[d][d];
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                m[p][q] = (p == q ? 1 : 0) + t * (a[p][q] - (p == q ? 1 : 0));
            }
        }
        double[][] inv = new double[d][d];
        for (int col = 0; col < d; col++) {
            for (int p = d - 1; p >= 0; p--) {
                double s = p == col ? 1 : 0;
                for (int q = p + 1; q < d; q++) {
                    s -= m[p][q] * inv[q][col];
                }
                inv[p][col] = s / m[p][p];
            }
        }
        double[][] b = new double[d][d];
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += (a[p][k] - (p == k ? 1 : 0)) * inv[k][q];
                }
                b[p][q] = s;
            }
        }
        return b;
    }

    /** The analytic log N(x; mu, A A^T). */
    double logDensity(double[] x) {
        double[] z = new double[d];
        for (int p = d - 1; p >= 0; p--) {
            double s = x[p] - mu[p];
            for (int q = p + 1; q < d; q++) {
                s -= a[p][q] * z[q];
            }
            z[p] = s / a[p][p];
        }
        double logp = -0.5 * d * Math.log(2 * Math.PI);
        for (int p = 0; p < d; p++) {
            logp += -0.5 * z[p] * z[p] - Math.log(a[p][p]);
        }
        return logp;
    }
}
