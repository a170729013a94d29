package io.flowmatch.image;

/**
 * The pass of a class-conditional U-Net: the core's {@link io.flowmatch.core.model.ConditionalPass}
 * (labels set here condition every later forward, backward and evaluate until set again; until
 * then every row carries the null label, the unconditional model of classifier-free guidance),
 * as {@link UNetVelocityModel#newConditionalPass(int)} returns it.
 */
public interface ConditionalPass extends io.flowmatch.core.model.ConditionalPass {
}
