package io.flowmatch.core.reflow;

import io.flowmatch.core.Standardization;
import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.metrics.SampleDistances;
import io.flowmatch.core.model.VelocityModel;
import io.flowmatch.core.train.TrainingListener;
import io.flowmatch.datasets.DataSource;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.OdeSolver;
import io.flowmatch.solvers.Solvers;
import io.flowmatch.solvers.TimeGrid;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rectified flow's reflow (Liu et al.): integrate a trained teacher from source points x0 to get
 * the pairs (x0, x1 = teacher(x0)), train a student on exactly those pairs, and repeat. The
 * teacher's coupling has no crossing paths, so each round makes the flow straighter and
 * few-step sampling better; one round usually makes a single Euler step nearly as good as many.
 *
 * <pre>{@code
 * ReflowResult r = Reflow.from(teacher).rounds(1).iterations(3000).reference(Datasets.moons(0.05)).run();
 * FlowModel straight = r.model();
 * }</pre>
 *
 * <p>The student starts from the teacher's weights and keeps its source distribution, seed
 * and architecture. Pair generation (the costly part) integrates in chunks of
 * {@link FlowModel#CHUNK_ROWS} rows with one set of buffers and logs its progress.
 */
public final class Reflow {

    private static final Logger LOG = LoggerFactory.getLogger(Reflow.class);
    private static final int REPORT_POINTS = 1000;

    private final FlowModel teacher;
    private int rounds = 1;
    private int pairs = 20_000;
    private OdeSolver solver = Solvers.rk4();
    private int steps = 20;
    private long iterations = 3_000;
    private int batchSize = 256;
    private double learningRate = 1e-3;
    private long seed;
    private DataSource reference;
    private final List<TrainingListener> listeners = new ArrayList<>();

    private Reflow(FlowModel teacher) {
        this.teacher = teacher;
        this.seed = teacher.seed();
    }

    /** A reflow starting from {@code teacher}. */
    public static Reflow from(FlowModel teacher) {
        if (teacher == null) {
            throw new IllegalArgumentException("teacher must not be null");
        }
        return new Reflow(teacher);
    }

    /** Reflow rounds (default 1), at least 1. */
    public Reflow rounds(int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        }
        this.rounds = rounds;
        return this;
    }

    /** Pairs generated per round (default 20000), at least 1. */
    public Reflow pairs(int pairs) {
        if (pairs < 1) {
            throw new IllegalArgumentException("pairs must be at least 1, got " + pairs);
        }
        this.pairs = pairs;
        return this;
    }

    /** Solver and steps for integrating the teacher (default RK4, 20 steps). */
    public Reflow teacherSolver(OdeSolver solver, int steps) {
        if (solver == null || steps < 1) {
            throw new IllegalArgumentException("need a solver and at least one step, got " + solver + ", " + steps);
        }
        this.solver = solver;
        this.steps = steps;
        return this;
    }

    /** Student optimizer steps per round (default 3000), at least 0. */
    public Reflow iterations(long iterations) {
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must not be negative, got " + iterations);
        }
        this.iterations = iterations;
        return this;
    }

    /** Student batch size (default 256). */
    public Reflow batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** Student learning rate (default 1e-3: the student starts from the teacher, so fine-tunes). */
    public Reflow learningRate(double learningRate) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + learningRate);
        }
        this.learningRate = learningRate;
        return this;
    }

    /** Seed of the pairs and of the student's batches (default the teacher's seed). */
    public Reflow seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * The true data distribution to measure the reports' W2 against (default: the teacher's own
     * samples, so the reports then say how well few steps reproduce the teacher).
     */
    public Reflow reference(DataSource reference) {
        if (reference == null) {
            throw new IllegalArgumentException("reference must not be null");
        }
        if (reference.dimension() != teacher.dimension()) {
            throw new IllegalArgumentException("the reference has dimension " + reference.dimension()
                    + " but the teacher has dimension " + teacher.dimension());
        }
        this.reference = reference;
        return this;
    }

    /** Adds a listener to every student's training. */
    public Reflow listener(TrainingListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        listeners.add(listener);
        return this;
    }

    /** Runs the rounds. */
    public ReflowResult run() {
        INDArray truth = reference != null ? reference.sample(REPORT_POINTS, seed + 7_919L)
                : teacher.sample(REPORT_POINTS, solver, steps, seed + 7_919L);
        List<RoundReport> reports = new ArrayList<>();
        reports.add(report(teacher, 0, truth, 0));
        LOG.info("reflow teacher: {}", reports.get(0));
        FlowModel current = teacher;
        for (int round = 1; round <= rounds; round++) {
            long start = System.nanoTime();
            long roundSeed = seed + 1_000_003L * round;
            INDArray[] pair = pairs(current, roundSeed);
            int d = current.dimension();
            VelocityModel init = current.trainedVelocityModel().withParameters(current.velocityModel().parameters());
            // the student learns in the teacher's units: its pairs' ends are standardized as the teacher's data were
            Standardization units = current.standardization().orElse(null);
            if (units != null) {
                pair[1] = units.standardize(pair[1]);
            }
            FlowMatcher.Builder b = FlowMatcher.builder()
                    .data(Datasets.of(pair[1]))
                    .source(current.source())
                    .normalize(false)
                    .model(init)
                    .coupling(new PairTable(pair[0].data().asFloat(), pair[1].data().asFloat(), pairs, d,
                            "reflow_pairs(round=" + round + ", n=" + pairs + ", " + solver.name() + "x" + steps + ")"))
                    .iterations(iterations)
                    .batchSize(batchSize)
                    .learningRate(learningRate)
                    .seed(roundSeed)
                    .logEvery(Math.max(1, iterations / 5));
            listeners.forEach(b::listener);
            FlowModel student = b.train().withStandardization(units);
            RoundReport r = report(student, round, truth, (System.nanoTime() - start) / 1e9);
            LOG.info("reflow {}", r);
            reports.add(r);
            current = student;
        }
        return new ReflowResult(current, reports);
    }

    /** Integrates the teacher from fresh source points: {x0, x1}, each [pairs, d] float32. */
    private INDArray[] pairs(FlowModel model, long pairSeed) {
        INDArray x0 = model.source().sample(new SplittableRandom(pairSeed), pairs).castTo(DataType.FLOAT);
        LOG.info("reflow pairs: integrating {} source points with {} x {}", pairs, solver.name(), steps);
        long started = System.nanoTime();
        INDArray x1 = model.transport(x0, solver, TimeGrid.uniform(0.0, 1.0, steps));
        LOG.info("reflow pairs: {} done in {} s", pairs, String.format("%.1f", (System.nanoTime() - started) / 1e9));
        return new INDArray[] {x0, x1};
    }

    private RoundReport report(FlowModel model, int round, INDArray truth, double seconds) {
        long s = seed + 31L * round + 1;
        double straightness = Straightness.of(model, REPORT_POINTS, 100, s);
        double w1 = SampleDistances.wasserstein2(model.sample(REPORT_POINTS, Solvers.euler(), 1, s), truth);
        double w2 = SampleDistances.wasserstein2(model.sample(REPORT_POINTS, Solvers.euler(), 2, s), truth);
        double w4 = SampleDistances.wasserstein2(model.sample(REPORT_POINTS, Solvers.euler(), 4, s), truth);
        return new RoundReport(round, straightness, w1, w2, w4, seconds);
    }
}
