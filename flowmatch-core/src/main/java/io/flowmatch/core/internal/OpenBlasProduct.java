package io.flowmatch.core.internal;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The direct OpenBLAS path of {@link MatrixProduct}; loaded only when the bindings are present.
 */
final class OpenBlasProduct {

    private OpenBlasProduct() {
    }

    /**
     * A typed pointer to the array's first element. A view's buffer already starts at the view's
     * offset in ND4J 1.0.0-M2.1; any remaining difference between the two offsets is applied.
     */
    static Pointer pointerOf(INDArray array) {
        Pointer base = array.data().addressPointer();
        long offset = array.offset() - array.data().offset();
        if (array.dataType() == DataType.FLOAT) {
            return new FloatPointer(base).position(offset);
        }
        return new DoublePointer(base).position(offset);
    }

    static void gemm(MatrixProduct.Operand a, boolean ta, MatrixProduct.Operand b, boolean tb, MatrixProduct.Operand c,
            int m, int n, int k) {
        int transA = ta ? openblas.CblasTrans : openblas.CblasNoTrans;
        int transB = tb ? openblas.CblasTrans : openblas.CblasNoTrans;
        if (c.array.dataType() == DataType.FLOAT) {
            openblas.cblas_sgemm(openblas.CblasRowMajor, transA, transB, m, n, k, 1f,
                    (FloatPointer) a.pointer, a.leadingDimension, (FloatPointer) b.pointer, b.leadingDimension, 0f,
                    (FloatPointer) c.pointer, c.leadingDimension);
        } else {
            openblas.cblas_dgemm(openblas.CblasRowMajor, transA, transB, m, n, k, 1.0,
                    (DoublePointer) a.pointer, a.leadingDimension, (DoublePointer) b.pointer, b.leadingDimension, 0.0,
                    (DoublePointer) c.pointer, c.leadingDimension);
        }
    }
}
