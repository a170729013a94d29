package io.flowmatch.core;

import io.flowmatch.core.internal.NativeBuffers;
import io.flowmatch.core.model.ModelPass;
import io.flowmatch.core.model.VelocityModel;
import io.flowmatch.core.path.Prediction;
import io.flowmatch.core.train.Objective;
import io.flowmatch.datasets.DataSource;
import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conditional flow matching as an {@link Objective}: each batch draws data x1 and source x0,
 * pairs them by the recipe's coupling, draws times by its time sampler, asks its probability
 * path for x_t and the target velocity u_t (or takes x1 or x0 as the target for data or noise
 * prediction), and returns the mean squared error |v(t, x_t) - target|^2 averaged over the batch
 * and the coordinates, with its gradient.
 *
 * <p>Every buffer is allocated once, here; a step allocates nothing. The model's parameters are
 * trained in place.
 */
public final class FlowMatchingObjective implements Objective {

    private final Recipe recipe;
    private final VelocityModel model;
    private final DataSource data;
    private final DataSource source;
    private final int batch;
    private final int d;
    private final ModelPass pass;
    private final float[] x0;
    private final float[] x1;
    private final float[] t;
    private final float[] xt;
    private final float[] ut;
    private final INDArray tArray;
    private final INDArray xArray;
    private final INDArray gradOutput;
    private final FloatBuffer tBuffer;
    private final FloatBuffer xBuffer;
    private final FloatBuffer gradOutputBuffer;
    private INDArray lastOutput;
    private FloatBuffer lastOutputBuffer;

    /**
     * The objective of {@code recipe} (path, time sampler, coupling, prediction, batch size) for
     * {@code model} on {@code data}, from the recipe's source.
     *
     * @param recipe the recipe; its source must be rebuildable (see {@link Recipe#source(int)})
     *               unless {@code source} is given
     * @param model  a float32 velocity model of the data's dimension; trained in place
     * @param data   the target distribution x1
     * @param source the source distribution x0, or null for the recipe's
     * @throws IllegalArgumentException for a null argument, a non-float model or mismatched dimensions
     */
    public FlowMatchingObjective(Recipe recipe, VelocityModel model, DataSource data, DataSource source) {
        if (recipe == null || model == null || data == null) {
            throw new IllegalArgumentException("recipe, model and data must not be null");
        }
        this.d = model.dimension();
        if (model.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("training needs a FLOAT model, got " + model.dataType());
        }
        if (data.dimension() != d) {
            throw new IllegalArgumentException("the data has dimension " + data.dimension()
                    + " but the model has dimension " + d);
        }
        this.source = source != null ? source : recipe.source(d);
        if (this.source.dimension() != d) {
            throw new IllegalArgumentException("the source has dimension " + this.source.dimension()
                    + " but the model has dimension " + d);
        }
        this.recipe = recipe;
        this.model = model;
        this.data = data;
        this.batch = recipe.training().batchSize();
        int n = Math.multiplyExact(batch, d);
        this.pass = model.newPass(batch);
        this.x0 = new float[n];
        this.x1 = new float[n];
        this.t = new float[batch];
        this.xt = new float[n];
        this.ut = new float[n];
        this.tArray = Nd4j.create(DataType.FLOAT, batch, 1);
        this.xArray = Nd4j.create(DataType.FLOAT, batch, d);
        this.gradOutput = Nd4j.create(DataType.FLOAT, batch, d);
        this.tBuffer = NativeBuffers.floats(tArray);
        this.xBuffer = NativeBuffers.floats(xArray);
        this.gradOutputBuffer = NativeBuffers.floats(gradOutput);
    }

    /** The recipe. */
    public Recipe recipe() {
        return recipe;
    }

    /** The model being trained. */
    public VelocityModel model() {
        return model;
    }

    /** The data (x1). */
    public DataSource data() {
        return data;
    }

    /** The source (x0). */
    public DataSource source() {
        return source;
    }

    @Override
    public INDArray parameters() {
        return model.parameters();
    }

    @Override
    public double lossAndGradient(SplittableRandom rng, INDArray gradient) {
        data.sample(rng, x1, batch);
        source.sample(rng, x0, batch);
        recipe.coupling().couple(rng, x0, x1, batch, d);
        recipe.timeSampler().sample(rng, t, batch);
        recipe.path().sample(rng, x0, x1, t, batch, d, xt, ut);
        Prediction prediction = recipe.prediction();
        if (prediction == Prediction.DATA) {
            System.arraycopy(x1, 0, ut, 0, ut.length);
        } else if (prediction == Prediction.NOISE) {
            System.arraycopy(x0, 0, ut, 0, ut.length);
        }
        tBuffer.put(0, t);
        xBuffer.put(0, xt);
        INDArray v = pass.forward(tArray, xArray);
        if (v != lastOutput) {
            lastOutput = v;
            lastOutputBuffer = NativeBuffers.floats(v);
        }
        double loss = meanSquaredError(lastOutputBuffer);
        pass.backward(gradOutput, gradient);
        return loss;
    }

    /** mean((v - u)^2) and its gradient 2 (v - u) / (batch d) into gradOutput, in one pass. */
    private double meanSquaredError(FloatBuffer v) {
        int n = batch * d;
        float g = 2f / n;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float diff = v.get(i) - ut[i];
            sum += diff * diff;
            gradOutputBuffer.put(i, g * diff);
        }
        return sum / n;
    }

    /**
     * The recipe's text form with the model's own description in place of the recipe's model
     * entry, and the data and source as they describe themselves.
     */
    @Override
    public Map<String, String> fingerprint() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("model", Recipe.singleLine(model.description()));
        f.put("data", Recipe.singleLine(data.description()));
        f.put("source", Recipe.singleLine(source.description()));
        recipe.toMap().forEach(f::putIfAbsent);
        return Collections.unmodifiableMap(f);
    }
}
