package io.flowmatch.core.model;

/**
 * An optional capability of a {@link VelocityModel}: derivatives with respect to the input x, as
 * a {@link TangentField}. Log-likelihoods by the instantaneous change of variables need it
 * ({@link io.flowmatch.core.likelihood.LogLikelihood}); training and sampling do not.
 * {@link MlpVelocityModel} implements it.
 */
public interface InputDifferentiable {

    /**
     * A tangent field of the model with the parameters it has now (a snapshot in double
     * precision: later changes to the parameters do not reach it).
     */
    TangentField tangentField();
}
