package io.flowmatch.core.model;

/**
 * A {@link TangentField} of a class-conditional model: the labels set here condition every later
 * {@link #evaluate} (values and Jacobian-vector products alike) until they are set again. Until
 * then every row carries the {@link ConditionalPass#NULL_LABEL null label}, so that the field is
 * the model's unconditional field, exactly as a plain {@link TangentField}.
 *
 * <p>A label enters the network as a constant of x (a class embedding added to the first layer's
 * pre-activation), so it changes the velocity and its Jacobian but adds no tangent of its own.
 * Like every tangent field, it belongs to one thread at a time.
 */
public interface ConditionalTangentField extends TangentField {

    /** The number of classes the field is conditioned on (0: it takes only the null label). */
    int classes();

    /**
     * Sets the label of each row of the next evaluations: a class in [0, {@link #classes()}) or
     * {@link ConditionalPass#NULL_LABEL}; copied. The next {@link #evaluate} must have exactly
     * {@code labels.length} rows. {@code null} goes back to the null label for every row, for any
     * number of rows.
     *
     * @throws IllegalArgumentException naming the row and the label if one is out of range
     */
    void labels(int[] labels);
}
