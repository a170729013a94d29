package io.flowmatch.image;

import io.flowmatch.core.model.ModelPass;

/**
 * A {@link ModelPass} of a class-conditional model: the labels set here condition every later
 * {@link #forward}, {@link #backward} and {@link #evaluate} until they are set again. Until then
 * every row carries the null label (the unconditional model of classifier-free guidance).
 */
public interface ConditionalPass extends ModelPass {

    /**
     * Sets the label of each row: a class in [0, classes) or {@link #NULL_LABEL} for none.
     *
     * @throws IllegalArgumentException if the length is not {@link #rows()} or a label is out of range
     */
    void labels(int[] labels);

    /** The label meaning "no class" (classifier-free guidance's unconditional input). */
    int NULL_LABEL = -1;
}
