package io.flowmatch.core.train;

import io.flowmatch.core.coupling.Coupling;
import io.flowmatch.core.internal.NativeBuffers;
import io.flowmatch.core.model.ModelPass;
import io.flowmatch.core.model.VelocityModel;
import io.flowmatch.core.path.AffinePath;
import io.flowmatch.core.path.Prediction;
import io.flowmatch.core.path.ProbabilityPath;
import io.flowmatch.core.time.TimeSampler;
import io.flowmatch.datasets.DataSource;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One training run, step by step: each {@link #step()} draws a batch (data x1, source x0, times
 * t), pairs it by the configured {@link Coupling}, asks the {@link ProbabilityPath} for x_t and
 * the target velocity u_t, and takes one optimizer step on the mean squared error
 * |v(t, x_t) - u_t|^2 (averaged over the batch and the coordinates).
 *
 * <p>The random draws of step k depend only on (seed, stream, k), not on what ran before, so a
 * session restored from a {@link TrainingState} continues bit-identically to one that never
 * stopped, and data-parallel workers (one stream each) draw independent batches. Every buffer is
 * allocated once, when the session is created. Not thread-safe: one thread drives a session.
 *
 * <p>{@link Trainer} drives a session to the end with logging and listeners; use a session
 * directly for checkpoints, resumption or parameter averaging across workers.
 */
public final class TrainingSession {

    private final TrainingConfig config;
    private final VelocityModel model;
    private final DataSource data;
    private final DataSource source;
    private final ProbabilityPath path;
    private final WeightAverage average;
    private final long stream;
    private final StepBuffers buffers;
    private final Optimizer.Update update;
    private long step;
    private double lastLearningRate = Double.NaN;
    private double learningRateScale = 1.0;
    private long skippedSteps;

    /**
     * A session at step 0 over {@code model}'s live parameters.
     *
     * @param config  the settings (batch size, optimizer, schedule, coupling, time sampler, seed)
     * @param model   a float32 model; its parameters are updated by each step
     * @param data    the target distribution (x1), same dimension as the model
     * @param source  the source distribution (x0), same dimension
     * @param path    the probability path
     * @param average the weight average to update after each step (following {@code model}'s
     *                parameters), or null
     * @param stream  which random stream to draw batches from (0 for a single-machine run; one
     *                per worker in data-parallel training)
     * @throws IllegalArgumentException for a null argument, a non-float model or mismatched dimensions
     */
    public TrainingSession(TrainingConfig config, VelocityModel model, DataSource data, DataSource source,
            ProbabilityPath path, WeightAverage average, long stream) {
        if (config == null || model == null || data == null || source == null || path == null) {
            throw new IllegalArgumentException("config, model, data, source and path must not be null");
        }
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
        if (config.prediction() != Prediction.VELOCITY && !(path instanceof AffinePath)) {
            throw new IllegalArgumentException("predicting " + config.prediction().name().toLowerCase(java.util.Locale.ROOT)
                    + " needs an affine path (to convert back to a velocity), not " + path.description());
        }
        this.config = config;
        this.model = model;
        this.data = data;
        this.source = source;
        this.path = path;
        this.average = average;
        this.stream = stream;
        this.buffers = new StepBuffers(model, config.batchSize());
        this.update = config.optimizer().bind(model.parameters(), buffers.gradients);
    }

