package io.flowmatch.core.model;

import io.flowmatch.core.internal.NativeBuffers;
import io.flowmatch.solvers.VectorField;
import java.nio.Buffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Classifier-free guidance as a vector field: v = v_uncond + w (v_cond - v_uncond), evaluated
 * with one pass of twice the rows (each point once with its label, once with the null label).
 * w = 0 is the unconditional flow, w = 1 the conditional one, w &gt; 1 pushes further toward the
 * class. A row whose label is {@link ConditionalPass#NULL_LABEL} gets the unconditional velocity
 * whatever w is.
 *
 * <p>Every buffer is allocated here; {@link #evaluate} allocates nothing for the dense arrays
 * solvers hand it. Not thread-safe: one per thread, like the pass it owns.
 */
public final class GuidedField implements VectorField {

    private final ConditionalPass pass;
    private final double guidance;
    private final int n;
    private final int d;
    private final INDArray doubled;
    private final INDArray both;
    private final Buffer doubledBuffer;
    private final Buffer bothBuffer;
    private final int[] all;

    /**
     * @param model    a conditional model ({@link VelocityModel#classes()} &gt; 0)
     * @param labels   one label per point, each in [0, classes) or the null label; copied
     * @param guidance the guidance scale w, finite
     * @throws IllegalArgumentException      for no labels, a label out of range or a non-finite w
     * @throws UnsupportedOperationException if the model takes no labels
     */
    public GuidedField(VelocityModel model, int[] labels, double guidance) {
        if (!Double.isFinite(guidance)) {
            throw new IllegalArgumentException("guidance scale must be finite, got " + guidance);
        }
        if (labels == null || labels.length < 1) {
            throw new IllegalArgumentException("need at least one label");
        }
        this.n = labels.length;
        this.d = model.dimension();
        this.pass = model.newConditionalPass(2 * n);
        this.all = new int[2 * n];
        java.util.Arrays.fill(all, n, 2 * n, ConditionalPass.NULL_LABEL);
        labels(labels);
        this.guidance = guidance;
        this.doubled = Nd4j.create(model.dataType(), 2L * n, d);
        this.both = Nd4j.create(model.dataType(), 2L * n, d);
        this.doubledBuffer = NativeBuffers.of(doubled);
        this.bothBuffer = NativeBuffers.of(both);
    }

    /**
     * Sets new labels for the same number of points (copied).
     *
     * @throws IllegalArgumentException if the number differs from {@link #rows()} or a label is out of range
     */
    public void labels(int[] labels) {
        if (labels == null || labels.length != n) {
            throw new IllegalArgumentException("give one label per point (" + n + "), got "
                    + (labels == null ? "null" : labels.length));
        }
        System.arraycopy(labels, 0, all, 0, n);
        pass.labels(all);
    }

    /** The number of points the field evaluates at once. */
    public int rows() {
        return n;
    }

    /** The guidance scale w. */
    public double guidance() {
        return guidance;
    }

    @Override
    public void evaluate(double t, INDArray x, INDArray out) {
        Buffer xb = dense(x);
        if (xb != null) {
            copy(xb, doubledBuffer, 0, n * d);
            copy(xb, doubledBuffer, n * d, n * d);
        } else {
            doubled.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).assign(x);
            doubled.get(NDArrayIndex.interval(n, 2 * n), NDArrayIndex.all()).assign(x);
        }
        pass.evaluate(t, doubled, both);
        Buffer ob = dense(out);
        if (ob == null) {
            INDArray c = both.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
            INDArray u = both.get(NDArrayIndex.interval(n, 2 * n), NDArrayIndex.all());
            out.assign(c.sub(u).muli(guidance).addi(u));
            return;
        }
        int m = n * d;
        if (ob instanceof FloatBuffer o) {
            FloatBuffer b = (FloatBuffer) bothBuffer;
            float w = (float) guidance;
            for (int i = 0; i < m; i++) {
                float u = b.get(m + i);
                o.put(i, u + w * (b.get(i) - u));
            }
        } else {
            DoubleBuffer o = (DoubleBuffer) ob;
            DoubleBuffer b = (DoubleBuffer) bothBuffer;
            for (int i = 0; i < m; i++) {
                double u = b.get(m + i);
                o.put(i, u + guidance * (b.get(i) - u));
            }
        }
    }

    /** The native memory of {@code a} if it is a dense row-major [n, d] array of the model's type, else null. */
    private Buffer dense(INDArray a) {
        if (a.isView() || a.offset() != 0 || a.ordering() != 'c' || a.dataType() != doubled.dataType()
                || a.length() != (long) n * d) {
            return null;
        }
        return NativeBuffers.of(a);
    }

    private static void copy(Buffer from, Buffer to, int offset, int length) {
        if (from instanceof FloatBuffer f) {
            ((FloatBuffer) to).put(offset, f, 0, length);
        } else {
            ((DoubleBuffer) to).put(offset, (DoubleBuffer) from, 0, length);
        }
    }
}
