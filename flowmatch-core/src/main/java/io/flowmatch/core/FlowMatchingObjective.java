package io.flowmatch.core;

import io.flowmatch.core.internal.RecipeText;
import io.flowmatch.core.model.ConditionalPass;
import io.flowmatch.core.model.PassBuffers;
import io.flowmatch.core.model.VelocityModel;
import io.flowmatch.core.path.Prediction;
import io.flowmatch.core.train.Objective;
import io.flowmatch.datasets.DataSource;
import io.flowmatch.datasets.LabelledDataSource;
import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Conditional flow matching as an {@link Objective}: each batch draws data x1 and source x0,
 * pairs them by the recipe's coupling, draws times by its time sampler, asks its probability
 * path for x_t and the target velocity u_t (or takes x1 or x0 as the target for data or noise
 * prediction), and returns the mean squared error |v(t, x_t) - target|^2 averaged over the batch
 * and the coordinates, with its gradient.
 *
 * <p><b>Labelled data</b> ({@link LabelledDataSource}) train a class-conditional model (one whose
 * {@link VelocityModel#classes()} is the data's) for classifier-free guidance: the batch is drawn
 * with its labels, paired within each class
 * ({@link io.flowmatch.core.coupling.Coupling#couple(SplittableRandom, float[], float[], int[], int, int)}),
 * then each label is replaced by the null label with the recipe's
 * {@link Recipe#labelDropout() label dropout} probability (a draw per row, after the times), and the
 * network sees the labels through a {@link ConditionalPass}.
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
    private final PassBuffers buffers;
    private final float[] x0;
    private final float[] x1;
    private final float[] t;
    private final float[] xt;
    private final float[] ut;
    /** Labelled data only (else null): the data with labels, the pass that takes them, the batch's labels. */
    private final LabelledDataSource labelled;
    private final ConditionalPass conditionalPass;
    private final int[] labels;

    /**
     * The objective of {@code recipe} (path, time sampler, coupling, prediction, batch size) for
     * {@code model} on {@code data}, from the recipe's source.
     *
     * @param recipe the recipe; its source must be rebuildable (see {@link Recipe#source(int)})
     *               unless {@code source} is given
     * @param model  a float32 velocity model of the data's dimension; trained in place
     * @param data   the target distribution x1
     * @param source the source distribution x0, or null for the recipe's
     * @throws IllegalArgumentException for a null argument, a non-float model, mismatched
     *                                  dimensions, or a model whose number of classes is not the
     *                                  data's (0 for unlabelled data)
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
        this.labelled = data instanceof LabelledDataSource l ? l : null;
        int dataClasses = labelled == null ? 0 : labelled.classes();
        if (model.classes() != dataClasses) {
            throw new IllegalArgumentException(labelled == null
                    ? "the model takes " + model.classes() + " class labels but the data " + data.description()
                            + " have none: give labelled data (a LabelledDataSource)"
                    : "the data " + data.description() + " have " + dataClasses + " classes but the model takes "
                            + model.classes() + " class labels");
        }
        this.conditionalPass = labelled == null ? null : model.newConditionalPass(batch);
        this.labels = labelled == null ? null : new int[batch];
        this.buffers = new PassBuffers(labelled == null ? model.newPass(batch) : conditionalPass, batch, d);
        this.x0 = new float[n];
        this.x1 = new float[n];
        this.t = new float[batch];
        this.xt = new float[n];
        this.ut = new float[n];
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
        if (labelled == null) {
            data.sample(rng, x1, batch);
            source.sample(rng, x0, batch);
            recipe.coupling().couple(rng, x0, x1, batch, d);
        } else {
            labelled.sample(rng, x1, labels, batch);
            source.sample(rng, x0, batch);
            recipe.coupling().couple(rng, x0, x1, labels, batch, d);
        }
        recipe.timeSampler().sample(rng, t, batch);
        if (labelled != null) {
            dropLabels(rng);
        }
        recipe.path().sample(rng, x0, x1, t, batch, d, xt, ut);
        Prediction prediction = recipe.prediction();
        if (prediction == Prediction.DATA) {
            System.arraycopy(x1, 0, ut, 0, ut.length);
        } else if (prediction == Prediction.NOISE) {
            System.arraycopy(x0, 0, ut, 0, ut.length);
        }
        buffers.times().put(0, t);
        buffers.inputs().put(0, xt);
        double loss = meanSquaredError(buffers.forward());
        buffers.backward(gradient);
        return loss;
    }

    /** Replaces each label by the null label with the recipe's probability, and hands them to the pass. */
    private void dropLabels(SplittableRandom rng) {
        double p = recipe.labelDropout();
        if (p > 0) {
            for (int i = 0; i < batch; i++) {
                if (rng.nextDouble() < p) {
                    labels[i] = ConditionalPass.NULL_LABEL;
                }
            }
        }
        conditionalPass.labels(labels);
    }

    /** mean((v - u)^2) and its gradient 2 (v - u) / (batch d) into gradOutput, in one pass. */
    private double meanSquaredError(FloatBuffer v) {
        FloatBuffer gradOutputBuffer = buffers.outputGradient();
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
        f.put("model", RecipeText.singleLine(model.description()));
        f.put("data", RecipeText.singleLine(data.description()));
        f.put("source", RecipeText.singleLine(source.description()));
        recipe.toMap().forEach(f::putIfAbsent);
        return Collections.unmodifiableMap(f);
    }
}
