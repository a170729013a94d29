package io.flowmatch.core.train;

import io.flowmatch.core.internal.NativeBuffers;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An exponential moving average of the parameters, ema = decay * ema + (1 - decay) * theta,
 * updated after each optimizer step and started from the initial parameters. Sampling from the
 * average usually gives smoother, better samples than the last iterate.
 */
public final class WeightAverage {

    private final double decay;
    private final INDArray average;
    private final FloatBuffer averageBuffer;
    private final FloatBuffer parameterBuffer;
    private final int n;

    /**
     * @param parameters the live float32 parameter vector to follow
     * @param decay      in (0, 1); typical 0.999
     */
    public WeightAverage(INDArray parameters, double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("EMA decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
        this.average = parameters.dup();
        this.averageBuffer = NativeBuffers.floats(average);
        this.parameterBuffer = NativeBuffers.floats(parameters);
        this.n = Math.toIntExact(parameters.length());
    }

    /** Folds the current parameters into the average. */
    public void update() {
        float keep = (float) decay;
        float take = (float) (1 - decay);
        for (int i = 0; i < n; i++) {
            averageBuffer.put(i, keep * averageBuffer.get(i) + take * parameterBuffer.get(i));
        }
    }

    /** The decay rate. */
    public double decay() {
        return decay;
    }

    /** The averaged parameters (live: changes with each {@link #update()}). */
    public INDArray average() {
        return average;
    }
}
