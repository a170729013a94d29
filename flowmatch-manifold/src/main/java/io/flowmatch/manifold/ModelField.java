package io.flowmatch.manifold;

import io.flowmatch.core.internal.NativeBuffers;
import io.flowmatch.core.model.ModelPass;
import io.flowmatch.core.model.VelocityModel;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The trained field as a {@link ManifoldVectorField} over a fixed number of rows: features of
 * the points into the network's float32 forward pass, its output read out as tangent vectors.
 * All buffers are allocated once. Internal; one per thread.
 */
final class ModelField implements ManifoldVectorField {

    private final Embedding embedding;
    private final int rows;
    private final int e;
    private final int d;
    private final ModelPass pass;
    private final INDArray features;
    private final INDArray output;
    private final FloatBuffer featureBuffer;
    private final FloatBuffer outputBuffer;
    private final double[] f;
    private final double[] o;

    ModelField(VelocityModel model, Embedding embedding, int rows) {
        this.embedding = embedding;
        this.rows = rows;
        this.e = embedding.features();
        this.d = embedding.dimension();
        if (model.dimension() != e) {
            throw new IllegalArgumentException("the network has width " + model.dimension() + " but the manifold's "
                    + "features need " + e);
        }
        this.pass = model.newPass(rows);
        this.features = Nd4j.create(DataType.FLOAT, rows, e);
        this.output = Nd4j.create(DataType.FLOAT, rows, e);
        this.featureBuffer = NativeBuffers.floats(features);
        this.outputBuffer = NativeBuffers.floats(output);
        this.f = new double[e];
        this.o = new double[rows * e];
    }

    int rows() {
        return rows;
    }

    @Override
    public void evaluate(double t, double[] x, double[] v, int n) {
        if (n != rows) {
            throw new IllegalArgumentException("this field evaluates " + rows + " rows, got " + n);
        }
        for (int i = 0; i < n; i++) {
            embedding.embed(x, i * d, f, 0);
            for (int j = 0; j < e; j++) {
                featureBuffer.put(i * e + j, (float) f[j]);
            }
        }
        pass.evaluate(t, features, output);
        for (int q = 0, len = n * e; q < len; q++) {
            o[q] = outputBuffer.get(q);
        }
        for (int i = 0; i < n; i++) {
            embedding.readOut(x, i * d, o, i * e, v, i * d);
        }
    }
}
