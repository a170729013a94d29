package io.flowmatch.image;

import io.flowmatch.core.internal.NativeBuffers;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element access to a dense FLOAT or DOUBLE array by flat index, so that the U-Net's elementwise
 * loops are written once for both precisions (FLOAT trains, DOUBLE checks gradients). Only one of
 * the two implementations is loaded in a given run, so the calls stay monomorphic.
 */
abstract class Cells {

    /** The cells of {@code a}, a dense array that owns its buffer from offset 0. */
    static Cells of(INDArray a) {
        java.nio.Buffer b = NativeBuffers.of(a);
        return b instanceof FloatBuffer ? new Floats((FloatBuffer) b) : new Doubles((DoubleBuffer) b);
    }

    abstract double get(int i);

    abstract void set(int i, double v);

    abstract void add(int i, double v);

    /** Sets every cell to zero. */
    abstract void clear(int length);

    /**
     * im2col by runs: for each of {@code images} images and each run j, the {@code run} cells
     * {@code this[(i * runs.length + j) * run ...]} are copied from {@code source[i * sourcePer +
     * runs[j] ...]}, or zeroed where {@code runs[j] < 0}. Works on heap copies (bulk transfers),
     * several times faster than element access to native memory.
     */
    abstract void gather(Cells source, int[] runs, int run, int images, int sourcePer);

    /**
     * col2im, the adjoint of {@link #gather}: {@code target} (its first {@code images * targetPer}
     * cells) is overwritten with the sums of this array's runs at their source positions.
     */
    abstract void scatter(Cells target, int[] runs, int run, int images, int targetPer);

    private static final ThreadLocal<float[][]> FLOAT_SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);
    private static final ThreadLocal<double[][]> DOUBLE_SCRATCH = ThreadLocal.withInitial(() -> new double[2][0]);

    private static float[] floatScratch(int which, int length) {
        float[][] s = FLOAT_SCRATCH.get();
        if (s[which].length < length) {
            s[which] = new float[length];
        }
        return s[which];
    }

    private static double[] doubleScratch(int which, int length) {
        double[][] s = DOUBLE_SCRATCH.get();
        if (s[which].length < length) {
            s[which] = new double[length];
        }
        return s[which];
    }

    private static final class Floats extends Cells {
        private final FloatBuffer b;

        Floats(FloatBuffer b) {
            this.b = b;
        }

        @Override
        double get(int i) {
            return b.get(i);
        }

        @Override
        void set(int i, double v) {
            b.put(i, (float) v);
        }

        @Override
        void add(int i, double v) {
            b.put(i, (float) (b.get(i) + v));
        }

        @Override
        void clear(int length) {
            for (int i = 0; i < length; i++) {
                b.put(i, 0f);
            }
        }

        @Override
        void gather(Cells source, int[] runs, int run, int images, int sourcePer) {
            int per = runs.length * run;
            float[] src = floatScratch(0, images * sourcePer);
            float[] dst = floatScratch(1, images * per);
            ((Floats) source).b.get(0, src, 0, images * sourcePer);
            for (int i = 0; i < images; i++) {
                int from = i * sourcePer;
                int to = i * per;
                for (int j = 0; j < runs.length; j++) {
                    int k = runs[j];
                    if (k < 0) {
                        java.util.Arrays.fill(dst, to + j * run, to + (j + 1) * run, 0f);
                    } else {
                        System.arraycopy(src, from + k, dst, to + j * run, run);
                    }
                }
            }
            b.put(0, dst, 0, images * per);
        }

        @Override
        void scatter(Cells target, int[] runs, int run, int images, int targetPer) {
            int per = runs.length * run;
            float[] src = floatScratch(0, images * per);
            float[] dst = floatScratch(1, images * targetPer);
            b.get(0, src, 0, images * per);
            java.util.Arrays.fill(dst, 0, images * targetPer, 0f);
            for (int i = 0; i < images; i++) {
                int from = i * per;
                int to = i * targetPer;
                for (int j = 0; j < runs.length; j++) {
                    int k = runs[j];
                    if (k >= 0) {
                        int a = to + k;
                        int c = from + j * run;
                        for (int r = 0; r < run; r++) {
                            dst[a + r] += src[c + r];
                        }
                    }
                }
            }
            ((Floats) target).b.put(0, dst, 0, images * targetPer);
        }
    }

    private static final class Doubles extends Cells {
        private final DoubleBuffer b;

        Doubles(DoubleBuffer b) {
            this.b = b;
        }

        @Override
        double get(int i) {
            return b.get(i);
        }

        @Override
        void set(int i, double v) {
            b.put(i, v);
        }

        @Override
        void add(int i, double v) {
            b.put(i, b.get(i) + v);
        }

        @Override
        void clear(int length) {
            for (int i = 0; i < length; i++) {
                b.put(i, 0.0);
            }
        }

        @Override
        void gather(Cells source, int[] runs, int run, int images, int sourcePer) {
            int per = runs.length * run;
            double[] src = doubleScratch(0, images * sourcePer);
            double[] dst = doubleScratch(1, images * per);
            ((Doubles) source).b.get(0, src, 0, images * sourcePer);
            for (int i = 0; i < images; i++) {
                int from = i * sourcePer;
                int to = i * per;
                for (int j = 0; j < runs.length; j++) {
                    int k = runs[j];
                    if (k < 0) {
                        java.util.Arrays.fill(dst, to + j * run, to + (j + 1) * run, 0.0);
                    } else {
                        System.arraycopy(src, from + k, dst, to + j * run, run);
                    }
                }
            }
            b.put(0, dst, 0, images * per);
        }

        @Override
        void scatter(Cells target, int[] runs, int run, int images, int targetPer) {
            int per = runs.length * run;
            double[] src = doubleScratch(0, images * per);
            double[] dst = doubleScratch(1, images * targetPer);
            b.get(0, src, 0, images * per);
            java.util.Arrays.fill(dst, 0, images * targetPer, 0.0);
            for (int i = 0; i < images; i++) {
                int from = i * per;
                int to = i * targetPer;
                for (int j = 0; j < runs.length; j++) {
                    int k = runs[j];
                    if (k >= 0) {
                        int a = to + k;
                        int c = from + j * run;
                        for (int r = 0; r < run; r++) {
                            dst[a + r] += src[c + r];
                        }
                    }
                }
            }
            ((Doubles) target).b.put(0, dst, 0, images * targetPer);
        }
    }
}
