package io.flowmatch.core.metrics;

import io.flowmatch.core.internal.ParallelChunks;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Distances between two samples of points, to judge generated samples against reference data:
 * the energy distance, the squared maximum mean discrepancy with a Gaussian kernel, the exact
 * 2-Wasserstein distance between the empirical measures and its sliced (random-projection)
 * counterpart, and two cheap diagnostics, the distance between the sample means and between the
 * sample covariances.
 *
 * <p>Inputs are two point sets {@code a} of shape {@code [n, d]} and {@code b} of shape
 * {@code [m, d]} (one point per row) of any numeric data type, typically float or double; views
 * and either memory order are fine. Each input is copied once to a {@code double[]} and all
 * arithmetic is in double precision. The energy distance, W2, sliced W2 and the mean distance
 * have the units of the points' coordinates (none is squared); the covariance distance compares
 * covariances and so has squared units; MMD^2 is dimensionless. Every metric is 0 for equal
 * samples and lower is better.
 *
 * <p>Inputs are validated and rejected with an {@link IllegalArgumentException} that names the
 * problem: {@code null}, not rank 2, empty (n or d is 0), non-numeric data type, a NaN or
 * infinite entry ("a has NaN at row 3, column 1"), or differing dimensions ("dimensions differ:
 * a has 2 columns, b has 3").
 *
 * <p>The class is stateless and thread-safe. The energy distance and MMD^2, whose cost grows with
 * the square of the sample size, spread their rows over several threads (default: the processors
 * available; the overloads with {@code threads} choose), with results bit-identical to one thread:
 * each row's sum is computed by one thread in the same order, and the rows are summed in order
 * on the calling thread. The other metrics work on one thread.
 */
public final class SampleDistances {

    /**
     * The largest sample size accepted by {@link #wasserstein2}: the exact assignment takes
     * O(n^3) time in the worst case (about 5 s at this size in 2-D on one core) and a dense
     * n x n matrix of doubles (200 MB at n = 5000).
     */
    public static final int MAX_EXACT_W2_POINTS = 5000;

    /** The most pooled points the median heuristic ({@link #medianBandwidth}) looks at. */
    public static final int MEDIAN_POINTS = 1000;

    /** The number of random directions {@link #slicedWasserstein2(INDArray, INDArray)} averages over. */
    public static final int DEFAULT_PROJECTIONS = 500;

    private SampleDistances() {
    }

    /**
     * The energy distance between the samples,
     * <pre>
     *   E = 2 mean_{i,j} |a_i - b_j| - mean_{i,i'} |a_i - a_i'| - mean_{j,j'} |b_j - b_j'|,
     * </pre>
     * with Euclidean norms and V-statistic means over all ordered pairs, the pairs
     * {@code i = i'} (distance 0) included. This is exactly the reference evaluator's
     * {@code 2 * cdist(a, b).mean() - cdist(a, a).mean() - cdist(b, b).mean()} (SciPy), so the
     * numbers are comparable. E is what Szekely and Rizzo call the energy distance
     * ({@code scipy.stats.energy_distance}, 1-D only, returns its square root); it is a
     * combination of mean distances, so its unit is the unit of the points. E >= 0, and E = 0
     * exactly when the two empirical distributions are equal; the result is exactly 0.0 for two
     * inputs with equal contents, and can come out a rounding-level negative number when the
     * distributions nearly coincide. Sizes may differ.
     *
     * <p>Cost: O((n + m)^2 d) time, O((n + m) d) memory; about 0.1 s for n = m = 2000 in 2-D
     * on one core.
     *
     * @param a points {@code [n, d]}
     * @param b points {@code [m, d]}
     * @return E, in the units of the points
     * @throws IllegalArgumentException on invalid input (see the class description)
     */
    public static double energyDistance(INDArray a, INDArray b) {
        return energyDistance(a, b, ParallelChunks.defaultThreads());
    }

    /**
     * The {@link #energyDistance(INDArray, INDArray) energy distance} on {@code threads} threads;
     * the same value on any number.
     *
     * @throws IllegalArgumentException on invalid input, or if {@code threads} is not positive
     */
    public static double energyDistance(INDArray a, INDArray b, int threads) {
        ParallelChunks.checkThreads(threads);
        PointMatrix x = PointMatrix.of(a, "a");
        PointMatrix y = PointMatrix.of(b, "b");
        PointMatrix.requireSameDimension(x, y);
        return 2 * meanPairDistance(x, y, threads) - meanPairDistance(x, x, threads) - meanPairDistance(y, y, threads);
    }

    /**
     * The exact 2-Wasserstein distance between the empirical measures of two samples of equal
     * size n (uniform weights 1/n),
     * <pre>
     *   W2 = sqrt( min over permutations s of (1/n) sum_i |a_i - b_s(i)|^2 ),
     * </pre>
     * with Euclidean norms. For equal sizes and uniform weights an optimal transport plan can be
     * taken to be a permutation, so this is the exact optimal-transport value (what a reference
     * evaluator computes with an exact solver such as POT's {@code ot.emd2} on squared distances,
     * followed by a square root). It is a distance, not its square, in the units of the points;
     * 0 for a permuted copy, and |c| when {@code b = a + c}.
     *
     * <p>The assignment is solved exactly by {@link LinearAssignment} on the squared distances
     * between the centred samples (subtracting each sample's mean only adds a row constant and a
     * column constant to the costs, hence the same amount to every permutation's total, so the
     * optimal permutation is unchanged, and the solver is much faster when the means differ); the
     * value is then summed from the original points.
     *
     * <p>Cost: O(n^2 d) to build the costs plus the assignment, O(n^3) in the worst case and
     * nearer n^2 in practice; O(n^2) memory (8 n^2 bytes). Measured on one core (warm JVM) for
     * 2-D Gaussian samples: about 0.1 s for n = 1000, 0.6 s for n = 2000, 2.7 s for n = 4000 and
     * 5 s for n = 5000; the first call in a JVM adds JIT compilation (about 1.4 s at n = 2000).
     *
     * @param a points {@code [n, d]}
     * @param b points {@code [n, d]}, the same n
     * @return W2, in the units of the points
     * @throws IllegalArgumentException on invalid input (see the class description), if the
     *                                  sizes differ (subsample the larger sample, or average W2
     *                                  over several equal-size subsamples), or if n exceeds
     *                                  {@link #MAX_EXACT_W2_POINTS}
     */
    public static double wasserstein2(INDArray a, INDArray b) {
        PointMatrix x = PointMatrix.of(a, "a");
        PointMatrix y = PointMatrix.of(b, "b");
        PointMatrix.requireSameDimension(x, y);
        int n = x.n;
        if (y.n != n) {
            throw new IllegalArgumentException("exact W2 needs samples of equal size, got a with " + n
                    + " points and b with " + y.n + "; subsample the larger one to " + Math.min(n, y.n) + " points");
        }
        if (n > MAX_EXACT_W2_POINTS) {
            throw new IllegalArgumentException("exact W2 is limited to " + MAX_EXACT_W2_POINTS
                    + " points per sample (O(n^3) time, n^2 doubles of memory), got " + n
                    + "; subsample both samples to at most " + MAX_EXACT_W2_POINTS);
        }
        int d = x.d;
        double[] ca = x.centred();
        double[] cb = y.centred();
        double[] cost = new double[n * n];
        for (int i = 0; i < n; i++) {
            int row = i * n;
            int ai = i * d;
            for (int j = 0; j < n; j++) {
                cost[row + j] = squaredDistance(ca, ai, cb, j * d, d);
            }
        }
        int[] match = LinearAssignment.solve(cost, n);
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += squaredDistance(x.x, i * d, y.x, match[i] * d, d);
        }
        return Math.sqrt(total / n);
    }

    /**
     * The Euclidean distance between the sample means, {@code |mean_i a_i - mean_j b_j|}.
     * A cheap first diagnostic: 0 does not mean the samples agree. Sizes may differ.
     *
     * <p>Cost: O((n + m) d) time, O(d) extra memory.
     *
     * @param a points {@code [n, d]}
     * @param b points {@code [m, d]}
     * @return the distance between the means, in the units of the points
     * @throws IllegalArgumentException on invalid input (see the class description)
     */
    public static double meanDistance(INDArray a, INDArray b) {
        PointMatrix x = PointMatrix.of(a, "a");
        PointMatrix y = PointMatrix.of(b, "b");
        PointMatrix.requireSameDimension(x, y);
        double[] ma = x.mean();
        double[] mb = y.mean();
        double s = 0;
        for (int k = 0; k < ma.length; k++) {
            double diff = ma[k] - mb[k];
            s += diff * diff;
        }
        return Math.sqrt(s);
    }

    /**
     * The Frobenius norm of the difference between the sample covariance matrices,
     * {@code sqrt(sum_{p,q} (Ca[p][q] - Cb[p][q])^2)}, where
     * {@code C[p][q] = sum_i (x_ip - mean_p)(x_iq - mean_q) / (n - 1)} (the unbiased estimator,
     * as {@code np.cov(x, rowvar=False)}). Covariances have squared units, so this result is in
     * squared units of the points (take its square root to compare with lengths). A cheap
     * diagnostic of spread and orientation. Sizes may differ.
     *
     * <p>Cost: O((n + m) d^2) time, O(d^2 + (n + m) d) memory.
     *
     * @param a points {@code [n, d]}, n >= 2
     * @param b points {@code [m, d]}, m >= 2
     * @return the Frobenius distance between the covariances, in squared units of the points
     * @throws IllegalArgumentException on invalid input (see the class description) or if a
     *                                  sample has fewer than 2 points
     */
    public static double covarianceDistance(INDArray a, INDArray b) {
        PointMatrix x = PointMatrix.of(a, "a");
        PointMatrix y = PointMatrix.of(b, "b");
        PointMatrix.requireSameDimension(x, y);
        for (PointMatrix p : new PointMatrix[] {x, y}) {
            if (p.n < 2) {
                throw new IllegalArgumentException("a sample covariance needs at least 2 points, " + p.name + " has "
                        + p.n);
            }
        }
        double[] ca = x.covariance();
        double[] cb = y.covariance();
        double s = 0;
        for (int k = 0; k < ca.length; k++) {
            double diff = ca[k] - cb[k];
            s += diff * diff;
        }
        return Math.sqrt(s);
    }

    /**
     * The squared maximum mean discrepancy with a Gaussian kernel whose bandwidth is chosen by the
     * median heuristic ({@link #medianBandwidth}); see {@link #mmdSquared(INDArray, INDArray, double)}.
     *
     * @param a points {@code [n, d]}
     * @param b points {@code [m, d]}
     * @return MMD^2, dimensionless, in [0, 2]
     * @throws IllegalArgumentException on invalid input (see the class description), or if every
     *                                  pair of points coincides (no positive bandwidth exists)
     */
    public static double mmdSquared(INDArray a, INDArray b) {
        return mmdSquared(a, b, ParallelChunks.defaultThreads());
    }

    /**
     * {@link #mmdSquared(INDArray, INDArray) MMD^2 with the median bandwidth} on {@code threads}
     * threads; the same value on any number.
     *
     * @throws IllegalArgumentException as {@link #mmdSquared(INDArray, INDArray)}, or if
     *                                  {@code threads} is not positive
     */
    public static double mmdSquared(INDArray a, INDArray b, int threads) {
        ParallelChunks.checkThreads(threads);
        PointMatrix x = PointMatrix.of(a, "a");
        PointMatrix y = PointMatrix.of(b, "b");
        PointMatrix.requireSameDimension(x, y);
        double bandwidth = medianBandwidth(x, y);
        if (!(bandwidth > 0)) {
            throw new IllegalArgumentException("the median heuristic needs distinct points: the median distance"
                    + " between the pooled points is 0; give a bandwidth explicitly");
        }
        return mmdSquared(x, y, bandwidth, threads);
    }

    /**
     * The squared maximum mean discrepancy between the samples with the Gaussian kernel
     * {@code k(p, q) = exp(-|p - q|^2 / (2 h^2))} of bandwidth h,
     * <pre>
     *   MMD^2 = mean_{i,i'} k(a_i, a_i') + mean_{j,j'} k(b_j, b_j') - 2 mean_{i,j} k(a_i, b_j),
     * </pre>
     * the biased V-statistic of Gretton et al. (2012): means over all ordered pairs, the pairs
     * {@code i = i'} (kernel 1) included, as the {@link #energyDistance energy distance} does.
     * It is never negative (the V-statistic is the squared RKHS distance between the two
     * empirical mean embeddings), 0 exactly for equal empirical distributions, at most 2, and
     * dimensionless. Its floor for two independent samples of one distribution is of order
     * {@code 1/n + 1/m}. For N(mu1, s^2 I) against N(mu2, s^2 I) in d dimensions the population
     * value is {@code 2 (h^2/(h^2 + 2 s^2))^(d/2) (1 - exp(-|mu1 - mu2|^2 / (2 (h^2 + 2 s^2))))}.
     *
     * <p>Cost: O((n + m)^2 d) time with one exponential per pair, O((n + m) d) memory; about
     * 0.2 s for n = m = 2000 in 2-D on one core.
     *
     * @param a         points {@code [n, d]}
     * @param b         points {@code [m, d]}
     * @param bandwidth the kernel's length scale h, in the units of the points; positive, finite
     * @return MMD^2, dimensionless, in [0, 2]
     * @throws IllegalArgumentException on invalid input (see the class description) or bandwidth
     */
    public static double mmdSquared(INDArray a, INDArray b, double bandwidth) {
        return mmdSquared(a, b, bandwidth, ParallelChunks.defaultThreads());
    }

    /**
     * {@link #mmdSquared(INDArray, INDArray, double) MMD^2 with bandwidth h} on {@code threads}
     * threads; the same value on any number.
     *
     * @throws IllegalArgumentException as {@link #mmdSquared(INDArray, INDArray, double)}, or if
     *                                  {@code threads} is not positive
     */
    public static double mmdSquared(INDArray a, INDArray b, double bandwidth, int threads) {
        ParallelChunks.checkThreads(threads);
        if (!(bandwidth > 0) || !Double.isFinite(bandwidth)) {
            throw new IllegalArgumentException("the kernel bandwidth must be positive and finite, got " + bandwidth);
        }
        PointMatrix x = PointMatrix.of(a, "a");
        PointMatrix y = PointMatrix.of(b, "b");
        PointMatrix.requireSameDimension(x, y);
        return mmdSquared(x, y, bandwidth, threads);
    }

    /**
     * The median heuristic's kernel bandwidth: the median Euclidean distance between distinct
     * points of the pooled sample {@code a} and {@code b} (Gretton et al.). Above
     * {@value #MEDIAN_POINTS} pooled points the median is taken over an evenly strided subset of
     * that many points, so the cost stays bounded (O(k^2) with k = {@value #MEDIAN_POINTS}) and
     * the result is deterministic.
     *
     * @param a points {@code [n, d]}
     * @param b points {@code [m, d]}
     * @return the median distance, in the units of the points; 0 if at least half of the pairs
     *         coincide
     * @throws IllegalArgumentException on invalid input (see the class description), or if the
     *                                  pooled sample has a single point
     */
    public static double medianBandwidth(INDArray a, INDArray b) {
        PointMatrix x = PointMatrix.of(a, "a");
        PointMatrix y = PointMatrix.of(b, "b");
        PointMatrix.requireSameDimension(x, y);
        return medianBandwidth(x, y);
    }

    /**
     * The sliced 2-Wasserstein distance with {@value #DEFAULT_PROJECTIONS} random directions
     * drawn from seed 0; see {@link #slicedWasserstein2(INDArray, INDArray, int, long)}.
     */
    public static double slicedWasserstein2(INDArray a, INDArray b) {
        return slicedWasserstein2(a, b, DEFAULT_PROJECTIONS, 0L);
    }

    /**
     * The sliced 2-Wasserstein distance: the root mean square, over {@code projections} random
     * unit directions theta (uniform on the sphere, drawn from {@code seed}), of the exact 1-D
     * 2-Wasserstein distance between the projected samples {@code a theta} and {@code b theta},
     * <pre>
     *   SW2 = sqrt( mean_theta W2^2(theta . a, theta . b) ),
     * </pre>
     * a Monte Carlo estimate of {@code sqrt(E_theta W2^2)} (Bonneel et al. 2015). Each 1-D W2^2
     * is exact between the empirical measures, by matching quantile functions, so sizes may
     * differ. In the units of the points; 0 for a permuted copy; {@code |c| / sqrt(d)} (up to the
     * Monte Carlo error) for {@code b = a + c}; in 1-D it equals the exact
     * {@link #wasserstein2 W2}. Much cheaper than exact W2 for large samples, and always at most
     * W2. The same seed gives the same directions, hence the same value.
     *
     * <p>Cost: O(L (n + m) (d + log(n + m))) time for L projections, O(n + m) extra memory;
     * about 0.3 s for n = m = 2000, L = 500 on one core.
     *
     * @param a           points {@code [n, d]}
     * @param b           points {@code [m, d]}
     * @param projections the number of random directions L, at least 1
     * @param seed        the seed of the directions
     * @return SW2, in the units of the points
     * @throws IllegalArgumentException on invalid input (see the class description) or if
     *                                  {@code projections} is not positive
     */
    public static double slicedWasserstein2(INDArray a, INDArray b, int projections, long seed) {
        if (projections < 1) {
            throw new IllegalArgumentException("the number of projections must be positive, got " + projections);
        }
        PointMatrix x = PointMatrix.of(a, "a");
        PointMatrix y = PointMatrix.of(b, "b");
        PointMatrix.requireSameDimension(x, y);
        int d = x.d;
        SplittableRandom rng = new SplittableRandom(seed);
        double[] theta = new double[d];
        double[] px = new double[x.n];
        double[] py = new double[y.n];
        double sum = 0;
        for (int p = 0; p < projections; p++) {
            double norm;
            do {
                norm = 0;
                for (int k = 0; k < d; k++) {
                    theta[k] = rng.nextGaussian();
                    norm += theta[k] * theta[k];
                }
            } while (norm == 0);
            norm = Math.sqrt(norm);
            for (int k = 0; k < d; k++) {
                theta[k] /= norm;
            }
            project(x, theta, px);
            project(y, theta, py);
            sum += sortedSquaredW2(px, py);
        }
        return Math.sqrt(sum / projections);
    }

    private static void project(PointMatrix s, double[] theta, double[] out) {
        int d = s.d;
        for (int i = 0; i < s.n; i++) {
            double v = 0;
            int base = i * d;
            for (int k = 0; k < d; k++) {
                v += s.x[base + k] * theta[k];
            }
            out[i] = v;
        }
    }

    /**
     * W2^2 between two 1-D empirical measures with uniform weights: the integral over u in (0, 1)
     * of (F^-1(u) - G^-1(u))^2, both quantile functions piecewise constant with breaks at i/n and
     * j/m. Sorts its arguments in place.
     */
    static double sortedSquaredW2(double[] p, double[] q) {
        Arrays.sort(p);
        Arrays.sort(q);
        int n = p.length;
        int m = q.length;
        if (n == m) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                double diff = p[i] - q[i];
                s += diff * diff;
            }
            return s / n;
        }
        // merge the breakpoints i/n and j/m, exactly in integers: i * m versus j * n over n * m
        long total = (long) n * m;
        long at = 0;
        int i = 0;
        int j = 0;
        double s = 0;
        while (at < total) {
            long nextP = (long) (i + 1) * m;
            long nextQ = (long) (j + 1) * n;
            long next = Math.min(nextP, nextQ);
            double diff = p[i] - q[j];
            s += diff * diff * (next - at);
            at = next;
            if (nextP == next) {
                i++;
            }
            if (nextQ == next) {
                j++;
            }
        }
        return s / total;
    }

    private static double mmdSquared(PointMatrix x, PointMatrix y, double bandwidth, int threads) {
        double gamma = 1.0 / (2 * bandwidth * bandwidth);
        double value = meanKernel(x, x, gamma, threads) + meanKernel(y, y, gamma, threads)
                - 2 * meanKernel(x, y, gamma, threads);
        // the V-statistic is a squared norm; only rounding can make it negative
        return Math.max(0.0, value);
    }

    /** mean_{i,j} exp(-gamma |x_i - y_j|^2), summed like {@link #meanPairDistance}. */
    private static double meanKernel(PointMatrix x, PointMatrix y, double gamma, int threads) {
        return meanOverPairs(x, y, squared -> Math.exp(-gamma * squared), threads);
    }

    private static double medianBandwidth(PointMatrix x, PointMatrix y) {
        int pooled = x.n + y.n;
        if (pooled < 2) {
            throw new IllegalArgumentException("the median heuristic needs at least 2 points in all");
        }
        int k = Math.min(pooled, MEDIAN_POINTS);
        int d = x.d;
        double[] points = new double[k * d];
        for (int s = 0; s < k; s++) {
            // evenly strided over the pooled rows: a's rows first, then b's
            int row = (int) ((long) s * pooled / k);
            double[] src = row < x.n ? x.x : y.x;
            int offset = (row < x.n ? row : row - x.n) * d;
            System.arraycopy(src, offset, points, s * d, d);
        }
        double[] distances = new double[k * (k - 1) / 2];
        int c = 0;
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                distances[c++] = squaredDistance(points, i * d, points, j * d, d);
            }
        }
        Arrays.sort(distances);
        int len = distances.length;
        return len % 2 == 1 ? Math.sqrt(distances[len / 2])
                : 0.5 * (Math.sqrt(distances[len / 2 - 1]) + Math.sqrt(distances[len / 2]));
    }

    /**
     * mean_{i,j} |x_i - y_j| over all n * m ordered pairs: row sums in plain order, then a
     * compensated (Neumaier) sum over rows, so the result is accurate to a few ulps and two calls
     * with equal contents give bit-identical results.
     */
    private static double meanPairDistance(PointMatrix x, PointMatrix y, int threads) {
        return meanOverPairs(x, y, Math::sqrt, threads);
    }

    /** Rows of x per chunk of the pair sums: enough work per chunk to be worth a hand-over. */
    private static final int PAIR_ROWS_PER_CHUNK = 64;

    /**
     * mean_{i,j} f(|x_i - y_j|^2) over all n * m ordered pairs: row sums in plain order (rows in
     * chunks over {@code threads} threads), then a compensated (Neumaier) sum over the rows in
     * order on this thread.
     */
    private static double meanOverPairs(PointMatrix x, PointMatrix y, DoubleUnaryOperator ofSquaredDistance,
            int threads) {
        int d = x.d;
        double[] rowSums = new double[x.n];
        int chunks = (x.n + PAIR_ROWS_PER_CHUNK - 1) / PAIR_ROWS_PER_CHUNK;
        ParallelChunks.run(threads, chunks, () -> null, (none, c) -> {
            for (int i = c * PAIR_ROWS_PER_CHUNK, end = Math.min(x.n, i + PAIR_ROWS_PER_CHUNK); i < end; i++) {
                int ai = i * d;
                double row = 0;
                for (int j = 0; j < y.n; j++) {
                    row += ofSquaredDistance.applyAsDouble(squaredDistance(x.x, ai, y.x, j * d, d));
                }
                rowSums[i] = row;
            }
        });
        double sum = 0;
        double compensation = 0;
        for (double row : rowSums) {
            double t = sum + row;
            if (Math.abs(sum) >= Math.abs(row)) {
                compensation += (sum - t) + row;
            } else {
                compensation += (row - t) + sum;
            }
            sum = t;
        }
        return (sum + compensation) / ((double) x.n * y.n);
    }

    private static double squaredDistance(double[] p, int pOffset, double[] q, int qOffset, int d) {
        double s = 0;
        for (int k = 0; k < d; k++) {
            double diff = p[pOffset + k] - q[qOffset + k];
            s += diff * diff;
        }
        return s;
    }
}
