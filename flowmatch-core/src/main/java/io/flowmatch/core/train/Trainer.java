package io.flowmatch.core.train;

import io.flowmatch.core.internal.NativeBuffers;
import io.flowmatch.core.model.ModelPass;
import io.flowmatch.core.model.VelocityModel;
import io.flowmatch.core.path.ProbabilityPath;
import io.flowmatch.datasets.DataSource;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conditional flow matching: for each step, draws a batch of data points x1, source points x0
 * and times t ~ U[0, 1], asks the {@link ProbabilityPath} for x_t and the target velocity u_t,
 * and takes one optimizer step on the mean squared error |v(t, x_t) - u_t|^2 (averaged over the
 * batch and the coordinates).
 *
 * <p>Every buffer of the step is allocated once before the first step. The run is deterministic:
 * the same configuration, data, model and thread count give bit-identical weights.
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final TrainingConfig config;

    /** A trainer with the given settings. */
    public Trainer(TrainingConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.config = config;
    }

    /** The settings. */
    public TrainingConfig config() {
        return config;
    }

    /**
     * Trains {@code model} in place.
     *
     * @param model     a float32 model; its parameters are updated
     * @param data      the target distribution (x1), same dimension as the model
     * @param source    the source distribution (x0), same dimension
     * @param path      the probability path
     * @param average   the weight average to update after each step, or null
     * @param listeners callbacks; may be empty
     * @return how the run ended
     * @throws TrainingDivergedException if the loss becomes NaN or infinite
     */
    public TrainingResult train(VelocityModel model, DataSource data, DataSource source, ProbabilityPath path,
            WeightAverage average, List<TrainingListener> listeners) {
        int d = model.dimension();
        if (model.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("training needs a FLOAT model, got " + model.dataType());
        }
        if (data.dimension() != d) {
            throw new IllegalArgumentException("data has dimension " + data.dimension()
                    + " but the model has dimension " + d);
        }
        if (source.dimension() != d) {
            throw new IllegalArgumentException("source has dimension " + source.dimension()
                    + " but the model has dimension " + d);
        }
        StepBuffers buffers = new StepBuffers(model, config.batchSize());
        Optimizer.Update update = config.optimizer().bind(model.parameters(), buffers.gradients);
        SplittableRandom rng = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
        long total = config.iterations();
        long start = System.nanoTime();
        TrainingProgress progress = new TrainingProgress(total, start);
        double intervalLoss = 0;
        long intervalSteps = 0;
        double lastLoss = Double.NaN;
        double meanLoss = Double.NaN;
        long step = 0;
        LOG.info("training {} on {} with {}: {}", model.description(), data.description(), path.description(),
                config);
        while (step < total && !progress.stopRequested()) {
            step++;
            double loss = buffers.lossAndGradient(data, source, path, rng);
            if (!Double.isFinite(loss)) {
                throw new TrainingDivergedException(step, loss);
            }
            double scale = clipScale(buffers.gradients);
            double lr = config.learningRate() * config.schedule().factor(step, total);
            update.apply(step, lr, scale);
            if (average != null) {
                average.update();
            }
            lastLoss = loss;
            intervalLoss += loss;
            intervalSteps++;
            progress.update(step, loss, lr);
            for (TrainingListener listener : listeners) {
                listener.onStep(progress);
            }
            if (step % config.logEvery() == 0 || step == total || progress.stopRequested()) {
                meanLoss = intervalLoss / intervalSteps;
                progress.meanLoss(meanLoss);
                LOG.info("step {}/{} loss {} lr {} ({} s)", step, total, String.format("%.5f", meanLoss),
                        String.format("%.3g", lr), String.format("%.1f", progress.elapsedSeconds()));
                for (TrainingListener listener : listeners) {
                    listener.onLog(progress);
                }
                intervalLoss = 0;
                intervalSteps = 0;
            }
        }
        TrainingResult result = new TrainingResult(step, lastLoss, meanLoss, step < total,
                (System.nanoTime() - start) / 1e9);
        for (TrainingListener listener : listeners) {
            listener.onEnd(result);
        }
        return result;
    }

    /** The factor that brings the gradient's global norm down to the clip norm (1 if within it). */
    private double clipScale(INDArray gradients) {
        if (config.clipNorm() <= 0) {
            return 1.0;
        }
        FloatBuffer g = NativeBuffers.floats(gradients);
        double sum = 0;
        for (int i = 0, n = g.capacity(); i < n; i++) {
            float v = g.get(i);
            sum += v * v;
        }
        double norm = Math.sqrt(sum);
        return norm > config.clipNorm() ? config.clipNorm() / norm : 1.0;
    }

    /** The arrays of one step, allocated once. */
    private static final class StepBuffers {
        private final int batch;
        private final int d;
        private final ModelPass pass;
        private final float[] x0;
        private final float[] x1;
        private final float[] t;
        private final float[] xt;
        private final float[] ut;
        private final INDArray tArray;
        private final INDArray xArray;
        private final INDArray gradOutput;
        private final INDArray gradients;
        private final FloatBuffer tBuffer;
        private final FloatBuffer xBuffer;
        private final FloatBuffer gradOutputBuffer;
        private INDArray lastOutput;
        private FloatBuffer lastOutputBuffer;

        StepBuffers(VelocityModel model, int batch) {
            this.batch = batch;
            this.d = model.dimension();
            int n = Math.multiplyExact(batch, d);
            this.pass = model.newPass(batch);
            this.x0 = new float[n];
            this.x1 = new float[n];
            this.t = new float[batch];
            this.xt = new float[n];
            this.ut = new float[n];
            this.tArray = Nd4j.create(DataType.FLOAT, batch, 1);
            this.xArray = Nd4j.create(DataType.FLOAT, batch, d);
            this.gradOutput = Nd4j.create(DataType.FLOAT, batch, d);
            this.gradients = Nd4j.create(DataType.FLOAT, model.parameterCount());
            this.tBuffer = NativeBuffers.floats(tArray);
            this.xBuffer = NativeBuffers.floats(xArray);
            this.gradOutputBuffer = NativeBuffers.floats(gradOutput);
        }

        /** Draws a batch, runs forward and backward; returns the loss, leaves dL/dtheta in gradients. */
        double lossAndGradient(DataSource data, DataSource source, ProbabilityPath path, SplittableRandom rng) {
            data.sample(rng, x1, batch);
            source.sample(rng, x0, batch);
            for (int i = 0; i < batch; i++) {
                t[i] = rng.nextFloat();
            }
            path.sample(x0, x1, t, batch, d, xt, ut);
            tBuffer.put(0, t);
            xBuffer.put(0, xt);
            INDArray v = pass.forward(tArray, xArray);
            if (v != lastOutput) {
                lastOutput = v;
                lastOutputBuffer = NativeBuffers.floats(v);
            }
            double loss = meanSquaredError(lastOutputBuffer);
            pass.backward(gradOutput, gradients);
            return loss;
        }

        /** mean((v - u)^2) and its gradient 2 (v - u) / (batch d) into gradOutput, in one pass. */
        private double meanSquaredError(FloatBuffer v) {
            int n = batch * d;
            float g = 2f / n;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                float diff = v.get(i) - ut[i];
                sum += diff * diff;
                gradOutputBuffer.put(i, g * diff);
            }
            return sum / n;
        }
    }
}
