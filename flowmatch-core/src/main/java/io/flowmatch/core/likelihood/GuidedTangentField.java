package io.flowmatch.core.likelihood;

import io.flowmatch.core.model.ConditionalTangentField;
import io.flowmatch.core.model.TangentField;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Classifier-free guidance as a tangent field: v = v_null + w (v_label - v_null), and since the
 * guided field is linear in the two fields, its Jacobian-vector product is
 * J_null u + w (J_label u - J_null u). w = 1 is the conditional field itself (one evaluation),
 * w = 0 the unconditional one; other w evaluate both. A row with the null label gets the
 * unconditional field whatever w is. Not thread-safe, like the field it wraps.
 */
final class GuidedTangentField implements TangentField {

    private final ConditionalTangentField field;
    private final double guidance;
    private int[] labels;
    /** Whether the wrapped field has {@link #labels} set now (else the null label). */
    private boolean labelled;
    private INDArray nullValues;
    private INDArray nullTangents;

    GuidedTangentField(ConditionalTangentField field, double guidance) {
        this.field = field;
        this.guidance = guidance;
    }

    /** The labels of the rows of the next evaluations (see {@link ConditionalTangentField#labels}); kept, not copied. */
    void labels(int[] rowLabels) {
        this.labels = rowLabels;
        field.labels(rowLabels);
        labelled = true;
    }

    /** Sets the wrapped field's labels to the rows' labels or to the null label, if they are not already. */
    private void conditional(boolean onLabels) {
        if (labelled != onLabels) {
            field.labels(onLabels ? labels : null);
            labelled = onLabels;
        }
    }

    @Override
    public int dimension() {
        return field.dimension();
    }

    @Override
    public void evaluate(double t, INDArray x, INDArray u, INDArray out, INDArray tangentOut) {
        if (guidance == 0.0) {
            conditional(false);
            field.evaluate(t, x, u, out, tangentOut);
            return;
        }
        conditional(true);
        field.evaluate(t, x, u, out, tangentOut);
        if (guidance == 1.0) {
            return;
        }
        if (nullValues == null || nullValues.rows() != x.rows()) {
            nullValues = Nd4j.create(DataType.DOUBLE, x.rows(), field.dimension());
            nullTangents = Nd4j.create(DataType.DOUBLE, x.rows(), field.dimension());
        }
        conditional(false);
        field.evaluate(t, x, u, nullValues, nullTangents);
        // out = v_null + w (v_label - v_null), the same for the tangents
        out.subi(nullValues).muli(guidance).addi(nullValues);
        tangentOut.subi(nullTangents).muli(guidance).addi(nullTangents);
    }
}
