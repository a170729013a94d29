package io.flowmatch.core.train;

import io.flowmatch.core.internal.NativeBuffers;
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
 * One training run of any kind of flow, step by step: each {@link #step()} asks the
 * {@link Objective} for a batch loss and its gradient, checks them, clips the gradient, and
 * takes one optimizer step at the scheduled learning rate, then updates the weight average.
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
    private final Objective objective;
    private final WeightAverage average;
    private final long stream;
    private final INDArray gradients;
    private final FloatBuffer gradientBuffer;
    private final Optimizer.Update update;
    private long step;
    private double lastLearningRate = Double.NaN;
    private double learningRateScale = 1.0;
    private long skippedSteps;

    /**
     * A session at step 0 over the objective's live parameters, keeping an exponential moving
     * average of them when {@code config.emaDecay()} is positive.
     *
     * @param config    the loop's settings (batch size is the objective's business; the seed,
     *                  optimizer, schedule, clipping, average and divergence policy are used here)
     * @param objective what is minimised; its parameters are updated by each step
     * @param stream    which random stream to draw batches from (0 for a single-machine run; one
     *                  per worker in data-parallel training)
     * @throws IllegalArgumentException for a null argument or non-float parameters
     */
    public TrainingSession(TrainingConfig config, Objective objective, long stream) {
        if (config == null || objective == null) {
            throw new IllegalArgumentException("config and objective must not be null");
        }
        INDArray parameters = objective.parameters();
        if (parameters.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("training needs FLOAT parameters, got " + parameters.dataType());
        }
        this.config = config;
        this.objective = objective;
        this.stream = stream;
        this.gradients = Nd4j.create(DataType.FLOAT, parameters.length());
        this.gradientBuffer = NativeBuffers.floats(gradients);
        this.update = config.optimizer().bind(parameters, gradients);
        this.average = config.emaDecay() > 0 ? new WeightAverage(parameters, config.emaDecay()) : null;
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
        double loss = objective.lossAndGradient(rng, gradients);
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException(next, loss);
        }
        double norm = gradientNorm();
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
     * What a checkpoint must agree on to be resumed by this session: the objective's
     * {@link Objective#fingerprint() fingerprint} (model, data and every setting of the step),
     * the loop's settings from {@link TrainingConfig#toMap()} except the number of iterations
     * and the log interval, the parameter count and the stream. A run may be resumed to go
     * further (with a schedule that depends on the length, the steps after the resume then follow
     * the new length).
     *
     * @return ordered key/value pairs, values single-line
     */
    public Map<String, String> fingerprint() {
        Map<String, String> f = new LinkedHashMap<>(objective.fingerprint());
        config.toMap().forEach(f::putIfAbsent);
        f.remove("iterations");
        f.remove("log_every");
        f.put("parameter_count", Long.toString(objective.parameters().length()));
        f.put("stream", Long.toString(stream));
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

    /** What is being trained (its parameters are live). */
    public Objective objective() {
        return objective;
    }

    /** The exponential moving average of the parameters, or null when the config keeps none. */
    public WeightAverage average() {
        return average;
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
        return new TrainingState(step, objective.parameters().toFloatVector(), state, avg, learningRateScale, skippedSteps);
    }

    /**
     * Puts {@code state} back into the live parameters, optimizer and weight average; the next
     * {@link #step()} is step {@code state.step() + 1}.
     *
     * @throws IllegalArgumentException if the state does not fit this session (parameter count,
     *                                  optimizer state count, presence of a weight average)
     */
    public void restore(TrainingState state) {
        if (state.parameterCount() != objective.parameters().length()) {
            throw new IllegalArgumentException("state has " + state.parameterCount()
                    + " parameters but the model has " + objective.parameters().length());
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
        copyInto(state.parameters(), objective.parameters());
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

    /** The global L2 norm of the gradient. */
    private double gradientNorm() {
        double sum = 0;
        for (int i = 0, n = gradientBuffer.capacity(); i < n; i++) {
            float v = gradientBuffer.get(i);
            sum += v * v;
        }
        return Math.sqrt(sum);
    }
}
