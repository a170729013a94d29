package io.flowmatch.core.internal;

import java.nio.Buffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Access to the native memory of dense ND4J arrays as NIO buffers, for the elementwise kernels.
 * Internal to flowmatch: not part of the supported API.
 */
public final class NativeBuffers {

    private NativeBuffers() {
    }

    /**
     * The NIO view (FloatBuffer or DoubleBuffer) of a dense, non-view, row-major array, indexed
     * from 0 at the array's first element.
     */
    public static Buffer of(INDArray a) {
        requireDense(a, "array");
        switch (a.dataType()) {
            case FLOAT:
                return a.data().asNioFloat();
            case DOUBLE:
                return a.data().asNioDouble();
            default:
                throw new IllegalArgumentException("unsupported data type " + a.dataType());
        }
    }

    /** The FloatBuffer view of a dense float32 array. */
    public static java.nio.FloatBuffer floats(INDArray a) {
        if (a.dataType() != org.nd4j.linalg.api.buffer.DataType.FLOAT) {
            throw new IllegalArgumentException("expected a FLOAT array, got " + a.dataType());
        }
        return (java.nio.FloatBuffer) of(a);
    }

    /** Checks that {@code a} owns its buffer from offset 0 in row-major order. */
    public static INDArray requireDense(INDArray a, String name) {
        if (a.isView() || a.offset() != 0 || (a.rank() > 1 && a.ordering() != 'c')) {
            throw new IllegalArgumentException(name + " must be a dense row-major array, not a view");
        }
        return a;
    }
}
