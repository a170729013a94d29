package io.flowmatch.core.path;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ProbabilityPath}: extend this class, give the path, and it is held to
 * the checks every path must pass.
 *
 * <ul>
 *   <li>x_t at t = 0 is x0 and at t = 1 is x1, within {@link #endpointTolerance()} (for paths that
 *       end at a Gaussian of width sigma around a point, sigma);</li>
 *   <li>the target u_t is the time derivative of x_t for a fixed draw (x0, x1 and, for a noisy
 *       path, its noise), checked by finite differences;</li>
 *   <li>buffers: every entry of xt[0..n*d) and ut[0..n*d) is written, nothing past them, and the
 *       inputs are left as they were;</li>
 *   <li>the same generator state gives bit-identical output; a path that draws no noise of its own
 *       ({@link #drawsNoise()} false) ignores the generator and gives the same as the overload
 *       without one;</li>
 *   <li>its description is not blank and, for a built-in path, parses back.</li>
 * </ul>
 *
 * <p>In the test-jar of flowmatch-core, so that paths in other modules can extend it.
 */
public abstract class ProbabilityPathContractTest {

    private static final int N = 40;
    private static final int D = 3;
    private static final float UNTOUCHED = 12345.5f;

    /** The path under test. */
    protected abstract ProbabilityPath path();

    /**
     * How far x_t may be from x0 at t = 0 and from x1 at t = 1, as a multiple of the larger of
     * |x0| and |x1| per coordinate: 0 (up to float rounding) unless the path ends at a Gaussian of
     * some width around its end points.
     */
    protected double endpointTolerance() {
        return 0;
    }

    /** Whether the path adds noise of its own to x_t (then it needs the generator). */
    protected boolean drawsNoise() {
        return false;
    }

    /** {@code Paths.parse} of the description, or null if the path is not a built-in one. */
    protected ProbabilityPath parsed(String description) {
        return null;
    }

    /** A batch: x0 ~ N(0, I), x1 ~ N(1.5, 0.5^2 I), the times all equal to {@code t}. */
    private static float[][] batch(long seed, float t) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x0 = new float[N * D];
        float[] x1 = new float[N * D];
        for (int k = 0; k < N * D; k++) {
            x0[k] = (float) rng.nextGaussian();
            x1[k] = (float) (1.5 + 0.5 * rng.nextGaussian());
        }
        float[] times = new float[N];
        Arrays.fill(times, t);
        return new float[][] {x0, x1, times};
    }

    /** x_t and u_t for the batch, with a generator of the given seed. */
    private float[][] sample(float[][] batch, long noiseSeed) {
        float[] xt = new float[N * D];
        float[] ut = new float[N * D];
        path().sample(new SplittableRandom(noiseSeed), batch[0], batch[1], batch[2], N, D, xt, ut);
        return new float[][] {xt, ut};
    }

    @Test
    public void startsAtTheSourcePointAndEndsAtTheDataPoint() {
        double tolerance = endpointTolerance();
        for (float t : new float[] {0f, 1f}) {
            float[][] b = batch(1L, t);
            float[] xt = sample(b, 2L)[0];
            float[] target = t == 0f ? b[0] : b[1];
            for (int k = 0; k < N * D; k++) {
                double scale = Math.max(Math.abs(b[0][k]), Math.abs(b[1][k]));
                assertThat((double) Math.abs(xt[k] - target[k])).as("|x_t - x%s| at t = %s, entry %s", (int) t, t, k)
                        .isLessThanOrEqualTo(tolerance * scale + 1e-5 * (1 + scale));
            }
        }
    }

    @Test
    public void targetVelocityIsTheTimeDerivativeOfThePoint() {
        // a fourth-order central difference of float32 points: error about 1e-5 here
        float h = 1f / 64;
        for (float t : new float[] {0.2f, 0.35f, 0.5f, 0.65f, 0.8f}) {
            float[][] b = batch(3L, t);
            float[] ut = sample(b, 4L)[1];
            float[][] at = new float[5][];
            for (int s = -2; s <= 2; s++) {
                float[][] shifted = {b[0], b[1], batch(3L, t + s * h)[2]};
                at[s + 2] = sample(shifted, 4L)[0];
            }
            for (int k = 0; k < N * D; k++) {
                double derivative = (-at[4][k] + 8.0 * at[3][k] - 8.0 * at[1][k] + at[0][k]) / (12.0 * h);
                assertThat(ut[k]).as("u_t against d x_t / dt at t = %s, entry %s", t, k)
                        .isCloseTo((float) derivative, org.assertj.core.data.Offset.offset((float) (2e-3 * (1 + Math.abs(derivative)))));
            }
        }
    }

    @Test
    public void writesExactlyTheBatchAndLeavesItsInputsAlone() {
        SplittableRandom rng = new SplittableRandom(5L);
        float[][] b = batch(6L, 0f);
        for (int i = 0; i < N; i++) {
            b[2][i] = rng.nextFloat();
        }
        int extra = 7;
        float[] x0 = Arrays.copyOf(b[0], N * D + extra);
        float[] x1 = Arrays.copyOf(b[1], N * D + extra);
        float[] t = Arrays.copyOf(b[2], N + extra);
        float[] x0Before = x0.clone();
        float[] x1Before = x1.clone();
        float[] tBefore = t.clone();
        float[] xt = new float[N * D + extra];
        float[] ut = new float[N * D + extra];
        Arrays.fill(xt, Float.NaN);
        Arrays.fill(ut, Float.NaN);
        Arrays.fill(xt, N * D, xt.length, UNTOUCHED);
        Arrays.fill(ut, N * D, ut.length, UNTOUCHED);
        path().sample(new SplittableRandom(8L), x0, x1, t, N, D, xt, ut);
        for (int k = 0; k < N * D; k++) {
            assertThat(Float.isFinite(xt[k]) && Float.isFinite(ut[k])).as("entry %s written", k).isTrue();
        }
        for (int k = N * D; k < xt.length; k++) {
            assertThat(xt[k]).as("xt past the batch").isEqualTo(UNTOUCHED);
            assertThat(ut[k]).as("ut past the batch").isEqualTo(UNTOUCHED);
        }
        assertThat(x0).containsExactly(x0Before);
        assertThat(x1).containsExactly(x1Before);
        assertThat(t).containsExactly(tBefore);
    }

    @Test
    public void theSameGeneratorGivesTheSamePoints() {
        float[][] b = batch(9L, 0.4f);
        float[][] first = sample(b, 10L);
        float[][] again = sample(b, 10L);
        assertThat(first[0]).containsExactly(again[0]);
        assertThat(first[1]).containsExactly(again[1]);
        float[][] otherSeed = sample(b, 11L);
        if (drawsNoise()) {
            assertThat(otherSeed[0]).as("a noisy path's points depend on the generator").isNotEqualTo(first[0]);
        } else {
            assertThat(otherSeed[0]).containsExactly(first[0]);
            assertThat(otherSeed[1]).containsExactly(first[1]);
            float[] xt = new float[N * D];
            float[] ut = new float[N * D];
            path().sample(b[0], b[1], b[2], N, D, xt, ut);
            assertThat(xt).containsExactly(first[0]);
            assertThat(ut).containsExactly(first[1]);
        }
    }

    @Test
    public void hasADescriptionThatParsesBack() {
        ProbabilityPath path = path();
        assertThat(path.description()).isNotBlank();
        ProbabilityPath again = parsed(path.description());
        if (again != null) {
            assertThat(again.description()).isEqualTo(path.description());
            float[][] b = batch(12L, 0.3f);
            float[] xt = new float[N * D];
            float[] ut = new float[N * D];
            again.sample(new SplittableRandom(13L), b[0], b[1], b[2], N, D, xt, ut);
            assertThat(xt).containsExactly(sample(b, 13L)[0]);
            assertThat(ut).containsExactly(sample(b, 13L)[1]);
        }
    }
}
