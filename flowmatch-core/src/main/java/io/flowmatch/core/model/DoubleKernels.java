package io.flowmatch.core.model;

import java.nio.Buffer;
import java.nio.DoubleBuffer;

/** Reference kernels in double precision, used for gradient checks; clarity over speed. */
final class DoubleKernels implements ElementwiseKernels {

    static final DoubleKernels INSTANCE = new DoubleKernels();

    private DoubleKernels() {
    }

    @Override
    public void fillInput(Buffer xb, int xOffset, Buffer tb, double tScalar, Buffer inb, int rows, int d) {
        DoubleBuffer x = (DoubleBuffer) xb;
        DoubleBuffer t = (DoubleBuffer) tb;
        DoubleBuffer in = (DoubleBuffer) inb;
        int stride = d + 2;
        for (int r = 0; r < rows; r++) {
            int row = r * stride;
            for (int j = 0; j < d; j++) {
                in.put(row + j, x.get(xOffset + r * d + j));
            }
            in.put(row + d, t == null ? tScalar : t.get(r));
            in.put(row + d + 1, 1.0);
        }
    }

    @Override
    public void activate(Activation f, Buffer zb, Buffer ab, int rows, int width, Scratch scratch) {
        DoubleBuffer z = (DoubleBuffer) zb;
        DoubleBuffer a = (DoubleBuffer) ab;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < width; c++) {
                a.put(r * (width + 1) + c, f.apply(z.get(r * width + c)));
            }
        }
    }

    @Override
    public void multiplyByDerivative(Activation f, Buffer zb, Buffer ab, Buffer gb, int rows, int width,
            Scratch scratch) {
        DoubleBuffer z = (DoubleBuffer) zb;
        DoubleBuffer a = (DoubleBuffer) ab;
        DoubleBuffer g = (DoubleBuffer) gb;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < width; c++) {
                int i = r * width + c;
                g.put(i, g.get(i) * f.derivative(z.get(i), a.get(r * (width + 1) + c)));
            }
        }
    }
}
