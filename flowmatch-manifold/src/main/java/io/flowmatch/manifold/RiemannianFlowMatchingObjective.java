package io.flowmatch.manifold;

import io.flowmatch.core.model.PassBuffers;
import io.flowmatch.core.model.VelocityModel;
import io.flowmatch.core.train.Objective;
import io.flowmatch.datasets.DataSource;
import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Riemannian conditional flow matching as an {@link Objective}: each batch draws data x1, uniform
 * source points x0 and times t, takes the point x_t and the velocity u_t of the
 * {@link GeodesicPath} from x0 to x1, and returns
 * <pre>
 *   L = mean_i |v(t_i, x_t,i) - u_t,i|^2 / D,    v = J(x)^T o(t, e(x))
 * </pre>
 * where o is the network's output on the point's features e(x) and J(x)^T projects it onto the
 * tangent space (see {@link Features}); |.| is the Riemannian norm, D the coordinates per point.
 * The gradient with respect to o is J(x) dL/dv, back-propagated through the network.
 *
 * <p>Each drawn data batch is checked to lie on the manifold (or wrapped, if the recipe says so)
 * and projected onto it exactly. Every buffer is allocated once, here; the network's parameters
 * are trained in place.
 */
public final class RiemannianFlowMatchingObjective implements Objective {

    private final RiemannianRecipe recipe;
    private final VelocityModel model;
    private final DataSource data;
    private final Manifold manifold;
    private final Embedding embedding;
    private final GeodesicPath path;
    private final int batch;
    private final String batchName;
    private final int d;
    private final int e;
    private final PassBuffers buffers;
    private final float[] x1f;
    private final double[] x1;
    private final double[] x0;
    private final double[] xt;
    private final double[] ut;
    private final double[] scratch;
    private final float[] t;
    private final double[] f;
    private final double[] o;
    private final double[] v;
    private final double[] gv;
    private final double[] go;

    /**
     * The objective of {@code recipe} for {@code model} on {@code data}.
     *
     * @param recipe the manifold, features, time sampler, wrapping and batch size
     * @param model  a float32 network as wide as the recipe's features ({@link RiemannianRecipe#architecture()})
     * @param data   the data distribution, points of the manifold's coordinates
     * @throws IllegalArgumentException for a null argument, a non-float model or mismatched widths
     */
    public RiemannianFlowMatchingObjective(RiemannianRecipe recipe, VelocityModel model, DataSource data) {
        if (recipe == null || model == null || data == null) {
            throw new IllegalArgumentException("recipe, model and data must not be null");
        }
        if (model.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("training needs a FLOAT model, got " + model.dataType());
        }
        this.recipe = recipe;
        this.model = model;
        this.data = data;
        this.manifold = recipe.manifold();
        this.embedding = recipe.embedding();
        this.path = new GeodesicPath(manifold);
        this.d = manifold.dimension();
        this.e = embedding.features();
        if (model.dimension() != e) {
            throw new IllegalArgumentException("the network has width " + model.dimension() + " but "
                    + manifold.description() + " with " + recipe.features().label() + " features needs " + e);
        }
        if (data.dimension() != d) {
            throw new IllegalArgumentException("the data have " + data.dimension() + " coordinates but "
                    + manifold.description() + " has " + d);
        }
        this.batch = recipe.training().batchSize();
        this.batchName = "a batch drawn from " + data.description() + ":";
        int n = Math.multiplyExact(batch, d);
        int ne = Math.multiplyExact(batch, e);
        this.buffers = new PassBuffers(model.newPass(batch), batch, e);
        this.x1f = new float[n];
        this.x1 = new double[n];
        this.x0 = new double[n];
        this.xt = new double[n];
        this.ut = new double[n];
        this.scratch = new double[n];
        this.t = new float[batch];
        this.f = new double[e];
        this.o = new double[ne];
        this.v = new double[n];
        this.gv = new double[n];
        this.go = new double[ne];
    }

    /** The recipe. */
    public RiemannianRecipe recipe() {
        return recipe;
    }

    /** The network being trained. */
    public VelocityModel model() {
        return model;
    }

    /** The data. */
    public DataSource data() {
        return data;
    }

    @Override
    public INDArray parameters() {
        return model.parameters();
    }

    @Override
    public double lossAndGradient(SplittableRandom rng, INDArray gradient) {
        data.sample(rng, x1f, batch);
        Arrays2.toDouble(x1f, x1, x1.length);
        if (recipe.wrapAngles()) {
            manifold.projectPoints(x1, x1, batch);
        }
        manifold.requireOnManifold(x1, batch, batchName);
        manifold.projectPoints(x1, x1, batch);
        manifold.sampleUniform(rng, x0, batch);
        recipe.timeSampler().sample(rng, t, batch);
        path.sample(x0, x1, t, batch, xt, ut, scratch);
        buffers.times().put(0, t, 0, batch);
        FloatBuffer xBuffer = buffers.inputs();
        for (int i = 0; i < batch; i++) {
            embedding.embed(xt, i * d, f, 0);
            for (int j = 0; j < e; j++) {
                xBuffer.put(i * e + j, (float) f[j]);
            }
        }
        FloatBuffer out = buffers.forward();
        for (int q = 0, len = batch * e; q < len; q++) {
            o[q] = out.get(q);
        }
        double sum = 0;
        double g = 2.0 / ((double) batch * d);
        for (int i = 0; i < batch; i++) {
            embedding.readOut(xt, i * d, o, i * e, v, i * d);
            for (int j = i * d; j < (i + 1) * d; j++) {
                double diff = v[j] - ut[j];
                sum += diff * diff;
                gv[j] = g * diff;
            }
            embedding.readOutAdjoint(xt, i * d, gv, i * d, go, i * e);
        }
        FloatBuffer gradOutputBuffer = buffers.outputGradient();
        for (int q = 0, len = batch * e; q < len; q++) {
            gradOutputBuffer.put(q, (float) go[q]);
        }
        buffers.backward(gradient);
        return sum / ((double) batch * d);
    }

    /**
     * The recipe's text form with the network's own description and the data's, which a
     * checkpoint must match to be resumed.
     */
    @Override
    public Map<String, String> fingerprint() {
        Map<String, String> fp = new LinkedHashMap<>();
        fp.put("model", model.description().replace('\n', ' '));
        fp.put("data", data.description().replace('\n', ' '));
        recipe.toMap().forEach(fp::putIfAbsent);
        return Collections.unmodifiableMap(fp);
    }
}
