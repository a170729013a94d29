package io.flowmatch.image;

import io.flowmatch.solvers.VectorField;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Classifier-free guidance as a vector field: v = v_uncond + w (v_cond - v_uncond), evaluated
 * with one pass of twice the rows (each point once with its label, once with the null label).
 * w = 0 is the unconditional flow, w = 1 the conditional one, w &gt; 1 pushes further toward the
 * class. Not thread-safe.
 */
public final class GuidedField implements VectorField {

    private final ConditionalPass pass;
    private final double guidance;
    private final int n;
    private final INDArray doubled;
    private final INDArray both;

    /**
     * @param model    the trained conditional model
     * @param labels   one class per point, each in [0, classes)
     * @param guidance the guidance scale w, finite
     */
    public GuidedField(UNetVelocityModel model, int[] labels, double guidance) {
        if (!Double.isFinite(guidance)) {
            throw new IllegalArgumentException("guidance scale must be finite, got " + guidance);
        }
        this.n = labels.length;
        if (n < 1) {
            throw new IllegalArgumentException("need at least one label");
        }
        this.pass = model.newConditionalPass(2 * n);
        int[] all = new int[2 * n];
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= model.architecture().classes()) {
                throw new IllegalArgumentException("label " + labels[i] + " is outside [0, "
                        + model.architecture().classes() + ")");
            }
            all[i] = labels[i];
            all[n + i] = ConditionalPass.NULL_LABEL;
        }
        pass.labels(all);
        this.guidance = guidance;
        this.doubled = Nd4j.create(model.dataType(), 2L * n, model.dimension());
        this.both = Nd4j.create(model.dataType(), 2L * n, model.dimension());
    }

    @Override
    public void evaluate(double t, INDArray x, INDArray out) {
        doubled.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).assign(x);
        doubled.get(NDArrayIndex.interval(n, 2 * n), NDArrayIndex.all()).assign(x);
        pass.evaluate(t, doubled, both);
        INDArray conditional = both.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
        INDArray unconditional = both.get(NDArrayIndex.interval(n, 2 * n), NDArrayIndex.all());
        // out = u + w (c - u)
        out.assign(conditional.sub(unconditional).muli(guidance).addi(unconditional));
    }
}
