package io.flowmatch.solvers;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Allocation-free helpers over the dense working arrays of the solvers. */
final class Arrays2D {

    private Arrays2D() {
    }

    /** Checks the state argument and returns it, or a dense row-major copy to work on. */
    static INDArray workingCopy(INDArray state) {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        if (state.rank() != 2) {
            throw new IllegalArgumentException("state must be a 2-D array [n, d], got shape "
                    + java.util.Arrays.toString(state.shape()));
        }
        DataType type = state.dataType();
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("state must be FLOAT or DOUBLE, got " + type);
        }
        return isDense(state) ? state : state.dup('c');
    }

    static boolean isDense(INDArray a) {
        return !a.isView() && a.offset() == 0 && a.ordering() == 'c';
    }

    /** y += alpha * x (BLAS axpy; no allocation). */
    static void axpy(double alpha, INDArray x, INDArray y) {
        if (alpha != 0) {
            Nd4j.getBlasWrapper().level1().axpy(y.length(), alpha, x, y);
        }
    }

    /** Whether every element of the dense array is finite. */
    static boolean allFinite(INDArray a) {
        if (a.dataType() == DataType.FLOAT) {
            FloatBuffer b = a.data().asNioFloat();
            for (int i = 0, n = (int) a.length(); i < n; i++) {
                if (!Float.isFinite(b.get(i))) {
                    return false;
                }
            }
        } else {
            DoubleBuffer b = a.data().asNioDouble();
            for (int i = 0, n = (int) a.length(); i < n; i++) {
                if (!Double.isFinite(b.get(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * sqrt(mean((e_i / (atol + rtol max(|a_i|, |b_i|)))^2)) over all elements: the error norm of
     * embedded Runge-Kutta pairs (as in Hairer, scipy and torchdiffeq).
     */
    static double scaledRmsNorm(INDArray e, INDArray a, INDArray b, double atol, double rtol) {
        int n = (int) e.length();
        double sum = 0;
        if (e.dataType() == DataType.FLOAT) {
            FloatBuffer eb = e.data().asNioFloat();
            FloatBuffer ab = a.data().asNioFloat();
            FloatBuffer bb = b.data().asNioFloat();
            for (int i = 0; i < n; i++) {
                double scale = atol + rtol * Math.max(Math.abs(ab.get(i)), Math.abs(bb.get(i)));
                double r = eb.get(i) / scale;
                sum += r * r;
            }
        } else {
            DoubleBuffer eb = e.data().asNioDouble();
            DoubleBuffer ab = a.data().asNioDouble();
            DoubleBuffer bb = b.data().asNioDouble();
            for (int i = 0; i < n; i++) {
                double scale = atol + rtol * Math.max(Math.abs(ab.get(i)), Math.abs(bb.get(i)));
                double r = eb.get(i) / scale;
                sum += r * r;
            }
        }
        return Math.sqrt(sum / Math.max(1, n));
    }

    static void requireArguments(VectorField field, TimeGrid grid, StepHandler handler) {
        if (field == null) {
            throw new IllegalArgumentException("vector field must not be null");
        }
        if (grid == null) {
            throw new IllegalArgumentException("time grid must not be null");
        }
        if (handler == null) {
            throw new IllegalArgumentException("step handler must not be null (use StepHandler.NONE)");
        }
    }

    static IllegalStateException nonFinite(double t) {
        return new IllegalStateException("solution became non-finite (NaN or infinite) at t=" + t);
    }
}
