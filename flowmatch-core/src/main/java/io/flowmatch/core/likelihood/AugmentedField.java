package io.flowmatch.core.likelihood;

import io.flowmatch.core.likelihood.DivergenceEstimator.Probe;
import io.flowmatch.core.model.TangentField;
import io.flowmatch.solvers.VectorField;
import java.nio.DoubleBuffer;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The right-hand side of the change of variables on the augmented state {@code [rows, d + 1]}
 * (the point, then the accumulator z): {@code [v(t, x), -div v(t, x)]}.
 *
 * <p>The divergence comes from one call of the {@link TangentField} on {@code copies} stacked
 * copies of the rows: for the exact divergence copy k carries the unit vector e_k as its tangent
 * (d copies), for Hutchinson copy k carries the k-th probe of each row (drawn once, before the
 * integration, and kept for all of it). Buffers are allocated once.
 */
final class AugmentedField implements VectorField {

    private final TangentField field;
    private final int rows;
    private final int d;
    private final int copies;
    private final double scale;
    private final INDArray xs;
    private final INDArray tangents;
    private final INDArray values;
    private final INDArray products;
    private final DoubleBuffer xsBuffer;
    private final DoubleBuffer tangentBuffer;
    private final DoubleBuffer valueBuffer;
    private final DoubleBuffer productBuffer;

    /**
     * @param tangents the tangents of the stacked copies, from {@link #tangents}: copy c, row i,
     *                 coordinate k at {@code (c * rows + i) * d + k}
     */
    AugmentedField(TangentField field, int rows, DivergenceEstimator divergence, double[] tangents) {
        this.field = field;
        this.rows = rows;
        this.d = field.dimension();
        this.copies = divergence.isExact() ? d : divergence.probes();
        this.scale = divergence.isExact() ? 1.0 : 1.0 / copies;
        int total = Math.multiplyExact(rows, copies);
        if (tangents.length != total * d) {
            throw new IllegalArgumentException("expected " + total * d + " tangent values, got " + tangents.length);
        }
        xs = Nd4j.create(DataType.DOUBLE, total, d);
        this.tangents = Nd4j.create(DataType.DOUBLE, total, d);
        values = Nd4j.create(DataType.DOUBLE, total, d);
        products = Nd4j.create(DataType.DOUBLE, total, d);
        xsBuffer = xs.data().asNioDouble();
        tangentBuffer = this.tangents.data().asNioDouble();
        valueBuffer = values.data().asNioDouble();
        productBuffer = products.data().asNioDouble();
        tangentBuffer.put(0, tangents);
    }

    /**
     * The tangents for {@code rows} rows of dimension d: for the exact divergence copy k carries
     * the unit vector e_k; for Hutchinson copy k carries the k-th probe of each row, drawn from
     * {@code rng} (copy by copy, row by row, coordinate by coordinate).
     */
    static double[] tangents(DivergenceEstimator divergence, int rows, int d, SplittableRandom rng) {
        int copies = divergence.isExact() ? d : divergence.probes();
        double[] tangents = new double[Math.multiplyExact(Math.multiplyExact(rows, copies), d)];
        for (int c = 0; c < copies; c++) {
            for (int i = 0; i < rows; i++) {
                int base = (c * rows + i) * d;
                for (int k = 0; k < d; k++) {
                    double u;
                    if (divergence.isExact()) {
                        u = k == c ? 1.0 : 0.0;
                    } else if (divergence.probe() == Probe.RADEMACHER) {
                        u = rng.nextBoolean() ? 1.0 : -1.0;
                    } else {
                        u = rng.nextGaussian();
                    }
                    tangents[base + k] = u;
                }
            }
        }
        return tangents;
    }

    @Override
    public void evaluate(double t, INDArray y, INDArray out) {
        INDArray state = dense(y);
        DoubleBuffer yb = state.data().asNioDouble();
        int width = d + 1;
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < d; k++) {
                double v = yb.get(i * width + k);
                for (int c = 0; c < copies; c++) {
                    xsBuffer.put((c * rows + i) * d + k, v);
                }
            }
        }
        field.evaluate(t, xs, tangents, values, products);
        boolean direct = isDense(out);
        INDArray target = direct ? out : Nd4j.create(DataType.DOUBLE, rows, width);
        DoubleBuffer ob = target.data().asNioDouble();
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < d; k++) {
                ob.put(i * width + k, valueBuffer.get(i * d + k));
            }
            double div = 0;
            for (int c = 0; c < copies; c++) {
                int base = (c * rows + i) * d;
                for (int k = 0; k < d; k++) {
                    div += tangentBuffer.get(base + k) * productBuffer.get(base + k);
                }
            }
            ob.put(i * width + d, -scale * div);
        }
        if (!direct) {
            out.assign(target);
        }
    }

    private static boolean isDense(INDArray a) {
        return a.dataType() == DataType.DOUBLE && !a.isView() && a.offset() == 0 && a.ordering() == 'c';
    }

    private static INDArray dense(INDArray a) {
        return isDense(a) ? a : a.castTo(DataType.DOUBLE).dup('c');
    }
}
