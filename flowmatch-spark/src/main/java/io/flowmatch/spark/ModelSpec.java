package io.flowmatch.spark;

import io.flowmatch.core.FlowModel;
import io.flowmatch.core.io.FlowModelFile;
import java.io.Serializable;

/**
 * What a sampling task needs of a {@link FlowModel}, in serializable form: the model file's bytes
 * ({@link FlowModelFile#toBytes}), so that the executors sample with everything the model is
 * (its weights or weight average, source, prediction and path). Broadcast once per sampling call;
 * each executor rebuilds the model once.
 */
final class ModelSpec implements Serializable {

    private static final long serialVersionUID = 2L;

    private final int dimension;
    private final byte[] bytes;
    private transient FlowModel model;

    private ModelSpec(int dimension, byte[] bytes) {
        this.dimension = dimension;
        this.bytes = bytes;
    }

    /**
     * @throws IllegalArgumentException if the model's velocity field is not an MLP, or it samples
     *                                  from a custom source that a file cannot hold
     */
    static ModelSpec of(FlowModel model) {
        byte[] bytes;
        try {
            bytes = FlowModelFile.toBytes(model);
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException("only MLP velocity models can be sampled on Spark, not "
                    + model.velocityModel().description(), e);
        }
        ModelSpec spec = new ModelSpec(model.dimension(), bytes);
        try {
            spec.model();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("this model cannot be shipped to Spark executors: " + e.getMessage(), e);
        }
        return spec;
    }

    int dimension() {
        return dimension;
    }

    /** The model, rebuilt on first use in this JVM. */
    synchronized FlowModel model() {
        if (model == null) {
            model = FlowModelFile.fromBytes(bytes, null);
        }
        return model;
    }
}
