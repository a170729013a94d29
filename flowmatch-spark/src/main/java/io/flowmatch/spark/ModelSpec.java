package io.flowmatch.spark;

import io.flowmatch.core.FlowModel;
import io.flowmatch.core.model.Activation;
import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.model.MlpVelocityModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a sampling task needs of a {@link FlowModel}, in serializable form: the MLP's shape and
 * the weights it samples with (the weight average if the model has one). Broadcast once per
 * sampling call; each executor rebuilds the model once.
 */
final class ModelSpec implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int dimension;
    private final int[] hidden;
    private final Activation activation;
    private final float[] parameters;
    private transient FlowModel model;

    private ModelSpec(MlpArchitecture architecture, float[] parameters) {
        this.dimension = architecture.dimension();
        this.hidden = architecture.hiddenWidths().stream().mapToInt(Integer::intValue).toArray();
        this.activation = architecture.activation();
        this.parameters = parameters;
    }

    /**
     * @throws IllegalArgumentException if the model's velocity field is not an MLP
     */
    static ModelSpec of(FlowModel model) {
        if (!(model.velocityModel() instanceof MlpVelocityModel mlp)) {
            throw new IllegalArgumentException("only MLP velocity models can be sampled on Spark, not "
                    + model.velocityModel().description());
        }
        return new ModelSpec(mlp.architecture(), mlp.parameters().toFloatVector());
    }

    int dimension() {
        return dimension;
    }

    /** The model, rebuilt on first use in this JVM. */
    synchronized FlowModel model() {
        if (model == null) {
            List<Integer> widths = new ArrayList<>();
            for (int w : hidden) {
                widths.add(w);
            }
            MlpArchitecture architecture = new MlpArchitecture(dimension, widths, activation);
            model = FlowModel.of(MlpVelocityModel.of(architecture, Nd4j.createFromArray(parameters)), null, 0L,
                    Map.of("model", architecture.toString()));
        }
        return model;
    }
}
