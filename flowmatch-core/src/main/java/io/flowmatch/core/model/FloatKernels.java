package io.flowmatch.core.model;

import java.nio.Buffer;
import java.nio.FloatBuffer;

/**
 * The float32 kernels of the training step and the sampler: one loop per activation so that the
 * JIT compiles each to straight-line code; the ELU (the default) runs in {@link EluKernel}'s SIMD
 * loops over heap copies of the data.
 */
final class FloatKernels implements ElementwiseKernels {

    static final FloatKernels INSTANCE = new FloatKernels();

    private static final float GELU_C = (float) Activation.GELU_C;
    private static final float GELU_K = (float) Activation.GELU_K;

    private FloatKernels() {
    }

    @Override
    public void fillInput(Buffer xb, int xOffset, Buffer tb, double tScalar, Buffer inb, int rows, int d) {
        FloatBuffer x = (FloatBuffer) xb;
        FloatBuffer t = (FloatBuffer) tb;
        FloatBuffer in = (FloatBuffer) inb;
        int stride = d + 2;
        float ts = (float) tScalar;
        for (int r = 0; r < rows; r++) {
            int row = r * stride;
            int src = xOffset + r * d;
            for (int j = 0; j < d; j++) {
                in.put(row + j, x.get(src + j));
            }
            in.put(row + d, t == null ? ts : t.get(r));
            in.put(row + d + 1, 1f);
        }
    }

    @Override
    public void activate(Activation f, Buffer zb, Buffer ab, int rows, int width, Scratch scratch) {
        FloatBuffer z = (FloatBuffer) zb;
        FloatBuffer a = (FloatBuffer) ab;
        int stride = width + 1;
        int n = rows * width;
        // one bulk copy out, a flat loop on the heap array (SIMD where the JIT can), re-layout with
        // the ones column on the heap, one bulk copy back
        float[] x = scratch.first;
        float[] augmented = scratch.second;
        z.get(0, x, 0, n);
        applyInPlace(f, x, n);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, r * width, augmented, r * stride, width);
            augmented[r * stride + width] = 1f;
        }
        a.put(0, augmented, 0, rows * stride);
    }

    /** x[i] = f(x[i]) for i in [0, n); each case a loop of its own so the JIT compiles it alone. */
    private static void applyInPlace(Activation f, float[] x, int n) {
        switch (f) {
            case ELU:
                EluKernel.applyInPlace(x, n);
                break;
            case RELU:
                for (int i = 0; i < n; i++) {
                    x[i] = Math.max(x[i], 0f);
                }
                break;
            case TANH:
                for (int i = 0; i < n; i++) {
                    x[i] = (float) Math.tanh(x[i]);
                }
                break;
            case SILU:
                for (int i = 0; i < n; i++) {
                    float v = x[i];
                    x[i] = v / (1f + (float) Math.exp(-v));
                }
                break;
            case GELU:
                for (int i = 0; i < n; i++) {
                    float v = x[i];
                    float th = (float) Math.tanh(GELU_C * (v + GELU_K * v * v * v));
                    x[i] = 0.5f * v * (1f + th);
                }
                break;
            default:
                throw new IllegalStateException("no float kernel for " + f);
        }
    }

    @Override
    public void multiplyByDerivative(Activation f, Buffer zb, Buffer ab, Buffer gb, int rows, int width,
            Scratch scratch) {
        FloatBuffer z = (FloatBuffer) zb;
        FloatBuffer a = (FloatBuffer) ab;
        FloatBuffer g = (FloatBuffer) gb;
        int stride = width + 1;
        switch (f) {
            case ELU: {
                float[] grad = scratch.first;
                float[] out = scratch.second;
                g.get(0, grad, 0, rows * width);
                a.get(0, out, 0, rows * stride);
                for (int r = 0; r < rows; r++) {
                    // compact [rows, width + 1] to [rows, width] in place: row r moves left by r floats
                    System.arraycopy(out, r * stride, out, r * width, width);
                }
                EluKernel.multiplyByDerivative(grad, out, rows * width);
                g.put(0, grad, 0, rows * width);
                break;
            }
            case RELU:
                for (int r = 0; r < rows; r++) {
                    int zi = r * width;
                    for (int c = 0; c < width; c++) {
                        g.put(zi + c, z.get(zi + c) > 0f ? g.get(zi + c) : 0f);
                    }
                }
                break;
            case TANH:
                for (int r = 0; r < rows; r++) {
                    int zi = r * width;
                    int ai = r * stride;
                    for (int c = 0; c < width; c++) {
                        float y = a.get(ai + c);
                        g.put(zi + c, g.get(zi + c) * (1f - y * y));
                    }
                }
                break;
            case SILU:
                for (int r = 0; r < rows; r++) {
                    int zi = r * width;
                    for (int c = 0; c < width; c++) {
                        float v = z.get(zi + c);
                        float s = 1f / (1f + (float) Math.exp(-v));
                        g.put(zi + c, g.get(zi + c) * s * (1f + v * (1f - s)));
                    }
                }
                break;
            case GELU:
                for (int r = 0; r < rows; r++) {
                    int zi = r * width;
                    for (int c = 0; c < width; c++) {
                        float v = z.get(zi + c);
                        float th = (float) Math.tanh(GELU_C * (v + GELU_K * v * v * v));
                        float d = 0.5f * (1f + th) + 0.5f * v * (1f - th * th) * GELU_C * (1f + 3f * GELU_K * v * v);
                        g.put(zi + c, g.get(zi + c) * d);
                    }
                }
                break;
            default:
                throw new IllegalStateException("no float kernel for " + f);
        }
    }
}
