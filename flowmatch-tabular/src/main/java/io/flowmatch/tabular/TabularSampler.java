package io.flowmatch.tabular;

import io.flowmatch.core.internal.NativeBuffers;
import io.flowmatch.core.model.ModelPass;
import io.flowmatch.core.model.VelocityModel;
import io.flowmatch.solvers.OdeSolver;
import io.flowmatch.solvers.TimeGrid;
import io.flowmatch.solvers.VectorField;
import java.nio.FloatBuffer;
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

    TabularSampler(VelocityModel model, int d, int k) {
        this.model = model;
        this.d = d;
        this.k = k;
        this.width = d + k;
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
            solver.integrate(f, f.state, grid);
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
        }

        void prepare(int start, float[] known, boolean[] isKnown, int[] labels, double w, SplittableRandom rng) {
            for (int q = 0; q < rows * d; q++) {
                x0[q] = (float) rng.nextGaussian();
            }
            NativeBuffers.floats(state).put(0, x0);
            anyKnown = false;
            for (int q = 0; q < rows * d; q++) {
                boolean kq = isKnown != null && isKnown[start * d + q];
                knownMask[q] = kq;
                knownVelocity[q] = kq ? known[start * d + q] - x0[q] : 0f;
                anyKnown |= kq;
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
                    ob.put(q + i, anyKnown && knownMask[q + i] ? knownVelocity[q + i] : v);
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
