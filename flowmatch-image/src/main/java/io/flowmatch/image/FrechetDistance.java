package io.flowmatch.image;

/**
 * The Frechet distance between two Gaussians fitted to feature vectors (the statistic behind FID):
 * {@code |mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr((S1^(1/2) S2 S1^(1/2))^(1/2))}, in double
 * precision, with the square roots from symmetric eigendecompositions (cyclic Jacobi rotations;
 * eigenvalues below zero from rounding count as zero).
 */
final class FrechetDistance {

    private FrechetDistance() {
    }

    /** Mean and covariance (divided by n - 1) of {@code n} rows of {@code dim} values, row-major. */
    record Moments(double[] mean, double[][] covariance, int count) {

        static Moments of(float[] rows, int n, int dim) {
            if (n < 2) {
                throw new IllegalArgumentException("need at least 2 feature vectors, got " + n);
            }
            double[] mean = new double[dim];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < dim; j++) {
                    mean[j] += rows[i * dim + j];
                }
            }
            for (int j = 0; j < dim; j++) {
                mean[j] /= n;
            }
            double[][] cov = new double[dim][dim];
            double[] centred = new double[dim];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < dim; j++) {
                    centred[j] = rows[i * dim + j] - mean[j];
                }
                for (int j = 0; j < dim; j++) {
                    double cj = centred[j];
                    if (cj == 0) {
                        continue;
                    }
                    double[] row = cov[j];
                    for (int k = j; k < dim; k++) {
                        row[k] += cj * centred[k];
                    }
                }
            }
            for (int j = 0; j < dim; j++) {
                for (int k = j; k < dim; k++) {
                    cov[j][k] /= n - 1;
                    cov[k][j] = cov[j][k];
                }
            }
            return new Moments(mean, cov, n);
        }
    }

    /** The Frechet distance between the Gaussians of two sets of moments of the same dimension. */
    static double between(Moments a, Moments b) {
        int d = a.mean().length;
        if (b.mean().length != d) {
            throw new IllegalArgumentException("feature dimensions differ: " + d + " and " + b.mean().length);
        }
        double meanTerm = 0;
        for (int j = 0; j < d; j++) {
            double diff = a.mean()[j] - b.mean()[j];
            meanTerm += diff * diff;
        }
        double trace = 0;
        for (int j = 0; j < d; j++) {
            trace += a.covariance()[j][j] + b.covariance()[j][j];
        }
        double[][] root = sqrtm(a.covariance());
        double[][] m = multiply(multiply(root, b.covariance()), root);
        symmetrize(m);
        double[] eigen = eigenvalues(m);
        double crossTrace = 0;
        for (double e : eigen) {
            crossTrace += Math.sqrt(Math.max(0, e));
        }
        return meanTerm + trace - 2 * crossTrace;
    }

    /** The symmetric positive semi-definite square root of a symmetric matrix. */
    static double[][] sqrtm(double[][] s) {
        int d = s.length;
        double[][] a = copy(s);
        double[][] v = identity(d);
        jacobi(a, v);
        double[][] out = new double[d][d];
        for (int k = 0; k < d; k++) {
            double r = Math.sqrt(Math.max(0, a[k][k]));
            if (r == 0) {
                continue;
            }
            for (int i = 0; i < d; i++) {
                double vik = v[i][k] * r;
                if (vik == 0) {
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    out[i][j] += vik * v[j][k];
                }
            }
        }
        symmetrize(out);
        return out;
    }

    /** The eigenvalues of a symmetric matrix. */
    static double[] eigenvalues(double[][] s) {
        double[][] a = copy(s);
        jacobi(a, null);
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i][i];
        }
        return out;
    }

    /**
     * Cyclic Jacobi: rotates {@code a} in place to (nearly) diagonal form, accumulating the
     * rotations into the columns of {@code v} (unless null), until the off-diagonal mass is below
     * 1e-22 of the total or 100 sweeps are done.
     */
    private static void jacobi(double[][] a, double[][] v) {
        int n = a.length;
        double total = 0;
        for (double[] row : a) {
            for (double x : row) {
                total += x * x;
            }
        }
        if (total == 0) {
            return;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    off += a[i][j] * a[i][j];
                }
            }
            if (off <= 1e-22 * total) {
                return;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p][q];
                    if (Math.abs(apq) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    if (v != null) {
                        for (int k = 0; k < n; k++) {
                            double vkp = v[k][p];
                            double vkq = v[k][q];
                            v[k][p] = c * vkp - s * vkq;
                            v[k][q] = s * vkp + c * vkq;
                        }
                    }
                }
            }
        }
    }

    private static double[][] multiply(double[][] x, double[][] y) {
        int n = x.length;
        int m = y[0].length;
        int k = y.length;
        double[][] out = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < k; l++) {
                double xil = x[i][l];
                if (xil == 0) {
                    continue;
                }
                double[] yl = y[l];
                double[] oi = out[i];
                for (int j = 0; j < m; j++) {
                    oi[j] += xil * yl[j];
                }
            }
        }
        return out;
    }

    private static void symmetrize(double[][] m) {
        for (int i = 0; i < m.length; i++) {
            for (int j = i + 1; j < m.length; j++) {
                double avg = (m[i][j] + m[j][i]) / 2;
                m[i][j] = avg;
                m[j][i] = avg;
            }
        }
    }

    private static double[][] copy(double[][] s) {
        double[][] out = new double[s.length][];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i].clone();
        }
        return out;
    }

    private static double[][] identity(int d) {
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            out[i][i] = 1;
        }
        return out;
    }
}
