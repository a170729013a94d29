package io.flowmatch.core.train;

/**
 * The setters of the shared training loop's {@link TrainingConfig}, inherited by every builder
 * that trains a flow (continuous, image, and the other kinds), so that each setting has one name
 * and one check everywhere: {@code iterations}, {@code batchSize}, {@code seed},
 * {@code learningRate}, {@code optimizer}, {@code schedule}, {@code clipNorm}, {@code ema},
 * {@code onDivergence}, {@code logEvery}. Each setter checks its argument at once and throws
 * {@link IllegalArgumentException} naming the bad value.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class TrainingSettings<B extends TrainingSettings<B>> {

    /** The loop's settings so far; subclasses read them with {@link #trainingConfig()}. */
    protected TrainingConfig.Builder training = TrainingConfig.builder();

    /** Settings with the {@link TrainingConfig} defaults. */
    protected TrainingSettings() {
    }

    /** Settings starting from {@code defaults}, e.g. a kind of flow's own learning rate and batch. */
    protected TrainingSettings(TrainingConfig defaults) {
        this.training = defaults.toBuilder();
    }

    /** This builder, for chaining. */
    protected abstract B self();

    /**
     * {@code value}, for a setter to keep: the one null check of every builder's setters.
     *
     * @param name the setting, for the message
     * @throws IllegalArgumentException "<i>name</i> must not be null" if {@code value} is null
     */
    protected static <T> T required(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    /** The loop's settings as set so far. */
    protected TrainingConfig trainingConfig() {
        return training.build();
    }

    /** Replaces every setting of the loop by {@code config}'s (later calls change them one by one). */
    protected final void trainingConfig(TrainingConfig config) {
        this.training = config.toBuilder();
    }

    /**
     * Starts the loop's settings from {@code recipe}'s, for a builder's {@code recipe(..)}, which
     * then takes the kind's own settings from it.
     *
     * @throws IllegalArgumentException if {@code recipe} is null
     */
    protected final void startFrom(TrainingRecipe recipe) {
        if (recipe == null) {
            throw new IllegalArgumentException("recipe must not be null");
        }
        trainingConfig(recipe.training());
    }

    /** Optimizer steps, at least 0. */
    public B iterations(long iterations) {
        training.iterations(iterations);
        return self();
    }

    /** Examples per step, at least 1. */
    public B batchSize(int batchSize) {
        training.batchSize(batchSize);
        return self();
    }

    /** The seed of initial weights and of every random draw of the run; also the model's sampling seed. */
    public B seed(long seed) {
        training.seed(seed);
        return self();
    }

    /** The base learning rate, positive and finite. */
    public B learningRate(double learningRate) {
        training.learningRate(learningRate);
        return self();
    }

    /** The optimizer; see {@link Optimizers}. */
    public B optimizer(Optimizer optimizer) {
        training.optimizer(optimizer);
        return self();
    }

    /** The learning-rate schedule; see {@link LearningRateSchedules}. */
    public B schedule(LearningRateSchedule schedule) {
        training.schedule(schedule);
        return self();
    }

    /** Clip gradients to this global L2 norm (0: off). */
    public B clipNorm(double clipNorm) {
        training.clipNorm(clipNorm);
        return self();
    }

    /** Keep an exponential moving average of the weights with this decay in (0, 1) and sample from it (0: off). */
    public B ema(double decay) {
        training.ema(decay);
        return self();
    }

    /** What a step with a NaN or infinite loss or gradient does (default: stop with an error). */
    public B onDivergence(DivergencePolicy policy) {
        training.divergencePolicy(policy);
        return self();
    }

    /** Steps between loss log lines and {@link TrainingListener#onLog} calls, at least 1. */
    public B logEvery(long steps) {
        training.logEvery(steps);
        return self();
    }
}
