package io.flowmatch.manifold;

import io.flowmatch.core.model.MlpVelocityModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained Riemannian flow: a tangent velocity field v(t, x) on a {@link Manifold} that carries
 * the uniform distribution at t = 0 to the data distribution at t = 1. Sampling draws uniform
 * points and integrates dx/dt = v(t, x) with a {@link ManifoldSolver}, so every state stays on
 * the manifold; {@link #logLikelihood} integrates back with the Riemannian divergence.
 *
 * <pre>{@code
 * INDArray x = model.sample(10_000, 100, 7L);      // [10000, 3] unit vectors on S^2
 * double[] logp = model.logLikelihood(x);           // per point, w.r.t. the sphere's area measure
 * model.save(Path.of("sphere.flow"));
 * RiemannianFlowModel again = RiemannianFlowModel.load(Path.of("sphere.flow"));
 * }</pre>
 *
 * <p>Immutable and thread-safe: every call works in buffers of its own. Sampling is deterministic
 * for a seed and runs in chunks of at most {@value #CHUNK_ROWS} rows. A model carries its recipe
 * and provenance, and saves to one file that loads back into a model sampling bit-identically.
 */
public final class RiemannianFlowModel {

    /** The most rows integrated at once when sampling. */
    public static final int CHUNK_ROWS = 2048;
    /** The steps of {@link #sample(int)} and of {@link #logLikelihood(INDArray)}. */
    public static final int DEFAULT_STEPS = 50;

    private final RiemannianRecipe recipe;
    private final MlpVelocityModel trained;
    private final MlpVelocityModel averaged;
    private final Map<String, String> provenance;
    private final Embedding embedding;

    private RiemannianFlowModel(RiemannianRecipe recipe, MlpVelocityModel trained, MlpVelocityModel averaged,
            Map<String, String> provenance) {
        this.recipe = recipe;
        this.embedding = recipe.embedding();
        int width = embedding.features();
        if (trained.dimension() != width || (averaged != null && averaged.dimension() != width)) {
            throw new IllegalArgumentException("the network has width " + trained.dimension() + " but "
                    + recipe.manifold().description() + " with " + recipe.features().label() + " features needs "
                    + width);
        }
        if (trained.dataType() != DataType.FLOAT || (averaged != null && averaged.dataType() != DataType.FLOAT)) {
            throw new IllegalArgumentException("the network must be FLOAT, got " + trained.dataType());
        }
        // copies, so that the model stays immutable whatever the caller does with its arguments
        this.trained = trained.withParameters(trained.parameters());
        this.averaged = averaged == null ? null : averaged.withParameters(averaged.parameters());
        Map<String, String> p = new LinkedHashMap<>(provenance);
        p.putIfAbsent("library_version", io.flowmatch.core.FlowModel.LIBRARY_VERSION);
        this.provenance = Collections.unmodifiableMap(p);
    }

    /**
     * The model of {@code recipe} with the given networks (copied): for models trained elsewhere
     * or read from a file.
     *
     * @param recipe     how it was trained: manifold, features, seed
     * @param trained    the final float32 weights, as wide as the recipe's features
     * @param averaged   a weight average to sample from, or null
     * @param provenance how it was made (kept in order)
     * @throws IllegalArgumentException for a null argument or a network of the wrong width or type
     */
    public static RiemannianFlowModel of(RiemannianRecipe recipe, MlpVelocityModel trained, MlpVelocityModel averaged,
            Map<String, String> provenance) {
        if (recipe == null || trained == null || provenance == null) {
            throw new IllegalArgumentException("recipe, trained network and provenance must not be null");
        }
        return new RiemannianFlowModel(recipe, trained, averaged, provenance);
    }

    /** The manifold the model lives on. */
    public Manifold manifold() {
        return recipe.manifold();
    }

    /** Coordinates per point (the columns of samples). */
    public int dimension() {
        return recipe.manifold().dimension();
    }

    /** The recipe it was trained with. */
    public RiemannianRecipe recipe() {
        return recipe;
    }

    /** How the model was made: the recipe's text form, the data, what the run measured, the library version. */
    public Map<String, String> provenance() {
        return provenance;
    }

    /** The seed {@link #sample(int)} uses: the training seed. */
    public long seed() {
        return recipe.training().seed();
    }

    /** The network used for sampling: the weight average if training kept one, else the final weights. */
    public MlpVelocityModel velocityModel() {
        return averaged != null ? averaged : trained;
    }

    /** The final weights of training. */
    public MlpVelocityModel trainedVelocityModel() {
        return trained;
    }

    /** Whether sampling uses a weight average. */
    public boolean usesWeightAverage() {
        return averaged != null;
    }

    /**
     * {@code n} samples with the default solver ({@value ManifoldSolvers#DEFAULT}),
     * {@value #DEFAULT_STEPS} steps and the model's seed.
     *
     * @return float32 {@code [n, dimension()]}, every row on the manifold
     */
    public INDArray sample(int n) {
        return sample(n, ManifoldSolvers.defaultSolver(), DEFAULT_STEPS, seed());
    }

    /**
     * {@code n} samples with the default solver ({@value ManifoldSolvers#DEFAULT}).
     *
     * @param n     number of points, at least 1
     * @param steps solver steps from t = 0 to 1, at least 1
     * @param seed  the seed of the uniform starting points; the same seed gives the same samples
     * @return float32 {@code [n, dimension()]}: unit vectors on a sphere (|norm - 1| below 1e-6),
     *         angles in [-pi, pi) on a torus
     */
    public INDArray sample(int n, int steps, long seed) {
        return sample(n, ManifoldSolvers.defaultSolver(), steps, seed);
    }

    /**
     * {@code n} samples: uniform points drawn with {@code seed}, carried from t = 0 to 1 by
     * {@code solver} in {@code steps} equal steps.
     *
     * @return float32 {@code [n, dimension()]}, every row on the manifold
     * @throws IllegalArgumentException if n or steps is below 1 or the solver is null
     */
    public INDArray sample(int n, ManifoldSolver solver, int steps, long seed) {
        checkSampling(n, solver, steps);
        Manifold m = manifold();
        int d = m.dimension();
        float[] result = new float[Math.multiplyExact(n, d)];
        // the starting points are drawn row after row from one generator, so chunking does not change them
        SplittableRandom rng = new SplittableRandom(seed);
        io.flowmatch.solvers.TimeGrid grid = io.flowmatch.solvers.TimeGrid.uniform(0.0, 1.0, steps);
        int chunks = (n + CHUNK_ROWS - 1) / CHUNK_ROWS;
        int chunkRows = (n + chunks - 1) / chunks;
        ModelField field = null;
        double[] state = new double[chunkRows * d];
        for (int start = 0; start < n; start += chunkRows) {
            int rows = Math.min(chunkRows, n - start);
            if (field == null || field.rows() != rows) {
                field = new ModelField(velocityModel(), embedding, rows);
            }
            m.sampleUniform(rng, state, rows);
            solver.integrate(m, field, state, rows, grid);
            toFloat(m, state, rows, result, start * d);
        }
        return Nd4j.create(result, new long[] {n, d}, DataType.FLOAT);
    }

    /**
     * The paths of {@code n} points: the state at t = 0 and after every step, {@code steps + 1}
     * float32 arrays {@code [n, dimension()]}, each on the manifold; the last equals
     * {@code sample(n, solver, steps, seed)}. All points are integrated at once: keep n to thousands.
     */
    public List<INDArray> trajectory(int n, ManifoldSolver solver, int steps, long seed) {
        checkSampling(n, solver, steps);
        Manifold m = manifold();
        double[] x = new double[Math.multiplyExact(n, m.dimension())];
        m.sampleUniform(new SplittableRandom(seed), x, n);
        List<INDArray> states = new ArrayList<>();
        ModelField field = new ModelField(velocityModel(), embedding, n);
        solver.integrate(m, (t, y, v, rates, rows) -> field.evaluate(t, y, v, rows), x, n, null, 0,
                io.flowmatch.solvers.TimeGrid.uniform(0.0, 1.0, steps), (step, t, state, rows) -> states.add(
                        toFloat(m, state, rows)));
        return states;
    }

    /**
     * The learned velocity at time t for every row of x: tangent vectors, float32 {@code [n, dimension()]}.
     *
     * @param x points on the manifold, any floating type
     * @throws IllegalArgumentException if x is not {@code [n, dimension()]} or a row is off the manifold
     */
    public INDArray velocity(double t, INDArray x) {
        int n = Arrays2.rows(x, "x", dimension());
        double[] points = onManifold(x, n);
        double[] v = new double[points.length];
        new ModelField(velocityModel(), embedding, n).evaluate(t, points, v, n);
        return Nd4j.create(v, new long[] {n, dimension()}, DataType.DOUBLE).castTo(DataType.FLOAT);
    }

    /**
     * The log-density of each row of x under the model, with respect to the manifold's volume
     * measure (the area on S^2; d angle_1 ... d angle_k on the torus), by the instantaneous
     * change of variables with the exact Riemannian divergence, integrated back to t = 0 with the
     * default solver in {@value #DEFAULT_STEPS} steps. A model whose field is zero gives
     * -log(volume) everywhere.
     *
     * @param x points on the manifold, {@code [n, dimension()]}, any floating type (on a torus
     *          with {@code wrapAngles}, any angles)
     * @return n log-densities
     * @throws IllegalArgumentException if x has the wrong shape or a row is off the manifold (naming it)
     */
    public double[] logLikelihood(INDArray x) {
        return logLikelihood(x, ManifoldSolvers.defaultSolver(), DEFAULT_STEPS);
    }

    /** As {@link #logLikelihood(INDArray)} with the given solver and number of steps. */
    public double[] logLikelihood(INDArray x, ManifoldSolver solver, int steps) {
        int n = Arrays2.rows(x, "x", dimension());
        checkSampling(n, solver, steps);
        return DivergenceField.logDensity(manifold(), embedding, velocityModel(), onManifold(x, n), n, solver, steps);
    }

    /**
     * Saves the model (recipe, networks, provenance) to one file, atomically; the format is
     * described by {@code RiemannianModelFile}: the {@code io.flowmatch.core.io.ModelFile}
     * container with {@code format=flowmatch-riemannian-model}.
     *
     * @throws java.io.UncheckedIOException if the file cannot be written
     */
    public void save(Path path) {
        RiemannianModelFile.write(this, path);
    }

    /**
     * Loads a model saved by {@link #save(Path)}.
     *
     * @throws java.io.UncheckedIOException if the file cannot be read
     * @throws io.flowmatch.core.io.ModelFormatException if it is not a valid Riemannian flow model file
     */
    public static RiemannianFlowModel load(Path path) {
        return RiemannianModelFile.read(path);
    }

    /** The rows of x as a flat double array, wrapped if the recipe says so, checked and projected onto the manifold. */
    private double[] onManifold(INDArray x, int n) {
        double[] points = Arrays2.flat(x);
        Manifold m = manifold();
        if (recipe.wrapAngles()) {
            m.projectPoints(points, points, n);
        }
        m.requireOnManifold(points, n, "x");
        m.projectPoints(points, points, n);
        return points;
    }

    private static void checkSampling(int n, ManifoldSolver solver, int steps) {
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

    /** The smallest float that is not below -pi: where a float angle at or above pi goes. */
    private static final float MINUS_PI_FLOAT = Math.nextUp((float) -Math.PI);

    /** Points as float32, still on the manifold after rounding (angles kept in [-pi, pi)). */
    static INDArray toFloat(Manifold m, double[] x, int n) {
        float[] out = new float[n * m.dimension()];
        toFloat(m, x, n, out, 0);
        return Nd4j.create(out, new long[] {n, m.dimension()}, DataType.FLOAT);
    }

    private static void toFloat(Manifold m, double[] x, int n, float[] out, int offset) {
        boolean torus = m instanceof FlatTorus;
        for (int i = 0, len = n * m.dimension(); i < len; i++) {
            float v = (float) x[i];
            if (torus && (v >= Math.PI || v < -Math.PI)) {
                v = MINUS_PI_FLOAT;
            }
            out[offset + i] = v;
        }
    }

    @Override
    public String toString() {
        return "RiemannianFlowModel[" + manifold().description() + ", " + velocityModel().description()
                + (averaged != null ? ", ema" : "") + "]";
    }
}
