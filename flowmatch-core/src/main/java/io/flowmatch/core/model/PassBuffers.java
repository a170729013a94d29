package io.flowmatch.core.model;

import io.flowmatch.core.internal.NativeBuffers;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A training objective's way into a {@link ModelPass}, allocated once: the times
 * {@code [rows, 1]}, the inputs {@code [rows, width]} and the gradient of the loss with respect to
 * the output {@code [rows, width]}, each a float32 array written through a buffer, and the output
 * of the last forward pass read through a buffer (wrapped again only when the pass hands out
 * another array). Every kind of flow's objective feeds its network through one, so that its
 * training step allocates nothing. Not thread-safe: one per pass.
 */
public final class PassBuffers {

    private final ModelPass pass;
    private final INDArray t;
    private final INDArray x;
    private final INDArray gradOutput;
    private final FloatBuffer times;
    private final FloatBuffer inputs;
    private final FloatBuffer outputGradient;
    private INDArray lastOutput;
    private FloatBuffer output;

    /**
     * Buffers for {@code pass}.
     *
     * @param pass  the pass to feed, made for {@code rows} rows
     * @param rows  rows per batch
     * @param width the network's input and output width
     */
    public PassBuffers(ModelPass pass, int rows, int width) {
        this.pass = pass;
        this.t = Nd4j.create(DataType.FLOAT, rows, 1);
        this.x = Nd4j.create(DataType.FLOAT, rows, width);
        this.gradOutput = Nd4j.create(DataType.FLOAT, rows, width);
        this.times = NativeBuffers.floats(t);
        this.inputs = NativeBuffers.floats(x);
        this.outputGradient = NativeBuffers.floats(gradOutput);
    }

    /** The times of the next forward pass, one a row. */
    public FloatBuffer times() {
        return times;
    }

    /** The inputs of the next forward pass, row after row. */
    public FloatBuffer inputs() {
        return inputs;
    }

    /** dL/d(output) for the next backward pass, row after row, as the objective writes it. */
    public FloatBuffer outputGradient() {
        return outputGradient;
    }

    /** Runs the forward pass on {@link #times()} and {@link #inputs()}; its output, row after row. */
    public FloatBuffer forward() {
        INDArray v = pass.forward(t, x);
        if (v != lastOutput) {
            lastOutput = v;
            output = NativeBuffers.floats(v);
        }
        return output;
    }

    /** Back-propagates {@link #outputGradient()} through the last forward pass into {@code gradient}. */
    public void backward(INDArray gradient) {
        pass.backward(gradOutput, gradient);
    }
}
