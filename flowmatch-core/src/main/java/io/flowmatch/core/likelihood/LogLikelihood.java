package io.flowmatch.core.likelihood;

import io.flowmatch.core.FlowModel;
import io.flowmatch.core.internal.ParallelChunks;
import io.flowmatch.core.model.ConditionalPass;
import io.flowmatch.core.model.ConditionalTangentField;
import io.flowmatch.core.model.InputDifferentiable;
import io.flowmatch.core.model.TangentField;
import io.flowmatch.core.model.VelocityModel;
import io.flowmatch.solvers.OdeSolver;
import io.flowmatch.solvers.Solvers;
import io.flowmatch.solvers.TimeGrid;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The exact log-density log p_1(x) of a flow whose source is the standard Gaussian, by the
 * instantaneous change of variables (Chen et al. 2018): along a path of the flow,
 * {@code d/dt log p_t(x(t)) = -div v(t, x(t))}. Each data point x is integrated backward from
 * t = 1 to t = 0 together with an accumulator z,
 * <pre>
 *   d/dt [x, z] = [v(t, x), -div v(t, x)],   x(1) = x,   z(1) = 0,
 * </pre>
 * so that {@code z(0) = integral_0^1 div v(t, x(t)) dt} and
 * <pre>
 *   log p_1(x) = log N(x(0); 0, I) - z(0) = -|x(0)|^2 / 2 - (d / 2) log(2 pi) - z(0).
 * </pre>
 * Results are natural logarithms (nats) of a density in the units of the data; an average over
 * held-out data is the usual test log-likelihood (higher is better).
 *
 * <p>The divergence is {@link DivergenceEstimator#exact() exact} or a {@link DivergenceEstimator#hutchinson
 * Hutchinson} estimate; the default solver is adaptive Dormand-Prince 5(4) with atol = rtol =
 * 1e-5, whose error control covers the accumulator z too. Points are integrated in chunks of
 * {@value #CHUNK_ROWS} rows, all in double precision, spread over {@link Builder#threads(int)}
 * threads (default: the available processors), each with a field of its own. Immutable and
 * thread-safe: each call works in buffers of its own. With Hutchinson probes the result is
 * deterministic for a seed and an input, and does not depend on the number of threads: the probes
 * are drawn first, chunk by chunk, on the calling thread.
 *
 * <pre>{@code
 * double[] logp = LogLikelihood.builder(model).build().logDensity(heldOut);
 * }</pre>
 *
 * <p><b>Class-conditional models.</b> For a model trained on labelled data (its field a
 * {@link ConditionalTangentField} with classes), {@link Builder#label(int)} or
 * {@link Builder#labels(int[])} give log p(x | label): the density of the flow of the
 * conditional field v(t, x | label), integrated exactly as above. {@link Builder#guidance(double)}
 * w gives the density of the guided flow v_null + w (v_label - v_null) instead (w = 1, the default,
 * is the conditional field; w = 0 the unconditional one), the distribution that
 * {@link FlowModel#sample(int[], double, OdeSolver, int, long)} samples. Without a label the
 * result is the unconditional log p(x), computed exactly as for an unlabelled model.
 *
 * <pre>{@code
 * double[] logpGivenThree = LogLikelihood.builder(model).label(3).build().logDensity(x);
 * }</pre>
 */
public final class LogLikelihood {

    /** The most points integrated at once. */
    public static final int CHUNK_ROWS = 1024;

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final Supplier<? extends TangentField> fields;
    private final int dimension;
    private final int threads;
    private final OdeSolver solver;
    private final int steps;
    private final DivergenceEstimator divergence;
    private final long seed;
    private final io.flowmatch.core.Standardization standardization;
    /** Each row's label, or null: unconditional. */
    private final int[] labels;
    /** The label of every row when {@link #labels} is null and this is not the null label. */
    private final int label;
    private final double guidance;

    private LogLikelihood(Builder b) {
        this.standardization = b.standardization;
        this.labels = b.labels;
        this.label = b.label;
        this.guidance = b.guidance;
        if (isConditional()) {
            Supplier<? extends TangentField> plain = b.fields;
            double w = b.guidance;
            this.fields = () -> new GuidedTangentField((ConditionalTangentField) plain.get(), w);
        } else {
            this.fields = b.fields;
        }
        this.dimension = b.dimension;
        this.threads = b.shared ? 1 : b.threads;
        this.solver = b.solver;
        this.steps = b.steps > 0 ? b.steps : (b.solver.isAdaptive() ? 1 : 100);
        this.divergence = b.divergence;
        this.seed = b.seed;
    }

    /**
     * A builder for the given field (its source is taken to be N(0, I)). A field need not be
     * thread-safe, so this one is used by one thread; {@link #builder(Supplier)} lets several
     * threads work, each with a field of its own.
     */
    public static Builder builder(TangentField field) {
        if (field == null) {
            throw new IllegalArgumentException("field must not be null");
        }
        return new Builder(() -> field, field.dimension(), true).classes(field);
    }

    /**
     * A builder for the field that {@code fieldPerThread} makes (its source is taken to be N(0, I)):
     * one field for each thread the computation uses; all must be the same field.
     */
    public static Builder builder(Supplier<? extends TangentField> fieldPerThread) {
        if (fieldPerThread == null) {
            throw new IllegalArgumentException("the field supplier must not be null");
        }
        TangentField first = fieldPerThread.get();
        if (first == null) {
            throw new IllegalArgumentException("the field supplier gave null");
        }
        return new Builder(fieldPerThread, first.dimension(), false).classes(first);
    }

    /**
     * A builder for a trained flow: the velocity model it samples from (the weight average if it
     * kept one), which must offer input derivatives ({@link InputDifferentiable}; the MLP does).
     *
     * @throws IllegalArgumentException if the model cannot give input derivatives, or predicts
     *                                  x1 or x0 rather than the velocity
     */
    public static Builder builder(FlowModel model) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        if (model.prediction() != io.flowmatch.core.path.Prediction.VELOCITY) {
            throw new IllegalArgumentException("the model predicts " + model.prediction()
                    + ", not the velocity; its log-likelihood is not supported");
        }
        VelocityModel velocity = model.velocityModel();
        if (!(velocity instanceof InputDifferentiable differentiable)) {
            throw new IllegalArgumentException("the velocity model " + velocity.description()
                    + " gives no input derivatives (it does not implement InputDifferentiable), so its"
                    + " log-likelihood cannot be computed");
        }
        Builder b = new Builder(differentiable::tangentField, velocity.dimension(), false);
        b.standardization = model.standardization().orElse(null);
        b.classes = model.classes();
        b.classOf = model::classOf;
        return b;
    }

    /**
     * log p_1(x_i) for every row of {@code x}; for a labelled computation, log p_1(x_i | label_i)
     * (see the class comment).
     *
     * @param x data points, shape {@code [n, d]}, float or double, all finite
     * @return the log-densities in nats, length n
     * @throws IllegalArgumentException if {@code x} has the wrong shape or a non-finite entry, or
     *                                  if per-row labels were given and their number is not n
     * @throws IllegalStateException    if the integration fails (a non-finite state, or the
     *                                  adaptive solver cannot meet its tolerance)
     */
    public double[] logDensity(INDArray x) {
        int d = dimension;
        if (x == null) {
            throw new IllegalArgumentException("x must not be null");
        }
        if (x.rank() != 2 || x.columns() != d || x.rows() < 1) {
            throw new IllegalArgumentException("x must have shape [n, " + d + "] with n >= 1, got "
                    + Arrays.toString(x.shape()));
        }
        if (!x.dataType().isFPType()) {
            throw new IllegalArgumentException("x must be FLOAT or DOUBLE, got " + x.dataType());
        }
        if (labels != null && labels.length != x.rows()) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries but x has " + x.rows()
                    + " rows: give one label per row");
        }
        double[][] rows = x.castTo(DataType.DOUBLE).toDoubleMatrix();
        int n = rows.length;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                if (!Double.isFinite(rows[i][k])) {
                    throw new IllegalArgumentException("x has " + rows[i][k] + " at row " + i + ", column " + k);
                }
            }
        }
        double logScale = standardization == null ? 0.0 : standardization.logScaleSum();
        if (standardization != null) {
            // the flow lives in standardized units: log p_x(x) = log p_z((x - mean) / scale) - sum log scale
            double[] mean = standardization.mean();
            double[] scale = standardization.scale();
            for (double[] row : rows) {
                for (int k = 0; k < d; k++) {
                    row[k] = (row[k] - mean[k]) / scale[k];
                }
            }
        }
        double[] result = new double[n];
        int chunks = (n + CHUNK_ROWS - 1) / CHUNK_ROWS;
        // the probes first, chunk by chunk in order on this thread, so that they do not depend on
        // the number of threads
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] tangents = new double[chunks][];
        if (!divergence.isExact()) {
            for (int c = 0; c < chunks; c++) {
                tangents[c] = AugmentedField.tangents(divergence, Math.min(CHUNK_ROWS, n - c * CHUNK_ROWS), d, rng);
            }
        }
        TimeGrid grid = TimeGrid.uniform(1.0, 0.0, steps);
        ParallelChunks.run(threads, chunks, fields::get, (field, c) -> {
            int start = c * CHUNK_ROWS;
            int r = Math.min(CHUNK_ROWS, n - start);
            double[] state = new double[r * (d + 1)];
            for (int i = 0; i < r; i++) {
                System.arraycopy(rows[start + i], 0, state, i * (d + 1), d);
            }
            INDArray y = Nd4j.createFromArray(state).reshape('c', r, d + 1);
            double[] u = tangents[c] != null ? tangents[c] : AugmentedField.tangents(divergence, r, d, null);
            if (field instanceof GuidedTangentField guided) {
                guided.labels(stackedLabels(start, r, divergence.isExact() ? d : divergence.probes()));
            }
            solver.integrate(new AugmentedField(field, r, divergence, u), y, grid);
            double[] end = y.reshape(y.length()).toDoubleVector();
            for (int i = 0; i < r; i++) {
                int base = i * (d + 1);
                double sq = 0;
                for (int k = 0; k < d; k++) {
                    sq += end[base + k] * end[base + k];
                }
                result[start + i] = -0.5 * sq - 0.5 * d * LOG_2PI - end[base + d] - logScale;
            }
        });
        return result;
    }

    /** The labels of rows start..start+r-1 for the field's {@code copies} stacked copies of them (see AugmentedField). */
    private int[] stackedLabels(int start, int r, int copies) {
        int[] stacked = new int[Math.multiplyExact(r, copies)];
        for (int c = 0; c < copies; c++) {
            if (labels != null) {
                System.arraycopy(labels, start, stacked, c * r, r);
            } else {
                Arrays.fill(stacked, c * r, (c + 1) * r, label);
            }
        }
        return stacked;
    }

    /** Whether the densities are conditioned on labels (a label or per-row labels were given). */
    public boolean isConditional() {
        return labels != null || label != ConditionalPass.NULL_LABEL;
    }

    /** The guidance scale w of a conditional computation (1: the plain conditional density). */
    public double guidance() {
        return guidance;
    }

    /** The mean of {@link #logDensity(INDArray)} over the rows of {@code x}, in nats. */
    public double meanLogDensity(INDArray x) {
        double[] values = logDensity(x);
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** The solver. */
    public OdeSolver solver() {
        return solver;
    }

    /** The grid steps over [0, 1] (for an adaptive solver, the points it must land on). */
    public int steps() {
        return steps;
    }

    /** How the divergence is computed. */
    public DivergenceEstimator divergence() {
        return divergence;
    }

    /** The number of threads a call uses (1 for a field given as one object). */
    public int threads() {
        return threads;
    }

    @Override
    public String toString() {
        String conditioning = labels != null ? ", per-row labels" : label != ConditionalPass.NULL_LABEL
                ? ", label " + label : "";
        return "LogLikelihood[" + solver.name() + ", " + steps + " steps, divergence " + divergence + conditioning
                + (isConditional() && guidance != 1.0 ? ", guidance " + guidance : "") + "]";
    }

    /** Settings of a {@link LogLikelihood}; each setter checks its argument at once. */
    public static final class Builder {
        private io.flowmatch.core.Standardization standardization;
        private final Supplier<? extends TangentField> fields;
        private final int dimension;
        private final boolean shared;
        private int threads = ParallelChunks.defaultThreads();
        private OdeSolver solver = Solvers.dopri5(1e-5, 1e-5);
        private int steps;
        private DivergenceEstimator divergence = DivergenceEstimator.exact();
        private long seed;
        private int classes;
        private java.util.function.ToIntFunction<String> classOf;
        private int[] labels;
        private int label = ConditionalPass.NULL_LABEL;
        private double guidance = 1.0;

        private Builder(Supplier<? extends TangentField> fields, int dimension, boolean shared) {
            this.fields = fields;
            this.dimension = dimension;
            this.shared = shared;
        }

        /**
         * The threads a call spreads its chunks of {@value LogLikelihood#CHUNK_ROWS} points over (default: the
         * processors available; a field given as one object is always used by one thread). The
         * results do not depend on it.
         */
        public Builder threads(int threads) {
            this.threads = ParallelChunks.checkThreads(threads);
            return this;
        }

        /** The ODE solver (default dopri5 with atol = rtol = 1e-5). */
        public Builder solver(OdeSolver solver) {
            if (solver == null) {
                throw new IllegalArgumentException("solver must not be null");
            }
            this.solver = solver;
            return this;
        }

        /** Steps over [0, 1] (default 1 for adaptive solvers, 100 for fixed-step ones). */
        public Builder steps(int steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be positive, got " + steps);
            }
            this.steps = steps;
            return this;
        }

        /** The divergence (default exact). */
        public Builder divergence(DivergenceEstimator divergence) {
            if (divergence == null) {
                throw new IllegalArgumentException("divergence must not be null");
            }
            this.divergence = divergence;
            return this;
        }

        /** The seed of the Hutchinson probes (default 0); unused by the exact divergence. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        private Builder classes(TangentField field) {
            this.classes = field instanceof ConditionalTangentField conditional ? conditional.classes() : 0;
            return this;
        }

        /**
         * Conditions every row on class {@code label}: the result is log p(x | label) (default: no
         * label, the unconditional log p(x)). {@link ConditionalPass#NULL_LABEL} goes back to the
         * unconditional density. Replaces earlier {@link #labels(int[])}.
         *
         * @throws IllegalArgumentException if the model has no classes, or the label is not one of them
         */
        public Builder label(int label) {
            this.labels = null;
            this.label = checkLabel(label, -1);
            return this;
        }

        /**
         * Conditions every row on the class of that name, or failing that number (as
         * {@link FlowModel#classOf(String)} reads it); only for a builder of a {@link FlowModel}.
         *
         * @throws IllegalArgumentException if the model has no classes or no such class
         */
        public Builder label(String nameOrNumber) {
            if (classOf == null) {
                throw new IllegalArgumentException("label '" + nameOrNumber + "' by name needs a builder of a FlowModel"
                        + " (a field has no class names): give the label's number");
            }
            return label(classOf.applyAsInt(nameOrNumber));
        }

        /**
         * Conditions row i of the scored points on class {@code perRow[i]} (or the null label,
         * {@link ConditionalPass#NULL_LABEL}, for that row's unconditional density); copied. The
         * points scored must then have exactly {@code perRow.length} rows. Replaces an earlier
         * {@link #label(int)}.
         *
         * @throws IllegalArgumentException if the model has no classes, or a label is not one of them
         */
        public Builder labels(int[] perRow) {
            if (perRow == null || perRow.length < 1) {
                throw new IllegalArgumentException("labels must hold one label per row, got "
                        + (perRow == null ? "null" : "none"));
            }
            for (int i = 0; i < perRow.length; i++) {
                checkLabel(perRow[i], i);
            }
            this.labels = perRow.clone();
            this.label = ConditionalPass.NULL_LABEL;
            return this;
        }

        /**
         * The guidance scale w of a labelled computation (default 1): the density of the flow of
         * v_null + w (v_label - v_null), the field {@code FlowModel.sample(labels, w, ...)}
         * integrates. w = 1 costs d Jacobian-vector products per step (exact divergence), other w
         * twice that.
         *
         * @throws IllegalArgumentException if w is not finite
         */
        public Builder guidance(double guidance) {
            if (!Double.isFinite(guidance)) {
                throw new IllegalArgumentException("guidance must be finite, got " + guidance);
            }
            this.guidance = guidance;
            return this;
        }

        private int checkLabel(int y, int row) {
            String which = "label " + y + (row >= 0 ? " (row " + row + ")" : "");
            if (y == ConditionalPass.NULL_LABEL) {
                return y;
            }
            if (classes == 0) {
                throw new IllegalArgumentException(which + " given, but the model was trained without labels (it has"
                        + " no classes): score it without a label for its log p(x)");
            }
            if (y < 0 || y >= classes) {
                throw new IllegalArgumentException(which + " is not a class of the model: its classes are 0 to "
                        + (classes - 1) + " (or " + ConditionalPass.NULL_LABEL + " for none)");
            }
            return y;
        }

        /**
         * The configured computation.
         *
         * @throws IllegalArgumentException if a guidance other than 1 was set without a label
         */
        public LogLikelihood build() {
            if (guidance != 1.0 && labels == null && label == ConditionalPass.NULL_LABEL) {
                throw new IllegalArgumentException("guidance " + guidance + " needs a label: set label(k) or"
                        + " labels(perRow) for the guided density");
            }
            return new LogLikelihood(this);
        }
    }
}
