package io.flowmatch.manifold;

import io.flowmatch.core.Provenance;
import io.flowmatch.core.model.MlpVelocityModel;
import io.flowmatch.core.train.TrainingResult;
import io.flowmatch.core.train.TrainingRun;
import io.flowmatch.core.train.TrainingRunOptions;
import io.flowmatch.core.train.TrainingSession;
import io.flowmatch.core.train.WeightAverage;
import io.flowmatch.datasets.DataSource;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.datasets.PointSet;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of Riemannian flow matching (Chen and Lipman, ICLR 2024): configure a run on a
 * manifold fluently and {@link Builder#train() train} it.
 *
 * <pre>{@code
 * RiemannianFlowModel model = RiemannianFlowMatcher.builder()
 *         .manifold(Manifolds.sphere(3))           // the unit sphere S^2 in R^3
 *         .data(points)                             // an INDArray [n, 3] of unit vectors, or a DataSource
 *         .iterations(5_000)
 *         .seed(1L)
 *         .train();
 * }</pre>
 *
 * <p>Training regresses an MLP, fed the points' features and projected onto the tangent space
 * ({@link Features}), onto the velocity of the {@link GeodesicPath} from uniform points to the
 * data ({@link RiemannianFlowMatchingObjective}), on flowmatch-core's shared training loop
 * (optimizer, schedule, clipping, weight average, divergence handling, checkpoints, listeners).
 * Every setting not made takes the {@link RiemannianRecipe} defaults.
 */
public final class RiemannianFlowMatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RiemannianFlowMatcher.class);

    /** Points drawn from a generator data source to check, before training, that they lie on the manifold. */
    static final int PROBE_POINTS = 1024;

    private RiemannianFlowMatcher() {
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The settings of one run: the recipe's (inherited from {@link RiemannianSettings}), the data,
     * and listeners and checkpoints. Each setter checks its argument at once; the data are checked
     * against the manifold when training starts.
     */
    public static final class Builder extends RiemannianSettings<Builder> implements TrainingRunOptions<Builder> {
        private INDArray points;
        private DataSource source;
        private final TrainingRun run = new TrainingRun();

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * The data (required), one point a row: unit vectors {@code [n, d]} for the sphere in R^d
         * (norms within 1e-3 of 1 are accepted and normalised), angles in radians {@code [n, k]}
         * for the k-torus (in [-pi, pi], or any range with {@link #wrapAngles(boolean)}). Copied
         * when training starts.
         */
        public Builder data(INDArray points) {
            if (points == null) {
                throw new IllegalArgumentException("data must not be null");
            }
            if (points.rank() != 2 || points.rows() < 1 || points.columns() < 1) {
                throw new IllegalArgumentException("data must be a 2-D array [n, coordinates], got shape "
                        + java.util.Arrays.toString(points.shape()));
            }
            this.points = points;
            this.source = null;
            return this;
        }

        /**
         * The data (required) as a distribution to draw from: a loaded point set (every point is
         * checked when training starts) or a generator such as
         * {@link ManifoldDatasets#vonMisesFisherMixture} (a probe sample is checked when
         * training starts, and every drawn batch during training).
         */
        public Builder data(DataSource data) {
            this.source = required(data, "data");
            this.points = null;
            return this;
        }

        /** The options of the run that are not part of its recipe (listeners, checkpoints, resumption). */
        @Override
        public TrainingRun trainingRun() {
            return run;
        }

        /**
         * The recipe of everything set so far.
         *
         * @throws IllegalStateException if no manifold was set
         */
        public RiemannianRecipe toRecipe() {
            return recipe();
        }

        /**
         * Trains and returns the model.
         *
         * @throws IllegalStateException    if no manifold or no data was given
         * @throws IllegalArgumentException if the data do not fit the manifold: wrong number of
         *                                  columns, NaN, a norm not 1 within 1e-3 on a sphere, an
         *                                  angle outside [-pi, pi] on a torus without wrapping
         *                                  (naming the row)
         * @throws io.flowmatch.core.train.TrainingDivergedException if the loss becomes NaN or infinite
         */
        public RiemannianFlowModel train() {
            RiemannianRecipe recipe = recipe();
            if (points == null && source == null) {
                throw new IllegalStateException("no data to train on: call data(...) first");
            }
            DataSource data = points != null ? checkedPoints(recipe, points) : checkedSource(recipe, source);
            MlpVelocityModel network = MlpVelocityModel.initialise(recipe.architecture(), DataType.FLOAT,
                    recipe.training().seed());
            RiemannianFlowMatchingObjective objective = new RiemannianFlowMatchingObjective(recipe, network, data);
            TrainingSession session = new TrainingSession(recipe.training(), objective, 0L);
            WeightAverage average = session.average();
            LOG.info("training a Riemannian flow on {} from {} ({} parameters) with {}", recipe.manifold().description(),
                    data.description(), network.parameterCount(), recipe.toMap());
            TrainingResult result = run.run(session);
            Map<String, String> provenance = Provenance.of(recipe, data.description(), result, run);
            MlpVelocityModel averaged = average == null ? null : network.withParameters(average.average());
            return RiemannianFlowModel.of(recipe, network, averaged, provenance);
        }
    }

    /** The rows checked (and wrapped, if asked) and projected exactly onto the manifold, as a point set. */
    static PointSet checkedPoints(RiemannianRecipe recipe, INDArray points) {
        Manifold m = recipe.manifold();
        int n = Arrays2.rows(points, "data", m.dimension());
        double[] x = Arrays2.flat(points);
        prepare(recipe, x, n, "data");
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return Datasets.of(Nd4j.create(f, new long[] {n, m.dimension()}, DataType.FLOAT));
    }

    /** Checks a data source's points (all of a point set's, a probe sample of a generator's). */
    static DataSource checkedSource(RiemannianRecipe recipe, DataSource data) {
        Manifold m = recipe.manifold();
        if (data.dimension() != m.dimension()) {
            throw new IllegalArgumentException("the data " + data.description() + " have " + data.dimension()
                    + " coordinates but " + m.description() + " needs " + m.dimension());
        }
        if (data instanceof PointSet set) {
            double[] x = Arrays2.flat(set.toINDArray());
            prepare(recipe, x, set.size(), "data " + data.description());
        } else {
            float[] probe = new float[PROBE_POINTS * m.dimension()];
            data.sample(new SplittableRandom(recipe.training().seed()), probe, PROBE_POINTS);
            double[] x = new double[probe.length];
            Arrays2.toDouble(probe, x, probe.length);
            prepare(recipe, x, PROBE_POINTS, "a probe sample of data " + data.description() + ":");
        }
        return data;
    }

    /** Wraps (if asked), checks (naming the row) and projects points in place. */
    static void prepare(RiemannianRecipe recipe, double[] x, int n, String what) {
        Manifold m = recipe.manifold();
        if (recipe.wrapAngles()) {
            for (int i = 0; i < x.length; i++) {
                if (!Double.isFinite(x[i])) {
                    throw new IllegalArgumentException(what + " row " + i / m.dimension() + " has " + x[i]
                            + " in column " + i % m.dimension());
                }
            }
            m.projectPoints(x, x, n);
        }
        m.requireOnManifold(x, n, what);
        m.projectPoints(x, x, n);
    }
}
