package io.flowmatch.core.model;

import java.nio.Buffer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The few elementwise passes of an MLP step, written as plain loops over the native memory of
 * ND4J arrays (one fused pass each, no temporaries), in one implementation per data type.
 *
 * <p>Matrices are row-major. An "augmented" matrix has one extra trailing column of ones that
 * folds the bias into the next matrix product; its row stride is {@code width + 1}.
 */
interface ElementwiseKernels {

    /** The kernels for arrays of {@code type} (FLOAT or DOUBLE). */
    static ElementwiseKernels forType(DataType type) {
        switch (type) {
            case FLOAT:
                return FloatKernels.INSTANCE;
            case DOUBLE:
                return DoubleKernels.INSTANCE;
            default:
                throw new IllegalArgumentException("unsupported data type " + type + ", expected FLOAT or DOUBLE");
        }
    }

    /**
     * Writes the augmented network input [x | t | 1] (row stride d + 2) for {@code rows} rows.
     *
     * @param x       points, row-major [rows, d], starting at element {@code xOffset}
     * @param t       per-row times [rows], or {@code null} to use {@code tScalar} for every row
     * @param tScalar the time used when {@code t} is null
     * @param input   destination [rows, d + 2]; the ones column is rewritten too
     */
    void fillInput(Buffer x, int xOffset, Buffer t, double tScalar, Buffer input, int rows, int d);

    /**
     * a[r, c] = f(z[r, c]) for the first {@code width} columns of the augmented {@code a}
     * (row stride width + 1); z is [rows, width].
     *
     * @param scratch heap work space sized for rows and width (unused in double precision)
     */
    void activate(Activation f, Buffer z, Buffer a, int rows, int width, Scratch scratch);

    /**
     * In place: grad[r, c] *= f'(z[r, c]), where grad and z are [rows, width] and a is the
     * augmented output of {@link #activate}.
     *
     * @param scratch heap work space sized for rows and width (unused in double precision)
     */
    void multiplyByDerivative(Activation f, Buffer z, Buffer a, Buffer grad, int rows, int width, Scratch scratch);

    /**
     * Two heap arrays for kernels that copy native data in bulk, compute in loops the JIT can
     * vectorise, and copy back. Owned by one pass, so kernels stay stateless and thread-safe.
     */
    final class Scratch {
        final float[] first;
        final float[] second;

        /** Room for [rows, width] in the first array and [rows, width + 1] in the second. */
        Scratch(int rows, int width) {
            first = new float[Math.multiplyExact(rows, width)];
            second = new float[Math.multiplyExact(rows, width + 1)];
        }
    }
}
