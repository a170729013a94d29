package io.flowmatch.core.train;

import io.flowmatch.core.metrics.SampleMetric;
import io.flowmatch.core.model.VelocityModel;
import io.flowmatch.datasets.DataSource;
import io.flowmatch.solvers.OdeSolver;
import io.flowmatch.solvers.Solvers;
import java.util.Locale;
import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How to judge a model while it trains, since the flow-matching loss does not say when the
 * samples are good: every {@code every} steps, generate {@code samples} points with a cheap solver
 * and compute a {@link SampleMetric} against held-out data; keep the weights with the best value;
 * stop after {@code patience} evaluations in a row without improvement.
 *
 * <pre>{@code
 * FlowModel model = FlowMatcher.builder()
 *         .data(Datasets.moons(0.05))
 *         .iterations(20_000)
 *         .validation(Validation.every(250).samples(1000).metric(SampleMetric.energyDistance()).patience(4))
 *         .train();       // carries the best weights; provenance says at which step
 * }</pre>
 *
 * <p>Defaults: 1000 samples, the energy distance, the midpoint rule with 10 steps (20
 * evaluations; on two moons it ranked checkpoints better than Euler with 20), patience 0 (never stop
 * early, only keep the best weights), seed 0, and held-out points drawn from the training data
 * source (fresh points for a generator; for a finite point set pass a held-out split with
 * {@link #heldOut(INDArray)} or {@link #heldOut(DataSource)}). Every evaluation integrates the same
 * source noise (drawn once from the seed), so differences between evaluations come from the
 * weights, not from the noise. Immutable: each setter returns a new object.
 */
public final class Validation {

    private final long every;
    private final int samples;
    private final SampleMetric metric;
    private final int patience;
    private final OdeSolver solver;
    private final int steps;
    private final long seed;
    private final DataSource heldOutSource;
    private final INDArray heldOutPoints;
    private final Consumer<ValidationRecord> callback;

    private Validation(long every, int samples, SampleMetric metric, int patience, OdeSolver solver, int steps,
            long seed, DataSource heldOutSource, INDArray heldOutPoints, Consumer<ValidationRecord> callback) {
        this.every = every;
        this.samples = samples;
        this.metric = metric;
        this.patience = patience;
        this.solver = solver;
        this.steps = steps;
        this.seed = seed;
        this.heldOutSource = heldOutSource;
        this.heldOutPoints = heldOutPoints;
        this.callback = callback;
    }

    /**
     * Evaluate every {@code steps} optimizer steps (and after the last step).
     *
     * @throws IllegalArgumentException if {@code steps} is not positive
     */
    public static Validation every(long steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("validation interval must be at least 1 step, got " + steps);
        }
        return new Validation(steps, 1000, SampleMetric.energyDistance(), 0, Solvers.midpoint(), 10, 0L, null, null,
                r -> { });
    }

    /** Points generated per evaluation (default 1000), at least 2. */
    public Validation samples(int samples) {
        if (samples < 2) {
            throw new IllegalArgumentException("validation needs at least 2 samples, got " + samples);
        }
        return new Validation(every, samples, metric, patience, solver, steps, seed, heldOutSource, heldOutPoints,
                callback);
    }

    /** The metric to minimise (default {@link SampleMetric#energyDistance()}). */
    public Validation metric(SampleMetric metric) {
        if (metric == null) {
            throw new IllegalArgumentException("metric must not be null");
        }
        return new Validation(every, samples, metric, patience, solver, steps, seed, heldOutSource, heldOutPoints,
                callback);
    }

    /**
     * Stop after this many evaluations in a row without a new best value (default 0: never stop
     * early, only keep the best weights).
     */
    public Validation patience(int patience) {
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be at least 0, got " + patience);
        }
        return new Validation(every, samples, metric, patience, solver, steps, seed, heldOutSource, heldOutPoints,
                callback);
    }

    /** The solver and its steps over [0, 1] used to generate the samples (default midpoint, 10 steps). */
    public Validation solver(OdeSolver solver, int steps) {
        if (solver == null) {
            throw new IllegalArgumentException("solver must not be null");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be positive, got " + steps);
        }
        return new Validation(every, samples, metric, patience, solver, steps, seed, heldOutSource, heldOutPoints,
                callback);
    }

    /** The seed of the source noise and of the held-out draw (default 0). */
    public Validation seed(long seed) {
        return new Validation(every, samples, metric, patience, solver, steps, seed, heldOutSource, heldOutPoints,
                callback);
    }

    /** Held-out data as a distribution: {@code samples} points are drawn from it once. */
    public Validation heldOut(DataSource source) {
        if (source == null) {
            throw new IllegalArgumentException("held-out source must not be null");
        }
        return new Validation(every, samples, metric, patience, solver, steps, seed, source, null, callback);
    }

    /**
     * Held-out data as points {@code [m, d]}; if there are more than {@code samples}, a seeded
     * random subset of that many is used. Copied.
     */
    public Validation heldOut(INDArray points) {
        if (points == null || points.rank() != 2 || points.rows() < 2) {
            throw new IllegalArgumentException("held-out points must be a [m, d] array with m >= 2, got "
                    + (points == null ? "null" : java.util.Arrays.toString(points.shape())));
        }
        return new Validation(every, samples, metric, patience, solver, steps, seed, null, points.dup('c'), callback);
    }

    /** Called with each evaluation's record, on the training thread (default: nothing). */
    public Validation onEvaluation(Consumer<ValidationRecord> callback) {
        if (callback == null) {
            throw new IllegalArgumentException("callback must not be null");
        }
        return new Validation(every, samples, metric, patience, solver, steps, seed, heldOutSource, heldOutPoints,
                callback);
    }

    /**
     * A listener that validates {@code model} (or, when {@code average} is given, the averaged
     * weights, which are what the trained flow samples from) during training.
     *
     * @param model        the model being trained, whose live parameters the listener reads
     * @param average      the weight average being kept, or null
     * @param trainingData the training data, the held-out source when none was given
     */
    public ValidationListener listener(VelocityModel model, WeightAverage average, DataSource trainingData) {
        return new ValidationListener(this, model, average, trainingData, null);
    }

    /**
     * As {@link #listener(VelocityModel, WeightAverage, DataSource)} for a flow whose source
     * distribution x0 is {@code flowSource} (null for the standard Gaussian).
     */
    public ValidationListener listener(VelocityModel model, WeightAverage average, DataSource trainingData,
            DataSource flowSource) {
        return new ValidationListener(this, model, average, trainingData, flowSource);
    }

    /** Steps between evaluations. */
    public long every() {
        return every;
    }

    /** Points generated per evaluation. */
    public int samples() {
        return samples;
    }

    /** The metric. */
    public SampleMetric metric() {
        return metric;
    }

    /** Evaluations without improvement before stopping; 0 for never. */
    public int patience() {
        return patience;
    }

    /** The sampling solver. */
    public OdeSolver solver() {
        return solver;
    }

    /** The sampling solver's steps. */
    public int steps() {
        return steps;
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    DataSource heldOutSource() {
        return heldOutSource;
    }

    INDArray heldOutPoints() {
        return heldOutPoints;
    }

    Consumer<ValidationRecord> callback() {
        return callback;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s every %d steps on %d samples (%s, %d steps), patience %d", metric.name(),
                every, samples, solver.name(), steps, patience);
    }
}
