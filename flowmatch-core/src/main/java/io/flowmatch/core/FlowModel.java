package io.flowmatch.core;

import io.flowmatch.core.io.FlowModelFile;
import io.flowmatch.core.io.ModelFormatException;
import io.flowmatch.core.model.ConditionalPass;
import io.flowmatch.core.model.GuidedField;
import io.flowmatch.core.model.ModelPass;
import io.flowmatch.core.model.VelocityModel;
import io.flowmatch.datasets.DataSource;
import io.flowmatch.core.path.AffinePath;
import io.flowmatch.core.path.Prediction;
import io.flowmatch.core.path.PredictionField;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.datasets.LabelledDataSource;
import io.flowmatch.solvers.OdeSolver;
import io.flowmatch.solvers.Solvers;
import io.flowmatch.solvers.TimeGrid;
import io.flowmatch.solvers.Trajectory;
import io.flowmatch.solvers.VectorField;
import io.flowmatch.core.internal.NativeBuffers;
import io.flowmatch.core.internal.ParallelChunks;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A trained flow: a velocity field v(t, x) that carries the source distribution at t = 0
 * (standard Gaussian noise unless trained otherwise) to the data distribution at t = 1. Sampling
 * draws x0 from the source and integrates dx/dt = v(t, x) from 0 to 1 with an {@link OdeSolver}.
 *
 * <p>Immutable and thread-safe: every sampling call works in buffers of its own, so one model
 * can be sampled from many threads at once. Sampling is deterministic for a seed, and runs in
 * chunks of {@value #CHUNK_ROWS} rows so that millions of samples need only the output array.
 *
 * <p>Sampling, transport and trajectories spread their chunks over {@link #threads()} threads
 * (default: the available processors; {@link #withThreads(int)} chooses), each thread with its
 * own model pass. The result does not depend on the number of threads: the source points are
 * drawn first, in chunk order, on the calling thread, and each chunk is integrated by one thread
 * exactly as it would be alone, so one thread and sixteen give the same bits.
 *
 * <p>A model carries its provenance (how it was trained) and saves to one self-describing file
 * with {@link #save(Path)}; {@link #load(Path)} gives back a model that samples bit-identically.
 */
public final class FlowModel {

    /**
     * The most rows integrated at once when sampling. Small enough for a chunk's activations to
     * stay in cache (2048 rows ran 10-20 % faster per row than 8192 here), large enough for BLAS.
     * Chunks are made equal in size so that one set of buffers serves a whole call.
     */
    public static final int CHUNK_ROWS = 2048;
    /** The solver used by {@link #sample(int)}: the midpoint rule. */
    public static final String DEFAULT_SOLVER = "midpoint";
    /** The steps used by {@link #sample(int)} (100 evaluations of the midpoint rule). */
    public static final int DEFAULT_STEPS = 50;

    /** The library version written into provenance and model files. */
    public static final String LIBRARY_VERSION = "0.1.0-SNAPSHOT";

    static {
        // before anything here touches ND4J (see BlasKernels)
        io.flowmatch.core.internal.BlasKernels.ensureChosen();
    }

    private final VelocityModel trained;
    private final VelocityModel averaged;
    private final long seed;
    private final Map<String, String> provenance;
    private final DataSource source;
    private final Prediction prediction;
    private final AffinePath predictionPath;
    private final Standardization standardization;
    private final int threads;
    /** What each class label stands for; empty for an unconditional model. */
    private final List<String> classNames;

    /**
     * Everything a model is made of. {@code averaged}, {@code source} and
     * {@code predictionPath} may be null: no weight average, the standard Gaussian source, and
     * velocity prediction respectively.
     *
     * @param trained        the final weights of training (float32)
     * @param averaged       the exponential moving average of the weights to sample from, or null
     * @param seed           the seed {@link #sample(int)} uses
     * @param source         the distribution sampling starts from, or null for N(0, I)
     * @param prediction     what the network outputs
     * @param predictionPath the affine path converting a data or noise prediction to a velocity;
     *                       null for velocity prediction
     * @param provenance     how the model was made (kept in order)
     * @param standardization the units the network works in (its output is converted back to the
     *                        data's units), or null when it works in the data's units
     */
    public record Contents(VelocityModel trained, VelocityModel averaged, long seed, DataSource source,
            Prediction prediction, AffinePath predictionPath, Map<String, String> provenance,
            Standardization standardization) {

        /** Contents without a standardization: the network works in the data's units. */
        public Contents(VelocityModel trained, VelocityModel averaged, long seed, DataSource source,
                Prediction prediction, AffinePath predictionPath, Map<String, String> provenance) {
            this(trained, averaged, seed, source, prediction, predictionPath, provenance, null);
        }
    }

    private FlowModel(Contents c) {
        if (c.trained() == null || c.provenance() == null || c.prediction() == null) {
            throw new IllegalArgumentException("trained model, prediction and provenance must not be null");
        }
        VelocityModel trained = c.trained();
        if (c.averaged() != null && c.averaged().dimension() != trained.dimension()) {
            throw new IllegalArgumentException("the averaged model has dimension " + c.averaged().dimension()
                    + " but the trained model has dimension " + trained.dimension());
        }
        if (c.averaged() != null && c.averaged().classes() != trained.classes()) {
            throw new IllegalArgumentException("the averaged model takes " + c.averaged().classes()
                    + " class labels but the trained model takes " + trained.classes());
        }
        if (c.prediction() != Prediction.VELOCITY && c.predictionPath() == null) {
            throw new IllegalArgumentException("a model predicting " + c.prediction() + " needs its affine path");
        }
        DataSource source = c.source();
        if (source != null && source.dimension() != trained.dimension()) {
            throw new IllegalArgumentException("the source has dimension " + source.dimension()
                    + " but the model has dimension " + trained.dimension());
        }
        this.prediction = c.prediction();
        this.predictionPath = prediction == Prediction.VELOCITY ? null : c.predictionPath();
        // copies, so that the model stays immutable whatever the caller does with its arguments
        this.trained = trained.withParameters(trained.parameters());
        this.averaged = c.averaged() == null ? null : c.averaged().withParameters(c.averaged().parameters());
        this.seed = c.seed();
        if (c.standardization() != null && c.standardization().dimension() != trained.dimension()) {
            throw new IllegalArgumentException("the standardization has dimension " + c.standardization().dimension()
                    + " but the model has dimension " + trained.dimension());
        }
        this.standardization = c.standardization();
        Map<String, String> provenance = new LinkedHashMap<>(c.provenance());
        provenance.putIfAbsent("library_version", LIBRARY_VERSION);
        this.provenance = Collections.unmodifiableMap(provenance);
        DataSource standard = Datasets.gaussian(trained.dimension());
        this.source = source == null || source.description().equals(standard.description()) ? standard : source;
        this.threads = ParallelChunks.defaultThreads();
        this.classNames = LabelledDataSource.numberedClasses(trained.classes());
    }

    /** The same model (sharing its immutable weights) sampling on {@code threads} threads. */
    private FlowModel(FlowModel model, int threads) {
        this(model, threads, model.classNames);
    }

    /** The same model (sharing its immutable weights) on {@code threads} threads with these class names. */
    private FlowModel(FlowModel model, int threads, List<String> classNames) {
        this.trained = model.trained;
        this.averaged = model.averaged;
        this.seed = model.seed;
        this.provenance = model.provenance;
        this.source = model.source;
        this.prediction = model.prediction;
        this.predictionPath = model.predictionPath;
        this.standardization = model.standardization;
        this.threads = threads;
        this.classNames = classNames;
    }

    /**
     * This model, sampling on {@code threads} threads: the same weights (shared, not copied), the
     * same results for every seed, another speed.
     *
     * @throws IllegalArgumentException if {@code threads} is not positive
     */
    public FlowModel withThreads(int threads) {
        ParallelChunks.checkThreads(threads);
        return threads == this.threads ? this : new FlowModel(this, threads);
    }

    /**
     * The number of threads sampling, transport and trajectories use (default: the processors
     * available to the JVM).
     */
    public int threads() {
        return threads;
    }

    /**
     * The model made of {@code contents}: the one complete factory, for models trained elsewhere
     * than {@link FlowMatcher} (data-parallel training on a cluster, a file reader). The
     * parameters are copied.
     *
     * @throws IllegalArgumentException for a null model, prediction or provenance, mismatched
     *                                  dimensions, or a data or noise prediction without its path
     */
    public static FlowModel of(Contents contents) {
        if (contents == null) {
            throw new IllegalArgumentException("contents must not be null");
        }
        return new FlowModel(contents);
    }

    /**
     * The model trained by {@code recipe}: its seed, prediction and path, with the given weights,
     * source and provenance (usually {@code recipe.toMap()} plus what the run measured).
     *
     * @param averaged the weight average to sample from, or null
     * @param source   the source it was trained from, or null for the recipe's
     */
    public static FlowModel of(VelocityModel trained, VelocityModel averaged, Recipe recipe, DataSource source,
            Map<String, String> provenance) {
        return of(trained, averaged, recipe, source, provenance, null);
    }

    /**
     * As {@link #of(VelocityModel, VelocityModel, Recipe, DataSource, Map)}, for a network
     * trained on data standardized by {@code standardization} (null: the data's own units).
     */
    public static FlowModel of(VelocityModel trained, VelocityModel averaged, Recipe recipe, DataSource source,
            Map<String, String> provenance, Standardization standardization) {
        if (recipe == null) {
            throw new IllegalArgumentException("recipe must not be null");
        }
        DataSource x0 = source != null ? source : trained == null ? null : recipe.source(trained.dimension());
        return of(new Contents(trained, averaged, recipe.training().seed(), x0, recipe.prediction(),
                recipe.predictionPath(), provenance, standardization));
    }

    /**
     * The units the network works in: the standardization fitted to the data when training
     * standardized them (samples, velocities and log-densities are converted back to the data's
     * units), or empty when it works in the data's units.
     */
    public java.util.Optional<Standardization> standardization() {
        return java.util.Optional.ofNullable(standardization);
    }

    /**
     * This model with its network read in the units of {@code standardization} (null: the data's
     * own): for a network trained elsewhere on data standardized that way, e.g. a reflow student
     * trained on its teacher's standardized pairs.
     */
    public FlowModel withStandardization(Standardization standardization) {
        FlowModel model = of(new Contents(trained, averaged, seed, source, prediction, predictionPath, provenance,
                standardization));
        return classes() == 0 ? model : model.withClassNames(classNames);
    }

    /**
     * The number of class labels the model is conditioned on (trained on labelled data, with
     * classifier-free guidance); 0 for an unconditional model.
     */
    public int classes() {
        return trained.classes();
    }

    /**
     * What each class label stands for, in label order (a CSV label column's values, or
     * {@code "0"} to {@code "K-1"}); empty for an unconditional model. Saved with the model.
     */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * This model with other names for its classes (sharing its weights): {@link #classes()}
     * distinct, non-blank, single-line names.
     *
     * @throws IllegalArgumentException if the names do not fit the model's classes
     */
    public FlowModel withClassNames(List<String> names) {
        if (names == null || names.size() != classes()) {
            throw new IllegalArgumentException("the model has " + classes() + " classes, got "
                    + (names == null ? "null" : names.size() + " class names"));
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String name : names) {
            if (name == null || name.isBlank() || name.contains("\n") || name.contains("\r") || !seen.add(name)) {
                throw new IllegalArgumentException("class names must be distinct, non-blank and single-line, got "
                        + names);
            }
        }
        return new FlowModel(this, threads, List.copyOf(names));
    }

    /**
     * The label of a class given by its name ({@link #classNames()}) or, failing that, by its
     * number: what a command line's {@code --label} reads.
     *
     * @throws IllegalArgumentException naming the text and the model's classes if it is neither,
     *                                  or if the model has no classes
     */
    public int classOf(String nameOrNumber) {
        if (classes() == 0) {
            throw new IllegalArgumentException("the model was trained without labels: it has no class '"
                    + nameOrNumber + "'");
        }
        String text = nameOrNumber == null ? "" : nameOrNumber.strip();
        int named = classNames.indexOf(text);
        if (named >= 0) {
            return named;
        }
        try {
            int label = Integer.parseInt(text);
            if (label >= 0 && label < classes()) {
                return label;
            }
        } catch (NumberFormatException e) {
            // not a number either
        }
        throw new IllegalArgumentException("unknown class '" + nameOrNumber + "': the model's classes are "
                + (classNames.size() > 20 ? "0 to " + (classes() - 1) : String.join(", ", classNames)));
    }
    /**
     * What the network outputs: the velocity (the usual case), or x1 / x0 on an affine path, which
     * the sampler converts to a velocity (see {@link PredictionField}).
     */
    public Prediction prediction() {
        return prediction;
    }

    /** The velocity field to integrate over one pass's rows: the pass (or guided field), or its converted output. */
    private VectorField field(VectorField pass) {
        return prediction == Prediction.VELOCITY ? pass : new PredictionField(pass, predictionPath, prediction);
    }

    /** The distribution sampling starts from (x0): standard Gaussian unless trained otherwise. */
    public DataSource source() {
        return source;
    }

    /** Whether the source is the standard Gaussian N(0, I). */
    public boolean hasStandardSource() {
        return source.description().equals(Datasets.gaussian(dimension()).description());
    }

    /** The data dimension d. */
    public int dimension() {
        return trained.dimension();
    }

    /** The seed that {@link #sample(int)} and {@link #sample(int, OdeSolver, int)} use: the training seed. */
    public long seed() {
        return seed;
    }

    /**
     * The velocity model used for sampling: the exponential moving average of the weights if
     * training kept one, otherwise the final weights.
     */
    public VelocityModel velocityModel() {
        return averaged != null ? averaged : trained;
    }

    /** The final weights of training, whether or not an average was kept. */
    public VelocityModel trainedVelocityModel() {
        return trained;
    }

    /** Whether sampling uses an exponential moving average of the weights. */
    public boolean usesWeightAverage() {
        return averaged != null;
    }

    /**
     * How the model was made: architecture, path, data, training settings, final loss, library
     * version. Ordered; stored in the model file.
     */
    public Map<String, String> provenance() {
        return provenance;
    }

    /**
     * {@code n} samples with the default solver ({@value #DEFAULT_SOLVER}, {@value #DEFAULT_STEPS}
     * steps) and the model's seed; the same call gives the same points.
     *
     * @return shape {@code [n, d]}, float32
     */
    public INDArray sample(int n) {
        return sample(n, Solvers.parse(DEFAULT_SOLVER), DEFAULT_STEPS, seed);
    }

    /** {@code n} samples with the given solver and number of steps, from the model's seed. */
    public INDArray sample(int n, OdeSolver solver, int steps) {
        return sample(n, solver, steps, seed);
    }

    /**
     * {@code n} samples: x0 drawn from the source with {@code seed}, integrated from t = 0 to 1.
     *
     * @param n      number of points, at least 1
     * @param solver the ODE solver
     * @param steps  steps on a uniform grid over [0, 1] (for adaptive solvers: the grid points
     *               they must land on; 1 lets them choose freely)
     * @param seed   the seed of the source points; the same seed gives the same samples
     * @return shape {@code [n, d]}, float32
     */
    public INDArray sample(int n, OdeSolver solver, int steps, long seed) {
        checkSampling(n, solver, steps);
        return sample(n, solver, TimeGrid.uniform(0.0, 1.0, steps), seed);
    }

    /**
     * {@code n} samples integrated over a grid of your choice, e.g. one that concentrates steps
     * where the flow bends ({@link io.flowmatch.core.grid.CurvatureGrid}).
     *
     * @param grid times from 0 to 1, increasing
     */
    public INDArray sample(int n, OdeSolver solver, TimeGrid grid, long seed) {
        checkSampling(n, solver, 1);
        checkGrid(grid);
        ChunkLayout chunks = ChunkLayout.of(n);
        INDArray result = drawSource(chunks, seed);
        integrateInPlace(result, chunks, solver, grid);
        return toDataUnits(result);
    }

    /**
     * {@code n} samples of class {@code label} with guidance {@code guidance}, with the default
     * solver ({@value #DEFAULT_SOLVER}, {@value #DEFAULT_STEPS} steps) and the model's seed; see
     * {@link #sample(int[], double, OdeSolver, TimeGrid, long)}.
     */
    public INDArray sample(int n, int label, double guidance) {
        return sample(n, label, guidance, Solvers.parse(DEFAULT_SOLVER), DEFAULT_STEPS, seed);
    }

    /**
     * {@code n} samples of class {@code label} with guidance {@code guidance}; see
     * {@link #sample(int[], double, OdeSolver, TimeGrid, long)}.
     *
     * @param label a class in [0, {@link #classes()}), or {@link ConditionalPass#NULL_LABEL} for the
     *              unconditional model
     */
    public INDArray sample(int n, int label, double guidance, OdeSolver solver, int steps, long seed) {
        checkSampling(n, solver, steps);
        checkLabels(new int[] {label});
        int[] labels = new int[n];
        java.util.Arrays.fill(labels, label);
        return sample(labels, guidance, solver, TimeGrid.uniform(0.0, 1.0, steps), seed);
    }

    /**
     * One sample per entry of {@code labels}, row i of class {@code labels[i]} (a mix of classes in
     * any proportions, e.g. {@link #labelMix(int[])}); see
     * {@link #sample(int[], double, OdeSolver, TimeGrid, long)}.
     */
    public INDArray sample(int[] labels, double guidance, OdeSolver solver, int steps, long seed) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be positive, got " + steps);
        }
        return sample(labels, guidance, solver, TimeGrid.uniform(0.0, 1.0, steps), seed);
    }

    /**
     * Class-conditional samples with classifier-free guidance, for a model trained on labelled
     * data: row i integrates v = v_uncond + w (v_cond - v_uncond) with the label {@code labels[i]}
     * (w = {@code guidance}: 0 is the unconditional model, 1 the conditional one, above 1 pushes
     * further toward the class; a row with {@link ConditionalPass#NULL_LABEL} is unconditional).
     * The source points are drawn from {@code seed} exactly as {@link #sample(int, OdeSolver,
     * TimeGrid, long)} draws them, so the same seed gives the same noise whatever the labels
     * and guidance. Unguided rows (w = 0 or 1) cost one network evaluation per step, guided ones
     * two.
     *
     * @param labels   one class per sample, each in [0, {@link #classes()}) or the null label; at least one
     * @param guidance the guidance scale w, finite
     * @param grid     times from 0 to 1, increasing
     * @return shape {@code [labels.length, d]}, float32, in the data's units
     * @throws IllegalArgumentException if the model has no classes, a label is out of range, or w
     *                                  is not finite
     */
    public INDArray sample(int[] labels, double guidance, OdeSolver solver, TimeGrid grid, long seed) {
        if (labels == null || labels.length < 1) {
            throw new IllegalArgumentException("give at least one label");
        }
        checkSampling(labels.length, solver, 1);
        checkGrid(grid);
        checkGuidedLabels(labels, guidance);
        ChunkLayout chunks = ChunkLayout.of(labels.length);
        INDArray result = drawSource(chunks, seed);
        int[] copy = labels.clone();
        FloatBuffer all = NativeBuffers.floats(result);
        int d = dimension();
        ParallelChunks.run(threads, chunks.count(), LabelledChunkWorker::new, (worker, c) -> {
            int rows = chunks.rows(c);
            int offset = chunks.start(c) * d;
            worker.prepare(java.util.Arrays.copyOfRange(copy, chunks.start(c), chunks.start(c) + rows), guidance);
            worker.stateBuffer.put(0, all, offset, rows * d);
            solver.integrate(worker.field, worker.state, grid);
            all.put(offset, worker.stateBuffer, 0, rows * d);
        });
        return toDataUnits(result);
    }

    /**
     * The labels of a mix of classes: {@code counts[k]} samples of class k, in class order (for
     * {@link #sample(int[], double, OdeSolver, int, long)}).
     *
     * @throws IllegalArgumentException if a count is negative or there are none in all
     */
    public static int[] labelMix(int[] counts) {
        if (counts == null) {
            throw new IllegalArgumentException("counts must not be null");
        }
        long total = 0;
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] < 0) {
                throw new IllegalArgumentException("count of class " + k + " is negative: " + counts[k]);
            }
            total += counts[k];
        }
        if (total < 1 || total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a mix needs between 1 and " + (Integer.MAX_VALUE - 8)
                    + " samples, got " + total);
        }
        int[] labels = new int[(int) total];
        for (int k = 0, at = 0; k < counts.length; k++) {
            java.util.Arrays.fill(labels, at, at + counts[k], k);
            at += counts[k];
        }
        return labels;
    }

    /** The labels (see {@link #checkLabels}) and a finite guidance scale. */
    private void checkGuidedLabels(int[] labels, double guidance) {
        checkLabels(labels);
        if (!Double.isFinite(guidance)) {
            throw new IllegalArgumentException("guidance scale must be finite, got " + guidance);
        }
    }

    private void checkLabels(int[] labels) {
        if (classes() == 0) {
            throw new IllegalArgumentException("the model was trained without labels: sample it with sample(n, ...),"
                    + " or train on labelled data for class-conditional samples");
        }
        for (int i = 0; i < labels.length; i++) {
            int y = labels[i];
            if (y != ConditionalPass.NULL_LABEL && (y < 0 || y >= classes())) {
                throw new IllegalArgumentException("label " + y + (labels.length > 1 ? " (sample " + i + ")" : "")
                        + " is not a class of the model: its classes are 0 to " + (classes() - 1)
                        + " (or " + ConditionalPass.NULL_LABEL + " for none)");
            }
        }
    }

    /**
     * The source points of a sampling call, drawn from {@code seed} chunk by chunk in order on this
     * thread: the draws, hence the samples, do not depend on the number of threads.
     *
     * @return shape {@code [chunks.n(), d]}, float32
     */
    private INDArray drawSource(ChunkLayout chunks, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        INDArray points = Nd4j.create(DataType.FLOAT, chunks.n(), dimension());
        for (int c = 0; c < chunks.count(); c++) {
            int start = chunks.start(c);
            points.get(NDArrayIndex.interval(start, start + chunks.rows(c)), NDArrayIndex.all())
                    .assign(source.sample(rng, chunks.rows(c)));
        }
        return points;
    }

    /** {@code points} (float32 [n, d], the network's units) in the data's units, in place. */
    private INDArray toDataUnits(INDArray points) {
        if (standardization != null) {
            standardization.restoreInPlace(points);
        }
        return points;
    }

    /**
     * Carries given source points along the flow from t = 0 to 1: the points the flow takes them
     * to (for reflow pairs, or to push a fixed set of noise through the model), in the data's
     * units; the source points are the source distribution's (for a standardized model, noise in
     * the standardized units, as {@link #source()} draws it). Runs in chunks of
     * at most {@value #CHUNK_ROWS} rows like {@link #sample}.
     *
     * @param x0   starting points, shape {@code [n, d]}, any float type, finite; not modified
     * @param grid times from 0 to 1, increasing
     * @return the end points, shape {@code [n, d]}, float32
     */
    public INDArray transport(INDArray x0, OdeSolver solver, TimeGrid grid) {
        if (x0 == null || x0.rank() != 2 || x0.columns() != dimension() || x0.rows() < 1) {
            throw new IllegalArgumentException("x0 must have shape [n, " + dimension() + "], got "
                    + (x0 == null ? "null" : java.util.Arrays.toString(x0.shape())));
        }
        if (x0.isNaN().any() || x0.isInfinite().any()) {
            throw new IllegalArgumentException("x0 has a NaN or infinite value");
        }
        checkSampling(Math.toIntExact(x0.rows()), solver, 1);
        checkGrid(grid);
        INDArray result = Nd4j.create(DataType.FLOAT, x0.rows(), dimension());
        result.assign(x0.castTo(DataType.FLOAT));
        integrateInPlace(result, ChunkLayout.of(Math.toIntExact(x0.rows())), solver, grid);
        return toDataUnits(result);
    }

    /**
     * How n rows are cut into chunks: as few as hold at most {@value #CHUNK_ROWS} rows each, equal
     * in size but for a shorter last one, so that one pass serves (almost) a whole call. Depends on
     * n only, never on the number of threads.
     */
    private record ChunkLayout(int n, int count, int size) {
        static ChunkLayout of(int n) {
            int fewest = (n + CHUNK_ROWS - 1) / CHUNK_ROWS;
            int size = (n + fewest - 1) / fewest;
            // chunks of that size until n is covered (for n beyond CHUNK_ROWS^2, fewer than
            // `fewest`, so that none is empty)
            return new ChunkLayout(n, (n + size - 1) / size, size);
        }

        int start(int chunk) {
            return chunk * size;
        }

        int rows(int chunk) {
            return Math.min(size, n - start(chunk));
        }
    }

    /**
     * One thread's working memory: a model pass, the field over it and the state it integrates,
     * for one chunk size at a time (a call has at most two sizes).
     */
    private final class ChunkWorker {
        private ModelPass pass;
        private VectorField field;
        private INDArray state;
        private FloatBuffer stateBuffer;

        void prepare(int rows) {
            if (pass == null || pass.rows() != rows) {
                pass = velocityModel().newPass(rows);
                field = field(pass);
                state = Nd4j.create(DataType.FLOAT, rows, dimension());
                stateBuffer = NativeBuffers.floats(state);
            }
        }
    }

    /**
     * One thread's working memory for class-conditional sampling: per chunk, the unconditional
     * pass (w = 0, or no labelled row), the conditional one (w = 1) or a guided field of twice the
     * rows, each kept for the next chunk of the same size.
     */
    private final class LabelledChunkWorker {
        private ModelPass plain;
        private ConditionalPass conditional;
        private GuidedField guided;
        private VectorField field;
        private INDArray state;
        private FloatBuffer stateBuffer;

        void prepare(int[] labels, double guidance) {
            int rows = labels.length;
            if (state == null || state.rows() != rows) {
                state = Nd4j.create(DataType.FLOAT, rows, dimension());
                stateBuffer = NativeBuffers.floats(state);
            }
            boolean anyLabel = false;
            for (int y : labels) {
                anyLabel |= y != ConditionalPass.NULL_LABEL;
            }
            if (guidance == 0.0 || !anyLabel) {
                if (plain == null || plain.rows() != rows) {
                    plain = velocityModel().newPass(rows);
                }
                field = field(plain);
            } else if (guidance == 1.0) {
                if (conditional == null || conditional.rows() != rows) {
                    conditional = velocityModel().newConditionalPass(rows);
                }
                conditional.labels(labels);
                field = field(conditional);
            } else {
                if (guided == null || guided.rows() != rows || guided.guidance() != guidance) {
                    guided = new GuidedField(velocityModel(), labels, guidance);
                } else {
                    guided.labels(labels);
                }
                field = field(guided);
            }
        }
    }

    /**
     * Integrates every row of the dense float32 {@code points} from t = 0 to 1, in place, chunk by
     * chunk on {@link #threads()} threads. Rows are copied between {@code points} and a thread's
     * own state buffer through their native memory, so the workers share no ND4J view.
     */
    private void integrateInPlace(INDArray points, ChunkLayout chunks, OdeSolver solver, TimeGrid grid) {
        FloatBuffer all = NativeBuffers.floats(points);
        int d = dimension();
        ParallelChunks.run(threads, chunks.count(), ChunkWorker::new, (worker, c) -> {
            int rows = chunks.rows(c);
            int offset = chunks.start(c) * d;
            worker.prepare(rows);
            worker.stateBuffer.put(0, all, offset, rows * d);
            solver.integrate(worker.field, worker.state, grid);
            all.put(offset, worker.stateBuffer, 0, rows * d);
        });
    }

    private static void checkGrid(TimeGrid grid) {
        if (grid == null || grid.start() != 0.0 || grid.end() != 1.0) {
            throw new IllegalArgumentException("the grid must run from 0 to 1, got " + grid);
        }
    }

    /**
     * The paths of {@code n} points from t = 0 to 1: the state at every grid point, for plots and
     * animations. The final state equals {@code sample(n, solver, steps, seed)}. With a
     * fixed-step solver the points are integrated in chunks on {@link #threads()} threads, like
     * {@link #sample}; an adaptive solver, whose steps depend on every point, integrates them all
     * at once on the calling thread.
     *
     * @param n number of points; every state is kept, so keep it to thousands
     */
    public Trajectory trajectory(int n, OdeSolver solver, int steps, long seed) {
        checkSampling(n, solver, steps);
        // the noise is drawn chunk by chunk, as the samplers draw it, so the paths end in the sample
        INDArray state = drawSource(ChunkLayout.of(n), seed);
        TimeGrid grid = TimeGrid.uniform(0.0, 1.0, steps);
        if (solver.isAdaptive() || n <= CHUNK_ROWS) {
            // an adaptive solver's steps depend on every row it integrates: one chunk, as ever
            Trajectory trajectory = Trajectory.everyStep();
            solver.integrate(field(velocityModel().newPass(n)), state, grid, trajectory);
            trajectory.states().forEach(this::toDataUnits);
            return trajectory;
        }
        ChunkLayout chunks = ChunkLayout.of(n);
        Trajectory[] parts = new Trajectory[chunks.count()];
        FloatBuffer all = NativeBuffers.floats(state);
        int d = dimension();
        ParallelChunks.run(threads, chunks.count(), ChunkWorker::new, (worker, c) -> {
            worker.prepare(chunks.rows(c));
            worker.stateBuffer.put(0, all, chunks.start(c) * d, chunks.rows(c) * d);
            parts[c] = Trajectory.everyStep();
            solver.integrate(worker.field, worker.state, grid, parts[c]);
        });
        return joinInDataUnits(parts);
    }

    /**
     * The chunks' paths of a fixed-step solver (the same times in each), joined row-wise step by
     * step in chunk order into one trajectory, in the data's units.
     */
    private Trajectory joinInDataUnits(Trajectory[] parts) {
        Trajectory trajectory = Trajectory.everyStep();
        double[] times = parts[0].times();
        for (int k = 0; k < times.length; k++) {
            INDArray[] rows = new INDArray[parts.length];
            for (int c = 0; c < parts.length; c++) {
                rows[c] = parts[c].states().get(k);
            }
            INDArray joined = Nd4j.vstack(rows);
            if (k == 0) {
                trajectory.init(times[0], joined);
            } else {
                trajectory.handleStep(k, times[k], joined);
            }
        }
        trajectory.states().forEach(this::toDataUnits);
        return trajectory;
    }

    /**
     * The learned velocity v(t, x) at one time for every row of {@code x}, in the data's units
     * (for a standardized model, scale * v_z(t, (x - mean) / scale)).
     *
     * @param t time in [0, 1]
     * @param x points, shape {@code [n, d]}
     * @return velocities, shape {@code [n, d]}, float32
     */
    public INDArray velocity(double t, INDArray x) {
        checkVelocityInput(t, x);
        return velocityInDataUnits(field(velocityModel().newPass(Math.toIntExact(x.rows()))), t, x);
    }

    /** {@code field} (in the network's units) at time t for every row of x (in the data's units), in the data's units. */
    private INDArray velocityInDataUnits(VectorField field, double t, INDArray x) {
        INDArray out = Nd4j.create(DataType.FLOAT, x.rows(), dimension());
        INDArray z = standardization == null ? x : standardization.standardize(x);
        field.evaluate(t, z, out);
        if (standardization != null) {
            standardization.scaleVelocityInPlace(out); // dx/dt = scale * dz/dt
        }
        return out;
    }

    /**
     * The class-conditional velocity v(t, x | label) at one time for every row of {@code x}, in
     * the data's units: the field {@link #sample(int, int, double)} integrates at guidance 1.
     *
     * @param label a class in [0, {@link #classes()}), or {@link ConditionalPass#NULL_LABEL} for
     *              the unconditional field ({@link #velocity(double, INDArray)})
     * @return velocities, shape {@code [n, d]}, float32
     * @throws IllegalArgumentException if the model has no classes or the label is not one of them
     */
    public INDArray velocity(double t, INDArray x, int label) {
        checkVelocityInput(t, x);
        checkLabels(new int[] {label});
        int[] labels = new int[Math.toIntExact(x.rows())];
        java.util.Arrays.fill(labels, label);
        return velocity(t, x, labels, 1.0);
    }

    /**
     * The guided velocity v_null + w (v_label - v_null) at one time, row i with label
     * {@code labels[i]}, in the data's units: the field
     * {@link #sample(int[], double, OdeSolver, int, long)} integrates.
     *
     * @param labels   one class (or the null label) per row of {@code x}
     * @param guidance the guidance scale w, finite
     * @return velocities, shape {@code [n, d]}, float32
     * @throws IllegalArgumentException if the model has no classes, the number of labels is not
     *                                  the number of rows, a label is out of range or w is not finite
     */
    public INDArray velocity(double t, INDArray x, int[] labels, double guidance) {
        checkVelocityInput(t, x);
        if (labels == null || labels.length != x.rows()) {
            throw new IllegalArgumentException("give one label per row of x (" + x.rows() + "), got "
                    + (labels == null ? "null" : labels.length));
        }
        checkGuidedLabels(labels, guidance);
        LabelledChunkWorker worker = new LabelledChunkWorker();
        worker.prepare(labels.clone(), guidance);
        return velocityInDataUnits(worker.field, t, x);
    }

    /**
     * The paths of class-conditional samples from t = 0 to 1, row i of class {@code labels[i]}
     * with guidance w: the state at every grid point, for plots and animations. The final state
     * equals {@code sample(labels, guidance, solver, steps, seed)}. With a fixed-step solver the
     * points are integrated in chunks on {@link #threads()} threads, like
     * {@link #sample(int[], double, OdeSolver, TimeGrid, long)}, and the paths do not depend on
     * the number of threads; an adaptive solver, whose steps depend on every point, integrates
     * them all at once on the calling thread (then, beyond {@value #CHUNK_ROWS} points, the final
     * state may differ from the chunked sample's).
     *
     * @param labels one class per point, each in [0, {@link #classes()}) or the null label; every
     *               state is kept, so keep it to thousands
     * @throws IllegalArgumentException if the model has no classes, a label is out of range, or w
     *                                  is not finite
     */
    public Trajectory trajectory(int[] labels, double guidance, OdeSolver solver, int steps, long seed) {
        if (labels == null || labels.length < 1) {
            throw new IllegalArgumentException("give at least one label");
        }
        checkSampling(labels.length, solver, steps);
        checkGuidedLabels(labels, guidance);
        int[] copy = labels.clone();
        ChunkLayout chunks = ChunkLayout.of(copy.length);
        INDArray state = drawSource(chunks, seed);
        TimeGrid grid = TimeGrid.uniform(0.0, 1.0, steps);
        if (solver.isAdaptive() || chunks.count() == 1) {
            // an adaptive solver's steps depend on every row it integrates: one chunk
            Trajectory trajectory = Trajectory.everyStep();
            LabelledChunkWorker worker = new LabelledChunkWorker();
            worker.prepare(copy, guidance);
            solver.integrate(worker.field, state, grid, trajectory);
            trajectory.states().forEach(this::toDataUnits);
            return trajectory;
        }
        Trajectory[] parts = new Trajectory[chunks.count()];
        FloatBuffer all = NativeBuffers.floats(state);
        int d = dimension();
        ParallelChunks.run(threads, chunks.count(), LabelledChunkWorker::new, (worker, c) -> {
            int rows = chunks.rows(c);
            worker.prepare(java.util.Arrays.copyOfRange(copy, chunks.start(c), chunks.start(c) + rows), guidance);
            worker.stateBuffer.put(0, all, chunks.start(c) * d, rows * d);
            parts[c] = Trajectory.everyStep();
            solver.integrate(worker.field, worker.state, grid, parts[c]);
        });
        return joinInDataUnits(parts);
    }

    private void checkVelocityInput(double t, INDArray x) {
        if (x == null || x.rank() != 2 || x.columns() != dimension() || x.rows() < 1) {
            throw new IllegalArgumentException("x must have shape [n, " + dimension() + "], got "
                    + (x == null ? "null" : java.util.Arrays.toString(x.shape())));
        }
        if (!Double.isFinite(t)) {
            throw new IllegalArgumentException("t must be finite, got " + t);
        }
    }

    private void checkSampling(int n, OdeSolver solver, int steps) {
        if (n < 1) {
            throw new IllegalArgumentException("number of samples must be positive, got " + n);
        }
        if (solver == null) {
            throw new IllegalArgumentException("solver must not be null");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be positive, got " + steps);
        }
    }

    /**
     * Saves the model (architecture, weights, weight average, seed, source, provenance) to one
     * file, atomically: a crash leaves the previous file or the complete new one. The format is
     * {@link FlowModelFile}'s.
     *
     * @throws UnsupportedOperationException if the velocity model is not an {@link io.flowmatch.core.model.MlpVelocityModel}
     * @throws java.io.UncheckedIOException  if the file cannot be written
     */
    public void save(Path path) {
        FlowModelFile.write(this, path);
    }

    /**
     * Loads a model saved by {@link #save(Path)}.
     *
     * @throws java.io.UncheckedIOException if the file cannot be read
     * @throws ModelFormatException         if it is not a valid flowmatch model file, or if the
     *                                      model was trained from a custom source (load it with
     *                                      {@link #load(Path, DataSource)})
     */
    public static FlowModel load(Path path) {
        return FlowModelFile.read(path, null);
    }

    /**
     * Loads a model saved by {@link #save(Path)} that was trained from a custom source
     * distribution (e.g. another data set), which the file names but cannot hold.
     *
     * @param source the source the model was trained from, or null to use the saved one
     * @throws ModelFormatException as for {@link #load(Path)}, or if {@code source} has another
     *                              dimension than the model
     */
    public static FlowModel load(Path path, DataSource source) {
        return FlowModelFile.read(path, source);
    }

    /** The affine path converting the network's output to a velocity; null for velocity prediction. */
    public AffinePath predictionPath() {
        return predictionPath;
    }

    @Override
    public String toString() {
        return "FlowModel[" + velocityModel().description() + (averaged != null ? ", ema" : "") + "]";
    }
}
