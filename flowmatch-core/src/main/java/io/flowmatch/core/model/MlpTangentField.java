package io.flowmatch.core.model;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Forward-mode differentiation of an {@link MlpVelocityModel} in double precision: the value
 * h_l and its tangent h'_l go through the layers together,
 * <pre>
 *   z_l = h_{l-1} W_l + b_l,   z'_l = h'_{l-1} W_l,   h_l = f(z_l),   h'_l = f'(z_l) * z'_l,
 * </pre>
 * starting from h_0 = [x, t] and h'_0 = [u, 0] (the time is not perturbed). The first layer's
 * weights are split into the rows for x and the row for t, so the time enters as a bias. A
 * conditional network's class embedding row of a row's label is added to z_0 (a constant of x:
 * z'_0 is unchanged); rows with the null label, and all rows until {@link #labels} is called, get
 * nothing added.
 */
final class MlpTangentField implements ConditionalTangentField {

    private final MlpArchitecture arch;
    /** weights[l]: [n_in, n_out] in double; for layer 0 only the d rows for x. */
    private final INDArray[] weights;
    /** biases[l]: [1, n_out] in double. */
    private final INDArray[] biases;
    /** Layer 0's row for t, [1, n_out]. */
    private final INDArray timeRow;
    /** The class embedding in double, [classes][first hidden width]; empty for an unconditional network. */
    private final double[][] embedding;
    /** Each row's label for the next evaluations, or null: every row carries the null label. */
    private int[] labels;

    MlpTangentField(MlpVelocityModel model) {
        this.arch = model.architecture();
        int layers = arch.layerCount();
        weights = new INDArray[layers];
        biases = new INDArray[layers];
        int d = arch.dimension();
        double[][] first = model.layerBlock(0).toDoubleMatrix();
        weights[0] = Nd4j.createFromArray(Arrays.copyOfRange(first, 0, d));
        timeRow = Nd4j.createFromArray(new double[][] {first[d]});
        biases[0] = Nd4j.createFromArray(new double[][] {first[d + 1]});
        for (int l = 1; l < layers; l++) {
            double[][] block = model.layerBlock(l).toDoubleMatrix();
            int in = arch.inputsOf(l);
            weights[l] = Nd4j.createFromArray(Arrays.copyOfRange(block, 0, in));
            biases[l] = Nd4j.createFromArray(new double[][] {block[in]});
        }
        int classes = arch.classes();
        int width = arch.outputsOf(0);
        embedding = new double[classes][width];
        if (classes > 0) {
            double[] flat = model.parameters().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(
                    arch.embeddingOffset(), arch.embeddingOffset() + arch.embeddingSize()))
                    .castTo(DataType.DOUBLE).toDoubleVector();
            for (int c = 0; c < classes; c++) {
                System.arraycopy(flat, c * width, embedding[c], 0, width);
            }
        }
    }

    @Override
    public int classes() {
        return arch.classes();
    }

    @Override
    public void labels(int[] newLabels) {
        if (newLabels == null) {
            labels = null;
            return;
        }
        boolean any = false;
        for (int i = 0; i < newLabels.length; i++) {
            int y = newLabels[i];
            if (y != ConditionalPass.NULL_LABEL && (y < 0 || y >= arch.classes())) {
                throw new IllegalArgumentException("label " + y + " of row " + i + " is outside [0, " + arch.classes()
                        + ") and not the null label " + ConditionalPass.NULL_LABEL);
            }
            any |= y != ConditionalPass.NULL_LABEL;
        }
        labels = any ? newLabels.clone() : null;
    }

    @Override
    public int dimension() {
        return arch.dimension();
    }

    @Override
    public void evaluate(double t, INDArray x, INDArray u, INDArray out, INDArray tangentOut) {
        long n = check(x, "x", -1);
        check(u, "u", n);
        check(out, "out", n);
        check(tangentOut, "tangentOut", n);
        if (labels != null && labels.length != n) {
            throw new IllegalArgumentException("labels were set for " + labels.length + " rows, but x has " + n);
        }
        if (out.dataType() != DataType.DOUBLE || tangentOut.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("out and tangentOut must be DOUBLE, got " + out.dataType() + " and "
                    + tangentOut.dataType());
        }
        INDArray h = x.castTo(DataType.DOUBLE);
        INDArray hd = u.castTo(DataType.DOUBLE);
        int layers = arch.layerCount();
        for (int l = 0; l < layers; l++) {
            INDArray z = h.mmul(weights[l]);
            z.addiRowVector(l == 0 ? biases[0].add(timeRow.mul(t)) : biases[l]);
            if (l == 0 && labels != null) {
                z = addEmbedding(z);
            }
            INDArray zd = hd.mmul(weights[l]);
            if (l == layers - 1) {
                out.assign(z);
                tangentOut.assign(zd);
            } else {
                if (z.isView() || zd.isView() || z.ordering() != zd.ordering()) {
                    z = z.dup('c');
                    zd = zd.dup('c');
                }
                activate(z, zd);
                h = z;
                hd = zd;
            }
        }
    }

    /** z_0 plus each labelled row's embedding row (a dense copy when z is a view). */
    private INDArray addEmbedding(INDArray z) {
        INDArray dense = z.isView() || z.ordering() != 'c' ? z.dup('c') : z;
        DoubleBuffer zb = dense.data().asNioDouble();
        int width = (int) dense.columns();
        for (int i = 0; i < labels.length; i++) {
            int y = labels[i];
            if (y != ConditionalPass.NULL_LABEL) {
                double[] e = embedding[y];
                for (int j = 0; j < width; j++) {
                    zb.put(i * width + j, zb.get(i * width + j) + e[j]);
                }
            }
        }
        return dense;
    }

    /** In place: z becomes f(z) and zd becomes f'(z) * zd; both own their buffers, in the same order. */
    private void activate(INDArray z, INDArray zd) {
        Activation f = arch.activation();
        DoubleBuffer zb = z.data().asNioDouble();
        DoubleBuffer db = zd.data().asNioDouble();
        for (int i = 0, len = (int) z.length(); i < len; i++) {
            double pre = zb.get(i);
            double a = f.apply(pre);
            zb.put(i, a);
            db.put(i, db.get(i) * f.derivative(pre, a));
        }
    }

    private long check(INDArray a, String name, long rows) {
        if (a == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (a.rank() != 2 || a.columns() != arch.dimension() || a.rows() < 1 || (rows >= 0 && a.rows() != rows)) {
            throw new IllegalArgumentException(name + " must have shape [" + (rows >= 0 ? Long.toString(rows) : "n")
                    + ", " + arch.dimension() + "], got " + Arrays.toString(a.shape()));
        }
        if (!a.dataType().isFPType()) {
            throw new IllegalArgumentException(name + " must be FLOAT or DOUBLE, got " + a.dataType());
        }
        return a.rows();
    }
}
