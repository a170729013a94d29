package io.flowmatch.image;

import io.flowmatch.solvers.VectorField;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Classifier-free guidance as a vector field, v = v_uncond + w (v_cond - v_uncond).
 *
 * @deprecated the same field serves every conditional model now: use
 *             {@link io.flowmatch.core.model.GuidedField}
 */
@Deprecated
public final class GuidedField implements VectorField {

    private final io.flowmatch.core.model.GuidedField field;

    /**
     * @param model    the trained conditional model
     * @param labels   one class per point, each in [0, classes)
     * @param guidance the guidance scale w, finite
     */
    public GuidedField(UNetVelocityModel model, int[] labels, double guidance) {
        this.field = new io.flowmatch.core.model.GuidedField(model, labels, guidance);
    }

    @Override
    public void evaluate(double t, INDArray x, INDArray out) {
        field.evaluate(t, x, out);
    }
}
