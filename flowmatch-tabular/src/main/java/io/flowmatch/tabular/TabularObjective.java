package io.flowmatch.tabular;

import io.flowmatch.core.internal.NativeBuffers;
import io.flowmatch.core.model.ModelPass;
import io.flowmatch.core.model.VelocityModel;
import io.flowmatch.core.train.Objective;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
    private final ModelPass pass;
    private final float[] x1;
    private final float[] x0;
    private final boolean[] mask;
    private final float[] input;
    private final float[] t;
    private final int[] rows;
    private final INDArray tArray;
    private final INDArray xArray;
    private final INDArray gradOutput;
    private final FloatBuffer tBuffer;
    private final FloatBuffer xBuffer;
    private final FloatBuffer gradBuffer;
    private INDArray lastOutput;
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
        this.pass = model.newPass(batch);
        this.x1 = new float[batch * d];
        this.x0 = new float[batch * d];
        this.mask = new boolean[batch * d];
        this.input = new float[batch * width];
        this.t = new float[batch];
        this.rows = new int[batch];
        this.tArray = Nd4j.create(DataType.FLOAT, batch, 1);
        this.xArray = Nd4j.create(DataType.FLOAT, batch, width);
        this.gradOutput = Nd4j.create(DataType.FLOAT, batch, width);
        this.tBuffer = NativeBuffers.floats(tArray);
        this.xBuffer = NativeBuffers.floats(xArray);
        this.gradBuffer = NativeBuffers.floats(gradOutput);
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
                    if (!present[r * d + c.offset()]) {
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
            if (k > 0) {
                int label = labels[r];
                boolean drop = rng.nextDouble() < dropout;
                for (int c = 0; c < k; c++) {
                    input[in + d + c] = !drop && label == c ? 1f : 0f;
                }
            }
        }
        tBuffer.put(0, t);
        xBuffer.put(0, input);
        INDArray v = pass.forward(tArray, xArray);
        if (v != lastOutput) {
            lastOutput = v;
            lastOutputBuffer = NativeBuffers.floats(v);
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
        pass.backward(gradOutput, gradient);
        return sum / (batch * d);
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
