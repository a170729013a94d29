package io.flowmatch.core.internal;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * C = op(A) op(B) into a preallocated C, for the fixed matrices of a model pass. Each matrix is
 * wrapped once as an {@link Operand}; a product then costs one BLAS call.
 *
 * <p>With ND4J's CPU backend and its OpenBLAS bindings on the class path, products call
 * {@code cblas_sgemm}/{@code cblas_dgemm} directly on the arrays' memory, skipping ND4J's
 * per-call dispatch and its allocations; otherwise (another backend) they go through
 * {@code Nd4j.getBlasWrapper().level3().gemm}. Both give the same numbers: the same BLAS routine
 * runs underneath. Internal to flowmatch.
 */
public final class MatrixProduct {

    private static final Logger LOG = LoggerFactory.getLogger(MatrixProduct.class);
    private static final boolean DIRECT = directBlasAvailable();

    private MatrixProduct() {
    }

    private static boolean directBlasAvailable() {
        // loading the bindings below loads OpenBLAS: its kernels must be chosen first
        BlasKernels.ensureChosen();
        if (Boolean.getBoolean("flowmatch.blas.viaNd4j")) {
            return false;
        }
        try {
            Class.forName("org.bytedeco.openblas.global.openblas");
            boolean cpu = Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu");
            LOG.debug("matrix products via {}", cpu ? "OpenBLAS directly" : "ND4J");
            return cpu;
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.debug("matrix products via ND4J: {}", e.toString());
            return false;
        }
    }

    /** Whether products call OpenBLAS directly. */
    public static boolean isDirect() {
        return DIRECT;
    }

    /**
     * A matrix prepared for products: a 2-D FLOAT or DOUBLE array whose rows are contiguous
     * (row-major, unit column stride), possibly a view.
     */
    public static final class Operand {
        final INDArray array;
        final int rows;
        final int columns;
        final int leadingDimension;
        final Object pointer;

        private Operand(INDArray array) {
            if (!isRowMajor(array)) {
                throw new IllegalArgumentException("matrix operands must be row-major 2-D arrays, got shape "
                        + java.util.Arrays.toString(array.shape()) + " with strides "
                        + java.util.Arrays.toString(array.stride()));
            }
            if (array.dataType() != DataType.FLOAT && array.dataType() != DataType.DOUBLE) {
                throw new IllegalArgumentException("matrix operands must be FLOAT or DOUBLE, got " + array.dataType());
            }
            this.array = array;
            this.rows = Math.toIntExact(array.rows());
            this.columns = Math.toIntExact(array.columns());
            this.leadingDimension = rows == 1 ? Math.max(columns, 1) : Math.toIntExact(array.stride(0));
            this.pointer = DIRECT ? OpenBlasProduct.pointerOf(array) : null;
        }

        /** The wrapped array. */
        public INDArray array() {
            return array;
        }
    }

    /**
     * Whether {@code a} is a 2-D array whose rows are laid out one after another with unit column
     * stride (the layout BLAS takes in row-major mode); single rows and columns always qualify.
     */
    public static boolean isRowMajor(INDArray a) {
        if (a.rank() != 2) {
            return false;
        }
        long rows = a.rows();
        long columns = a.columns();
        boolean unitColumns = columns == 1 || a.stride(1) == 1;
        boolean rowsApart = rows == 1 || a.stride(0) >= columns;
        return unitColumns && rowsApart;
    }

    /** Wraps {@code array} for use in products. */
    public static Operand operand(INDArray array) {
        return new Operand(array);
    }

    /**
     * c = op(a) op(b), where op transposes when asked. Shapes must agree; c must not overlap a or b.
     */
    public static void multiply(Operand a, boolean transposeA, Operand b, boolean transposeB, Operand c) {
        int m = transposeA ? a.columns : a.rows;
        int k = transposeA ? a.rows : a.columns;
        int kb = transposeB ? b.columns : b.rows;
        int n = transposeB ? b.rows : b.columns;
        if (k != kb || c.rows != m || c.columns != n) {
            throw new IllegalArgumentException("matrix product shapes do not agree: [" + m + "x" + k + "] x [" + kb + "x"
                    + n + "] -> [" + c.rows + "x" + c.columns + "]");
        }
        if (a.array.dataType() != c.array.dataType() || b.array.dataType() != c.array.dataType()) {
            throw new IllegalArgumentException("matrix product operands must share one data type");
        }
        if (DIRECT) {
            OpenBlasProduct.gemm(a, transposeA, b, transposeB, c, m, n, k);
        } else {
            Nd4j.getBlasWrapper().level3().gemm(a.array, b.array, c.array, transposeA, transposeB, 1.0, 0.0);
        }
    }
}
