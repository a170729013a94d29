package io.flowmatch.core.model;

/**
 * exp(x) for float32 without a call into the math library: Cody-Waite range reduction
 * x = n ln2 + r, |r| &lt;= ln2 / 2, a degree-6 Taylor polynomial for e^r and the power of two
 * 2^n built from its exponent bits. Relative error below 3e-7 (about 2 ulp) on [-87, 0], which
 * is all the ELU needs; {@code Math.exp} costs several times more per element on the JVM.
 */
final class FastExp {

    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding it rounds a float to an integer held in the low mantissa bits. */
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = 0x4B400000;
    /** Below this, e^x is under float's smallest normal number; the result is flushed there. */
    private static final float LOWEST = -87.3f;

    private FastExp() {
    }

    /** e^x for x &lt;= 0 (values below -87.3 give e^-87.3, about 1e-38). */
    static float expNonPositive(float x) {
        float v = Math.max(x, LOWEST);
        float t = v * LOG2E + ROUND;
        int n = Float.floatToRawIntBits(t) - ROUND_BITS;
        float fn = t - ROUND;
        float r = v - fn * LN2_HI - fn * LN2_LO;
        float p = 1f + r * (1f + r * (0.5f + r * (1f / 6 + r * (1f / 24 + r * (1f / 120 + r * (1f / 720))))));
        return p * Float.intBitsToFloat((n + 127) << 23);
    }
}
