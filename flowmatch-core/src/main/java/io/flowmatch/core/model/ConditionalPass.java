package io.flowmatch.core.model;

/**
 * A {@link ModelPass} of a class-conditional model: the labels set here condition every later
 * {@link #forward}, {@link #backward} and {@link #evaluate} until they are set again. Until then
 * every row carries the null label, so that a conditional model's pass used as a plain
 * {@link ModelPass} is its unconditional model (classifier-free guidance trains one network for
 * both, the null label standing for "no class").
 *
 * <p>Made by {@link VelocityModel#newConditionalPass(int)}; like every pass, it belongs to one
 * thread at a time.
 */
public interface ConditionalPass extends ModelPass {

    /** The label meaning "no class" (classifier-free guidance's unconditional input). */
    int NULL_LABEL = -1;

    /**
     * Sets the label of each row: a class in [0, classes) or {@link #NULL_LABEL} for none. The
     * labels are copied.
     *
     * @throws IllegalArgumentException if the length is not {@link #rows()} or a label is out of range
     */
    void labels(int[] labels);
}