    /**
     * Takes one optimizer step.
     *
     * @return the batch loss before the step
     * @throws TrainingDivergedException if the loss or the gradient is NaN or infinite; the
     *                                   parameters are then left as they were before this step
     */
    public double step() {
        long next = step + 1;
        SplittableRandom rng = new SplittableRandom(streamSeed(config.seed(), stream, next));
        double loss = buffers.lossAndGradient(data, source, path, config, rng);
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException(next, loss);
        }
        double norm = buffers.gradientNorm();
        if (!Double.isFinite(norm)) {
            throw new TrainingDivergedException(next, "gradient norm", norm);
        }
        double scale = config.clipNorm() > 0 && norm > config.clipNorm() ? config.clipNorm() / norm : 1.0;
        double lr = config.learningRate() * learningRateScale * config.schedule().factor(next, config.iterations());
        update.apply(next, lr, scale);
        if (average != null) {
            average.update();
        }
        step = next;
        lastLearningRate = lr;
        return loss;
    }

    /**
     * Applies the configured {@link DivergencePolicy} to the step that just failed with
     * {@code diverged}: if the policy skips and its budget is not spent, counts that step as done
     * without an update, multiplies the learning rate by the policy's factor and returns true;
     * otherwise changes nothing and returns false (the caller rethrows).
     *
     * @param diverged the exception {@link #step()} just threw
     */
    public boolean skipDivergedStep(TrainingDivergedException diverged) {
        DivergencePolicy policy = config.divergencePolicy();
        if (!policy.skips() || skippedSteps >= policy.maxSkips() || diverged.step() != step + 1) {
            return false;
        }
        step = diverged.step();
        skippedSteps++;
        learningRateScale *= policy.learningRateFactor();
        return true;
    }

    /** How many diverging steps were skipped (see {@link DivergencePolicy}). */
    public long skippedSteps() {
        return skippedSteps;
    }

    /** The factor the base learning rate is multiplied by: 1 unless diverging steps were skipped. */
    public double learningRateScale() {
        return learningRateScale;
    }

    /**
     * What a checkpoint must agree on to be resumed by this session: every setting that changes
     * the steps' arithmetic or random draws (batch, seed, learning rate, optimizer, schedule,
     * clipping, average, time sampler, coupling, divergence policy), the model, the data, the
     * source, the path and the stream. The number of iterations is not included: a run may be
     * resumed to go further (with a schedule that depends on it, the steps after the resume
     * then follow the new length).
     *
     * @return ordered key/value pairs, values single-line
     */
    public Map<String, String> fingerprint() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("model", model.description());
        f.put("parameter_count", Long.toString(model.parameterCount()));
        f.put("data", data.description());
        f.put("source", source.description());
        f.put("path", path.description());
        f.put("stream", Long.toString(stream));
        f.put("batch_size", Integer.toString(config.batchSize()));
        f.put("seed", Long.toString(config.seed()));
        f.put("learning_rate", Double.toString(config.learningRate()));
        f.put("optimizer", config.optimizer().description());
        f.put("schedule", config.schedule().description());
        f.put("clip_norm", Double.toString(config.clipNorm()));
        f.put("ema_decay", Double.toString(config.emaDecay()));
        f.put("time_sampler", config.timeSampler().description());
        f.put("coupling", config.coupling().description());
        if (config.prediction() != Prediction.VELOCITY) {
            f.put("prediction", config.prediction().name().toLowerCase(java.util.Locale.ROOT));
        }
        f.put("divergence", config.divergencePolicy().description());
        f.replaceAll((k, v) -> v.replace('\n', ' ').replace('\r', ' '));
        return f;
    }

    /** Optimizer steps taken so far. */
    public long stepsDone() {
        return step;
    }

    /** The learning rate of the last step (NaN before the first). */
    public double lastLearningRate() {
        return lastLearningRate;
    }

    /** The settings. */
    public TrainingConfig config() {
        return config;
    }

    /** The model being trained (its parameters are live). */
    public VelocityModel model() {
        return model;
    }

    /** The optimizer's live state vectors (see {@link Optimizer.Update#state()}). */
    public List<INDArray> optimizerState() {
        return update.state();
    }

    /** A copy of everything needed to continue from here. */
    public TrainingState snapshot() {
        List<float[]> state = new ArrayList<>();
        for (INDArray s : update.state()) {
            state.add(s.toFloatVector());
        }
        float[] avg = average == null ? null : average.average().toFloatVector();
        return new TrainingState(step, model.parameters().toFloatVector(), state, avg, learningRateScale, skippedSteps);
    }

    /**
     * Puts {@code state} back into the live parameters, optimizer and weight average; the next
     * {@link #step()} is step {@code state.step() + 1}.
     *
     * @throws IllegalArgumentException if the state does not fit this session (parameter count,
     *                                  optimizer state count, presence of a weight average)
     */
    public void restore(TrainingState state) {
        if (state.parameterCount() != model.parameterCount()) {
            throw new IllegalArgumentException("state has " + state.parameterCount()
                    + " parameters but the model has " + model.parameterCount());
        }
        List<INDArray> live = update.state();
        if (state.optimizerStateCount() != live.size()) {
            throw new IllegalArgumentException("state has " + state.optimizerStateCount()
                    + " optimizer vectors but " + config.optimizer().description() + " keeps " + live.size());
        }
        if (state.hasAverage() != (average != null)) {
            throw new IllegalArgumentException(state.hasAverage()
                    ? "state has a weight average but this session keeps none"
                    : "this session keeps a weight average but the state has none");
        }
        copyInto(state.parameters(), model.parameters());
        for (int i = 0; i < live.size(); i++) {
            copyInto(state.optimizerState(i), live.get(i));
        }
        if (average != null) {
            copyInto(state.average(), average.average());
        }
        step = state.step();
        learningRateScale = state.learningRateScale();
        skippedSteps = state.skippedSteps();
    }

    private static void copyInto(float[] values, INDArray target) {
        NativeBuffers.floats(target).put(0, values);
    }

    /** The seed of the generator for step {@code step} of stream {@code stream}. */
    static long streamSeed(long seed, long stream, long step) {
        long z = seed ^ 0x5DEECE66DL;
        z = mix(z + 0x9E3779B97F4A7C15L * (stream + 1));
        return mix(z + 0xC2B2AE3D27D4EB4FL * step);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
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
        private final FloatBuffer gradientBuffer;
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
            this.gradientBuffer = NativeBuffers.floats(gradients);
        }

        /** Draws a batch, runs forward and backward; returns the loss, leaves dL/dtheta in gradients. */
        double lossAndGradient(DataSource data, DataSource source, ProbabilityPath path, TrainingConfig config,
                SplittableRandom rng) {
            data.sample(rng, x1, batch);
            source.sample(rng, x0, batch);
            config.coupling().couple(rng, x0, x1, batch, d);
            config.timeSampler().sample(rng, t, batch);
            path.sample(rng, x0, x1, t, batch, d, xt, ut);
            if (config.prediction() == Prediction.DATA) {
                System.arraycopy(x1, 0, ut, 0, ut.length);
            } else if (config.prediction() == Prediction.NOISE) {
                System.arraycopy(x0, 0, ut, 0, ut.length);
            }
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

        /** The global L2 norm of the gradient. */
        double gradientNorm() {
            double sum = 0;
            for (int i = 0, n = gradientBuffer.capacity(); i < n; i++) {
                float v = gradientBuffer.get(i);
                sum += v * v;
            }
            return Math.sqrt(sum);
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
