package io.flowmatch.tabular;

import io.flowmatch.core.internal.NativeBuffers;
import io.flowmatch.core.model.ModelPass;
import io.flowmatch.core.model.VelocityModel;
import io.flowmatch.solvers.OdeSolver;
import io.flowmatch.solvers.TimeGrid;
import io.flowmatch.solvers.VectorField;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Integrates the tabular flow from Gaussian noise to encoded rows, in chunks of at most
 * {@link #CHUNK} rows, with three twists on a plain sampler:
 * <ul>
 *   <li><b>labels</b>: each row carries its condition label (or the null label), appended one-hot
 *       to the network's input;</li>
 *   <li><b>classifier-free guidance</b>: for a labelled row and guidance w, the velocity is
 *       v_null + w (v_label - v_null) (w = 1: the conditional field alone, one evaluation);</li>
 *   <li><b>known cells</b>: a coordinate whose value x1 is known (an imputation's present cell,
 *       a sample's fixed column) gets the velocity x1 - x0 of its straight path from its own noise
 *       x0, which every Runge-Kutta step integrates exactly, so the network always sees it where
 *       the training path puts it and it ends at x1.</li>
 *   <li><b>discrete tokens</b> ({@link CategoricalCoding#DISCRETE}): categorical and binary
 *       cells start masked (zeros) unless known, have no velocity, and after each step from t to
 *       t + h each masked cell is revealed with probability h / (1 - t) (all at the last step),
 *       its category drawn from the softmax of the (guided) logits the network gave at t; the
 *       numbers take the solver's step meanwhile, seeing the tokens revealed so far.</li>
 * </ul>
 * Not thread-safe; the model's parameters are read, never written.
 */
final class TabularSampler {

    /** Rows integrated together: keeps a chunk's activations in cache. */
    static final int CHUNK = 2048;

    private final VelocityModel model;
    private final int d;
    private final int k;
    private final int width;
    /** The token columns (categorical and binary under discrete coding); empty otherwise. */
    private final List<TableEncoder.ColumnCoding> tokens = new ArrayList<>();
    /** Per coordinate, whether it belongs to a token column. */
    private final boolean[] tokenCoordinate;

    TabularSampler(VelocityModel model, TableEncoder encoder, int k, CategoricalCoding coding) {
        this.model = model;
        this.d = encoder.dimension();
        this.k = k;
        this.width = d + k;
        this.tokenCoordinate = new boolean[d];
        if (coding == CategoricalCoding.DISCRETE) {
            for (TableEncoder.ColumnCoding c : encoder.columns()) {
                if (c.type().isCategorical()) {
                    tokens.add(c);
                    for (int i = 0; i < c.width(); i++) {
                        tokenCoordinate[c.offset() + i] = true;
                    }
                }
            }
        }
    }

    /**
     * Samples {@code n} encoded rows.
     *
     * @param known    per coordinate (n * d), the known value, read where {@code isKnown} is true;
     *                 may be null when nothing is known
     * @param isKnown  per coordinate, whether it is known; may be null
     * @param labels   per row, a condition code or -1 for the null label; null when unconditional
     * @param guidance the guidance weight w (1: plain conditional)
     * @return the encoded rows, n * d, known coordinates exactly as given
     */
    float[] sample(int n, float[] known, boolean[] isKnown, int[] labels, double guidance, OdeSolver solver,
                   int steps, SplittableRandom rng) {
        float[] result = new float[n * d];
        TimeGrid grid = TimeGrid.uniform(0, 1, steps);
        Field full = null;
        Field last = null;
        for (int start = 0; start < n; start += CHUNK) {
            int rows = Math.min(CHUNK, n - start);
            Field f;
            if (rows == Math.min(CHUNK, n)) {
                f = full == null ? (full = new Field(rows)) : full;
            } else {
                f = last == null ? (last = new Field(rows)) : last;
            }
            f.prepare(start, known, isKnown, labels, guidance, rng);
            if (tokens.isEmpty()) {
                solver.integrate(f, f.state, grid);
            } else {
                for (int step = 0; step < steps; step++) {
                    double t0 = grid.time(step);
                    double t1 = grid.time(step + 1);
                    f.capture = true;
                    solver.integrate(f, f.state, TimeGrid.of(t0, t1));
                    f.jump(t0, t1, step == steps - 1, rng);
                }
            }
            FloatBuffer s = NativeBuffers.floats(f.state);
            s.position(0);
            s.get(result, start * d, rows * d);
            if (isKnown != null) {
                for (int q = start * d, end = (start + rows) * d; q < end; q++) {
                    if (isKnown[q]) {
                        result[q] = known[q];
                    }
                }
            }
        }
        return result;
    }

    /** The guided, known-cell-aware velocity field of one chunk, with its buffers. */
    private final class Field implements VectorField {
        final int rows;
        final ModelPass pass;
        final INDArray state;
        final INDArray input;
        final INDArray outLabel;
        final INDArray outNull;
        final FloatBuffer inputBuffer;
        final FloatBuffer labelBuffer;
        final FloatBuffer nullBuffer;
        final float[] x0;
        final float[] knownVelocity;
        final boolean[] knownMask;
        final int[] rowLabels;
        /** Per row and token column: still masked. */
        final boolean[] masked;
        /** The (guided) network outputs at the start of the current step, rows * width. */
        final float[] logits;
        final double[] probabilities;
        boolean capture;
        boolean anyKnown;
        boolean anyLabel;
        double guidance;

        Field(int rows) {
            this.rows = rows;
            this.pass = model.newPass(rows);
            this.state = Nd4j.create(DataType.FLOAT, rows, d);
            this.input = Nd4j.create(DataType.FLOAT, rows, width);
            this.outLabel = Nd4j.create(DataType.FLOAT, rows, width);
            this.outNull = Nd4j.create(DataType.FLOAT, rows, width);
            this.inputBuffer = NativeBuffers.floats(input);
            this.labelBuffer = NativeBuffers.floats(outLabel);
            this.nullBuffer = NativeBuffers.floats(outNull);
            this.x0 = new float[rows * d];
            this.knownVelocity = new float[rows * d];
            this.knownMask = new boolean[rows * d];
            this.rowLabels = new int[rows];
            this.masked = new boolean[rows * tokens.size()];
            this.logits = tokens.isEmpty() ? new float[0] : new float[rows * width];
            int widest = 1;
            for (TableEncoder.ColumnCoding c : tokens) {
                widest = Math.max(widest, c.width());
            }
            this.probabilities = new double[widest];
        }

        void prepare(int start, float[] known, boolean[] isKnown, int[] labels, double w, SplittableRandom rng) {
            for (int q = 0; q < rows * d; q++) {
                x0[q] = (float) rng.nextGaussian();
            }
            anyKnown = false;
            for (int q = 0; q < rows * d; q++) {
                boolean kq = isKnown != null && isKnown[start * d + q];
                if (tokenCoordinate[q % d]) {
                    // a token starts masked (zeros), or at its known coding, and never flows
                    x0[q] = kq ? known[start * d + q] : 0f;
                    kq = true;
                    knownVelocity[q] = 0f;
                } else {
                    knownVelocity[q] = kq ? known[start * d + q] - x0[q] : 0f;
                }
                knownMask[q] = kq;
                anyKnown |= kq;
            }
            NativeBuffers.floats(state).put(0, x0);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < tokens.size(); j++) {
                    int q = start * d + r * d + tokens.get(j).offset();
                    masked[r * tokens.size() + j] = isKnown == null || !isKnown[q];
                }
            }
            anyLabel = false;
            for (int r = 0; r < rows; r++) {
                rowLabels[r] = labels == null ? -1 : labels[start + r];
                anyLabel |= rowLabels[r] >= 0;
            }
            this.guidance = w;
        }

        @Override
        public void evaluate(double t, INDArray x, INDArray out) {
            FloatBuffer xb = NativeBuffers.floats(x);
            FloatBuffer ob = NativeBuffers.floats(out);
            boolean guided = anyLabel && guidance != 1.0;
            fillInput(xb, true);
            pass.evaluate(t, input, outLabel);
            if (guided) {
                fillInput(xb, false);
                pass.evaluate(t, input, outNull);
            }
            float w = (float) guidance;
            for (int r = 0; r < rows; r++) {
                int o = r * width;
                int q = r * d;
                boolean labelled = rowLabels[r] >= 0;
                for (int i = 0; i < d; i++) {
                    float v = labelBuffer.get(o + i);
                    if (guided && labelled) {
                        float vn = nullBuffer.get(o + i);
                        v = vn + w * (v - vn);
                    }
                    if (capture) {
                        logits[o + i] = v;
                    }
                    ob.put(q + i, anyKnown && knownMask[q + i] ? knownVelocity[q + i] : v);
                }
            }
            capture = false;
        }

        /**
         * Reveals masked token cells after the step from {@code t0} to {@code t1}: each with
         * probability (t1 - t0) / (1 - t0), every one at the last step, its category drawn from
         * the logits captured at t0; the state's block becomes the category's coding.
         */
        void jump(double t0, double t1, boolean last, SplittableRandom rng) {
            double p = last ? 1.0 : (t1 - t0) / (1.0 - t0);
            FloatBuffer sb = NativeBuffers.floats(state);
            int m = tokens.size();
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < m; j++) {
                    if (!masked[r * m + j] || !(last || rng.nextDouble() < p)) {
                        continue;
                    }
                    masked[r * m + j] = false;
                    TableEncoder.ColumnCoding c = tokens.get(j);
                    int o = r * width + c.offset();
                    int q = r * d + c.offset();
                    if (c.type() == io.flowmatch.datasets.ColumnType.BINARY) {
                        double one = 1.0 / (1.0 + Math.exp(-logits[o]));
                        sb.put(q, c.categories().size() > 1 && rng.nextDouble() < one ? 1f : -1f);
                    } else {
                        int w = c.width();
                        float max = Float.NEGATIVE_INFINITY;
                        for (int i = 0; i < w; i++) {
                            max = Math.max(max, logits[o + i]);
                        }
                        double z = 0;
                        for (int i = 0; i < w; i++) {
                            probabilities[i] = Math.exp(logits[o + i] - max);
                            z += probabilities[i];
                        }
                        double u = rng.nextDouble() * z;
                        int pick = w - 1;
                        for (int i = 0; i < w; i++) {
                            u -= probabilities[i];
                            if (u < 0) {
                                pick = i;
                                break;
                            }
                        }
                        for (int i = 0; i < w; i++) {
                            sb.put(q + i, i == pick ? 1f : 0f);
                        }
                    }
                }
            }
        }

        private void fillInput(FloatBuffer xb, boolean withLabels) {
            for (int r = 0; r < rows; r++) {
                int o = r * width;
                int q = r * d;
                for (int i = 0; i < d; i++) {
                    inputBuffer.put(o + i, xb.get(q + i));
                }
                int label = withLabels ? rowLabels[r] : -1;
                for (int c = 0; c < k; c++) {
                    inputBuffer.put(o + d + c, c == label ? 1f : 0f);
                }
            }
        }
    }
}
