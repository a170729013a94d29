package io.flowmatch.core.image;

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
    }
}
