package io.flowmatch.tabular;

import io.flowmatch.core.model.PassBuffers;
import io.flowmatch.core.model.VelocityModel;
import io.flowmatch.core.train.Objective;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The tabular flow's training objective: conditional flow matching on the encoded rows with the
 * linear path x_t = (1 - t) x0 + t x1 (x0 standard normal, t from the recipe's time sampler), target x1 - x0, and a
 * mean squared error that counts only the coordinates of present cells.
 *
 * <p><b>Missing cells.</b> A missing cell has no target, so its coordinates are left out of the
 * loss; its place in the network's input x_t is filled with the same column of another row,
 * drawn at random among the rows where it is present, so that the input looks like data.
 *
 * <p><b>Condition.</b> With a condition column of k categories, the network's input is
 * [x_t, c, t] where c is the one-hot label of the row (all zeros, the null label, with
 * probability {@code labelDropout} or where the label is missing), and its last k outputs are
 * ignored: one network learns both p(row | label) and p(row), for classifier-free guidance. The
 * label column stays one of the data columns too, so that the null-label field generates it.
 *
 * <p>Every buffer is allocated once; a step allocates nothing.
 */
final class TabularObjective implements Objective {

    private final TabularRecipe recipe;
    private final TableEncoder encoder;
    private final VelocityModel model;
    private final TableEncoder.Encoded data;
    private final int n;
    private final int d;
    private final int k;
    private final int width;
    private final int batch;
    private final int[] labels;
    private final boolean[] complete;
    private final int[][] presentRows;
    private final float[] x1;
    private final float[] x0;
    private final boolean[] mask;
    private final boolean discrete;
    /** With discrete categories: per coordinate, the column it belongs to if categorical or binary, else -1. */
    private final int[] tokenColumn;
    /** Per column: categorical or binary (a token under discrete coding). */
    private final boolean[] token;
    /** Per batch row and column: whether the token is revealed at the row's time. */
    private final boolean[] revealed;
    private final int numericCount;
    private final int tokenCount;
    private final float[] input;
    private final float[] t;
    private final int[] rows;
    private final PassBuffers buffers;
    private final FloatBuffer gradBuffer;
    private FloatBuffer lastOutputBuffer;

    /**
     * @param labels per training row, the condition's category code (-1 where missing); null
     *               for an unconditional flow
     * @param k      the number of condition categories (0 for none); the model has d + k inputs
     */
    TabularObjective(TabularRecipe recipe, TableEncoder encoder, TableEncoder.Encoded data, int[] labels, int k,
                     VelocityModel model) {
        this.recipe = recipe;
        this.encoder = encoder;
        this.model = model;
        this.data = data;
        this.n = data.rows();
        this.d = data.dimension();
        this.k = k;
        this.width = d + k;
        if (model.dimension() != width) {
            throw new IllegalArgumentException("the model has dimension " + model.dimension() + ", expected " + width);
        }
        this.labels = labels;
        this.batch = recipe.training().batchSize();
        this.complete = new boolean[n];
        for (int r = 0; r < n; r++) {
            boolean all = true;
            for (int i = 0; i < d && all; i++) {
                all = data.present()[r * d + i];
            }
            complete[r] = all;
        }
        List<TableEncoder.ColumnCoding> cols = encoder.columns();
        this.presentRows = new int[cols.size()][];
        for (int j = 0; j < cols.size(); j++) {
            int off = cols.get(j).offset();
            List<Integer> rows = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                if (data.present()[r * d + off]) {
                    rows.add(r);
                }
            }
            presentRows[j] = rows.stream().mapToInt(Integer::intValue).toArray();
        }
        this.discrete = recipe.categorical() == CategoricalCoding.DISCRETE;
        this.token = new boolean[cols.size()];
        this.tokenColumn = new int[d];
        java.util.Arrays.fill(tokenColumn, -1);
        int tokens = 0;
        for (int j = 0; j < cols.size(); j++) {
            TableEncoder.ColumnCoding c = cols.get(j);
            token[j] = discrete && c.type().isCategorical();
            if (token[j]) {
                tokens++;
                for (int i = 0; i < c.width(); i++) {
                    tokenColumn[c.offset() + i] = j;
                }
            }
        }
        this.tokenCount = tokens;
        int numeric = 0;
        for (int i = 0; i < d; i++) {
            numeric += tokenColumn[i] < 0 ? 1 : 0;
        }
        this.numericCount = numeric;
        this.revealed = new boolean[batch * cols.size()];
        this.x1 = new float[batch * d];
        this.x0 = new float[batch * d];
        this.mask = new boolean[batch * d];
        this.input = new float[batch * width];
        this.t = new float[batch];
        this.rows = new int[batch];
        this.buffers = new PassBuffers(model.newPass(batch), batch, width);
        this.gradBuffer = buffers.outputGradient();
    }

    @Override
    public INDArray parameters() {
        return model.parameters();
    }

    @Override
    public double lossAndGradient(SplittableRandom rng, INDArray gradient) {
        float[] x = data.x();
        boolean[] present = data.present();
        double dropout = recipe.labelDropout();
        List<TableEncoder.ColumnCoding> cols = encoder.columns();
        for (int b = 0; b < batch; b++) {
            int r = rng.nextInt(n);
            rows[b] = r;
            System.arraycopy(x, r * d, x1, b * d, d);
            System.arraycopy(present, r * d, mask, b * d, d);
            if (!complete[r]) {
                for (int j = 0; j < cols.size(); j++) {
                    TableEncoder.ColumnCoding c = cols.get(j);
                    if (!present[r * d + c.offset()] && !token[j]) {
                        int donor = presentRows[j][rng.nextInt(presentRows[j].length)];
                        System.arraycopy(x, donor * d + c.offset(), x1, b * d + c.offset(), c.width());
                    }
                }
            }
        }
        recipe.timeSampler().sample(rng, t, batch);
        for (int b = 0; b < batch; b++) {
            int r = rows[b];
            float tb = t[b];
            int in = b * width;
            for (int i = 0; i < d; i++) {
                float z = (float) rng.nextGaussian();
                x0[b * d + i] = z;
                input[in + i] = (1 - tb) * z + tb * x1[b * d + i];
            }
            if (discrete) {
                maskTokens(rng, b, tb, r, in);
            }
            if (k > 0) {
                int label = labels[r];
                boolean drop = rng.nextDouble() < dropout;
                for (int c = 0; c < k; c++) {
                    input[in + d + c] = !drop && label == c ? 1f : 0f;
                }
            }
        }
        buffers.times().put(0, t);
        buffers.inputs().put(0, input);
        lastOutputBuffer = buffers.forward();
        if (discrete) {
            return mixedLoss(gradient);
        }
        float g = 2f / (batch * d);
        double sum = 0;
        for (int b = 0; b < batch; b++) {
            int out = b * width;
            for (int i = 0; i < d; i++) {
                int q = b * d + i;
                float diff = mask[q] ? lastOutputBuffer.get(out + i) - (x1[q] - x0[q]) : 0f;
                sum += diff * diff;
                gradBuffer.put(out + i, g * diff);
            }
            for (int c = 0; c < k; c++) {
                gradBuffer.put(out + d + c, 0f);
            }
        }
        buffers.backward(gradient);
        return sum / (batch * d);
    }

    /**
     * The masked mixture path for the token columns of batch row {@code b} at time {@code tb}: a
     * present cell is revealed (its coding kept in the input) with probability kappa(t) = t, else
     * masked (zeros); a missing cell is always masked.
     */
    private void maskTokens(SplittableRandom rng, int b, float tb, int r, int in) {
        List<TableEncoder.ColumnCoding> cols = encoder.columns();
        boolean[] present = data.present();
        for (int j = 0; j < cols.size(); j++) {
            if (!token[j]) {
                continue;
            }
            TableEncoder.ColumnCoding c = cols.get(j);
            boolean show = present[r * d + c.offset()] && rng.nextDouble() < tb;
            revealed[b * cols.size() + j] = show;
            if (!show) {
                for (int i = 0; i < c.width(); i++) {
                    input[in + c.offset() + i] = 0f;
                }
            } else {
                for (int i = 0; i < c.width(); i++) {
                    input[in + c.offset() + i] = x1[b * d + c.offset() + i];
                }
            }
        }
    }

    /**
     * The loss with discrete tokens: the squared error of the numeric coordinates' velocity plus
     * the cross-entropy of every masked, present token cell (softmax over a categorical block's
     * outputs; a logistic output for a binary cell), summed and divided by batch times the number
     * of numeric coordinates and token columns.
     */
    private double mixedLoss(INDArray gradient) {
        List<TableEncoder.ColumnCoding> cols = encoder.columns();
        int m = cols.size();
        float norm = 1f / (batch * (numericCount + tokenCount));
        double sum = 0;
        for (int b = 0; b < batch; b++) {
            int out = b * width;
            for (int i = 0; i < d; i++) {
                int q = b * d + i;
                if (tokenColumn[i] >= 0) {
                    gradBuffer.put(out + i, 0f);
                    continue;
                }
                float diff = mask[q] ? lastOutputBuffer.get(out + i) - (x1[q] - x0[q]) : 0f;
                sum += diff * diff;
                gradBuffer.put(out + i, 2f * norm * diff);
            }
            for (int j = 0; j < m; j++) {
                TableEncoder.ColumnCoding c = cols.get(j);
                int q = b * d + c.offset();
                if (!token[j] || revealed[b * m + j] || !mask[q]) {
                    continue;
                }
                int o = out + c.offset();
                if (c.type() == io.flowmatch.datasets.ColumnType.BINARY) {
                    float logit = lastOutputBuffer.get(o);
                    float y = x1[q] > 0 ? 1f : 0f;
                    // -[y log s + (1 - y) log(1 - s)] with s = sigmoid(logit), written stably
                    sum += Math.max(logit, 0f) - logit * y + Math.log1p(Math.exp(-Math.abs(logit)));
                    float s = (float) (1.0 / (1.0 + Math.exp(-logit)));
                    gradBuffer.put(o, norm * (s - y));
                } else {
                    int w = c.width();
                    float max = Float.NEGATIVE_INFINITY;
                    for (int i = 0; i < w; i++) {
                        max = Math.max(max, lastOutputBuffer.get(o + i));
                    }
                    double z = 0;
                    for (int i = 0; i < w; i++) {
                        z += Math.exp(lastOutputBuffer.get(o + i) - max);
                    }
                    double logZ = max + Math.log(z);
                    for (int i = 0; i < w; i++) {
                        float logit = lastOutputBuffer.get(o + i);
                        float y = x1[q + i];
                        if (y > 0.5f) {
                            sum += logZ - logit;
                        }
                        gradBuffer.put(o + i, norm * ((float) Math.exp(logit - logZ) - y));
                    }
                }
            }
            for (int c = 0; c < k; c++) {
                gradBuffer.put(out + d + c, 0f);
            }
        }
        buffers.backward(gradient);
        return sum * norm;
    }

    @Override
    public Map<String, String> fingerprint() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("kind", "tabular");
        f.put("model", model.description());
        f.put("data_rows", Integer.toString(n));
        f.put("data_hash", Integer.toHexString(java.util.Arrays.hashCode(data.x())));
        encoder.toMap().forEach((key, value) -> f.put("encoder." + key, value));
        recipe.toMap().forEach(f::putIfAbsent);
        return Collections.unmodifiableMap(f);
    }
}
