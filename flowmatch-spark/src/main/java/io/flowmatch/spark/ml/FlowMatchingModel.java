package io.flowmatch.spark.ml;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;

import io.flowmatch.core.FlowModel;
import io.flowmatch.core.io.FlowModelFile;
import io.flowmatch.core.likelihood.DivergenceEstimator;
import io.flowmatch.core.likelihood.LogLikelihood;
import io.flowmatch.core.path.Prediction;
import io.flowmatch.solvers.Solvers;
import io.flowmatch.spark.SparkSampler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.factory.Nd4j;
import scala.Option;

/**
 * A trained continuous flow as a Spark ML {@link Model}: {@link #transform} adds each row's
 * log-density (the anomaly score: rows far from the data get low values), {@link #sample} draws
 * new rows in parallel, and {@link #write()} / {@link #load(String)} save and load it, alone or
 * inside a {@code PipelineModel}.
 *
 * <p><b>Scoring.</b> The log-density {@code log p(x)} in nats, in the data's units, by the
 * instantaneous change of variables ({@link LogLikelihood}), integrated with
 * {@code likelihoodSolver} in {@code likelihoodSteps} steps (default the sampler's midpoint, 50)
 * and the {@code divergenceEstimator} (default exact, which costs d Jacobian-vector products an
 * evaluation; {@code rademacher:K} for many coordinates). Each partition scores its rows 1024 at
 * a time with the model broadcast once; a row with a null or non-finite coordinate (or a Vector
 * of another size than the model's) scores null.
 * The model must predict the velocity ({@code prediction = velocity}, the default).
 *
 * <p><b>Saving.</b> {@code write().save(path)} writes Spark's metadata (class, uid, Params, in
 * the format of Spark's own stages) to {@code path/metadata} and the flow to
 * {@code path/data/flow.model}, the same file {@code FlowModel.save} writes (so
 * {@code FlowModel.load} reads it too), and the coordinate names to
 * {@code path/data/coordinates.json} (and a labelled model's label column, its name and Spark
 * type, to {@code path/data/label.json}); through Hadoop's FileSystem, so any path Spark can write
 * works. The class names live in the flow's file.
 *
 * <p><b>Labels.</b> A model fitted with a label column ({@code labelCol}) is class-conditional:
 * {@link #sample(SparkSession, long, int, long, String, double)} draws rows of one class (by name
 * or index) with classifier-free guidance, adding the label column to the coordinates, and
 * {@link #transform} scores log p(x | label) when the data have the label column (a string is a
 * class name, an integer a class index; a row whose label is null scores log p(x), one whose
 * label is not a class scores null); without the column it scores log p(x) as for any model.
 */
public final class FlowMatchingModel extends Model<FlowMatchingModel> implements FlowMatchingParams, MLWritable {

    private static final long serialVersionUID = 1L;

    /** Rows scored in one integration. */
    static final int CHUNK_ROWS = LogLikelihood.CHUNK_ROWS;

    private static final String FLOW_FILE = "flow.model";
    private static final String COORDINATES_FILE = "coordinates.json";
    private static final String LABEL_FILE = "label.json";

    private final String uid;
    private final transient FlowModel flow;
    private final List<String> coordinates;
    /** The label column the model was fitted on (its name and type), or null for an unlabelled model. */
    private final StructField label;

    FlowMatchingModel(String uid, FlowModel flow, List<String> coordinates) {
        this(uid, flow, coordinates, null);
    }

    FlowMatchingModel(String uid, FlowModel flow, List<String> coordinates, StructField label) {
        if ((label != null) != (flow.classes() > 0)) {
            throw new IllegalArgumentException("a label column goes with a class-conditional flow: the flow has "
                    + flow.classes() + " classes, the label column is " + (label == null ? "none" : label.name()));
        }
        this.label = label;
        if (flow.dimension() != coordinates.size()) {
            throw new IllegalArgumentException("the flow has dimension " + flow.dimension() + " but "
                    + coordinates.size() + " coordinate names were given");
        }
        this.uid = uid;
        this.flow = flow;
        this.coordinates = List.copyOf(coordinates);
        Specs.flowDefaults(this);
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The trained flow: an ordinary {@link FlowModel}, with the run's provenance. */
    public FlowModel flowModel() {
        return flow;
    }

    /** The names of the coordinates, in order: the input columns, or the Vector's attribute names. */
    public List<String> coordinateNames() {
        return coordinates;
    }

    /** The label column the model was fitted on, if it was fitted with one (a class-conditional model). */
    public java.util.Optional<String> labelColumn() {
        return label == null ? java.util.Optional.empty() : java.util.Optional.of(label.name());
    }

    /** The names of the classes in label order (a string label column's sorted values, else "0".."K-1"); empty without labels. */
    public List<String> classNames() {
        return flow.classNames();
    }

    /** The column {@link #transform} reads labels from (empty: score log p(x) only). */
    public FlowMatchingModel setLabelCol(String value) {
        set(labelCol(), value == null ? "" : value);
        return this;
    }

    public FlowMatchingModel setFeaturesCol(String value) {
        set(featuresCol(), value);
        return this;
    }

    public FlowMatchingModel setInputCols(String[] value) {
        set(inputCols(), value);
        return this;
    }

    public FlowMatchingModel setOutputCol(String value) {
        set(outputCol(), value);
        return this;
    }

    /** The seed of the Hutchinson probes of the log-likelihood transform (unused by the exact divergence). */
    public FlowMatchingModel setSeed(long value) {
        set(seed(), value);
        return this;
    }

    public FlowMatchingModel setLikelihoodSolver(String value) {
        set(likelihoodSolver(), value);
        return this;
    }

    public FlowMatchingModel setLikelihoodSteps(int value) {
        set(likelihoodSteps(), value);
        return this;
    }

    public FlowMatchingModel setDivergenceEstimator(String value) {
        set(divergenceEstimator(), value);
        return this;
    }

    /**
     * Checks the input columns against the model and adds the output column.
     *
     * @throws IllegalArgumentException naming a missing or non-numeric input column, a Vector of
     *                                  another size than the model's, or an output column that
     *                                  exists already
     */
    @Override
    public StructType transformSchema(StructType schema) {
        int d = Points.of(this).check(schema, "FlowMatchingModel");
        if (d >= 0 && d != flow.dimension()) {
            throw new IllegalArgumentException("FlowMatchingModel: the input has " + d + " coordinates but the model was "
                    + "trained on " + flow.dimension() + " " + coordinates);
        }
        if (hasLabelCol() && flow.classes() > 0) {
            checkLabelColumn(schema, getLabelCol(), "FlowMatchingModel", false);
        }
        return withOutput(schema, getOutputCol(), "FlowMatchingModel");
    }

    /**
     * Checks that {@code column} holds labels: integral or string.
     *
     * @param required whether a missing column is an error (fitting) or means "no labels" (scoring)
     * @throws IllegalArgumentException naming the column if it is missing (when required) or of another type
     */
    static void checkLabelColumn(StructType schema, String column, String stage, boolean required) {
        List<String> names = Arrays.asList(schema.fieldNames());
        if (!names.contains(column)) {
            if (required) {
                throw new IllegalArgumentException(stage + ": label column '" + column + "' does not exist; the columns "
                        + "are " + names + " (set labelCol to a column of class labels, or to \"\" for none)");
            }
            return;
        }
        DataType type = schema.apply(column).dataType();
        if (!isLabelType(type)) {
            throw new IllegalArgumentException(stage + ": label column '" + column + "' has type " + type.simpleString()
                    + ", but labels must be integers (0..K-1) or strings (class names)");
        }
    }

    private static boolean isLabelType(DataType type) {
        return type.equals(DataTypes.StringType) || type.equals(DataTypes.IntegerType) || type.equals(DataTypes.LongType)
                || type.equals(DataTypes.ShortType) || type.equals(DataTypes.ByteType);
    }

    /** {@code schema} with a nullable double column {@code outputCol} added. */
    static StructType withOutput(StructType schema, String outputCol, String stage) {
        if (Arrays.asList(schema.fieldNames()).contains(outputCol)) {
            throw new IllegalArgumentException(stage + ": output column '" + outputCol + "' exists already; set "
                    + "outputCol to a new name");
        }
        return schema.add(DataTypes.createStructField(outputCol, DataTypes.DoubleType, true));
    }

    /**
     * The rows of {@code dataset} with the output column added: each row's log-density under the
     * flow, in nats (null for a row with a null or non-finite coordinate); for a labelled model
     * and data with the label column, log p(x | label) (see the class comment). Lazy, like every
     * Spark transform: the scores are computed when an action runs.
     *
     * @throws IllegalArgumentException as {@link #transformSchema}, or if the model predicts x1
     *                                  or x0 rather than the velocity (no log-likelihood)
     */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema(), true);
        if (flow.prediction() != Prediction.VELOCITY) {
            throw new IllegalArgumentException("FlowMatchingModel: the model predicts " + flow.prediction().description()
                    + ", not the velocity, so it has no log-likelihood; train with prediction=velocity to score rows");
        }
        Dataset<Row> df = dataset.toDF();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
        Broadcast<Shipped<FlowModel>> shipped = jsc.broadcast(Shipped.of(flow));
        boolean labelled = flow.classes() > 0 && hasLabelCol()
                && Arrays.asList(df.schema().fieldNames()).contains(getLabelCol());
        int labelIndex = labelled ? df.schema().fieldIndex(getLabelCol()) : -1;
        Scorer scorer = new Scorer(shipped, Points.of(this), Points.of(this).indices(df.schema()), flow.dimension(),
                getLikelihoodSolver(), getLikelihoodSteps(), getDivergenceEstimator(), getSeed(), labelIndex,
                flow.classNames());
        return df.mapPartitions(scorer, Encoders.row(out));
    }

    /**
     * {@code n} new rows drawn from the flow in {@code partitions} partitions, with the model's
     * default solver and steps; see {@link #sample(SparkSession, long, int, long, String, int)}.
     */
    public Dataset<Row> sample(SparkSession spark, long n, int partitions, long seed) {
        return sample(spark, n, partitions, seed, FlowModel.DEFAULT_SOLVER, FlowModel.DEFAULT_STEPS);
    }

    /**
     * {@code n} new rows drawn from the flow in parallel ({@link SparkSampler}: partition i draws
     * its share from a seed of its own; the same seed and partitions give the same rows). The
     * columns are named like the input: one double column per coordinate, named as
     * {@link #coordinateNames()}; a model trained on a Vector column also gets that column
     * ({@code featuresCol}), so the rows can go on to the next stage.
     *
     * @param solver the ODE solver's name (see {@code Solvers.parse})
     * @param steps  the solver's steps
     * @throws IllegalArgumentException for a non-positive count, partitions outside [1, n], or a
     *                                  bad solver or steps
     */
    public Dataset<Row> sample(SparkSession spark, long n, int partitions, long seed, String solver, int steps) {
        return named(SparkSampler.sample(spark, flow, n, partitions, seed, solver, steps));
    }

    /**
     * {@code n} rows of class {@code label} (a class name, or failing that an index, as
     * {@link FlowModel#classOf(String)} reads it) with guidance w, with the default solver and
     * steps; see {@link #sample(SparkSession, long, int, long, int, double, String, int)}.
     */
    public Dataset<Row> sample(SparkSession spark, long n, int partitions, long seed, String label, double guidance) {
        return sample(spark, n, partitions, seed, classIndex(label), guidance, FlowModel.DEFAULT_SOLVER,
                FlowModel.DEFAULT_STEPS);
    }

    /**
     * {@code n} rows of class index {@code label} with guidance w, with the default solver and
     * steps; see {@link #sample(SparkSession, long, int, long, int, double, String, int)}.
     */
    public Dataset<Row> sample(SparkSession spark, long n, int partitions, long seed, int label, double guidance) {
        return sample(spark, n, partitions, seed, label, guidance, FlowModel.DEFAULT_SOLVER, FlowModel.DEFAULT_STEPS);
    }

    /**
     * {@code n} rows of class {@code label} of a labelled model, drawn in parallel with
     * classifier-free guidance w (v_null + w (v_label - v_null): 1 the conditional model, 0 the
     * unconditional one, above 1 more typical of the class); the same seed and partitions give the
     * same noise as the unconditional call. Columns: those of the unconditional call, then the
     * label column as fitted (its name and type: the class name for a string column, the index for
     * an integral one) holding the label.
     *
     * @param label    a class index in [0, K)
     * @param guidance the guidance scale w, finite
     * @throws IllegalArgumentException if the model was fitted without labels, the label is not a
     *                                  class, w is not finite, or as the unconditional call
     */
    public Dataset<Row> sample(SparkSession spark, long n, int partitions, long seed, int label, double guidance,
            String solver, int steps) {
        if (this.label == null) {
            throw new IllegalArgumentException("FlowMatchingModel: the model was fitted without a label column; sample it "
                    + "without a label, or fit with setLabelCol(...) for class-conditional samples");
        }
        if (label < 0 || label >= flow.classes()) {
            throw new IllegalArgumentException("FlowMatchingModel: label " + label + " is not a class of the model: its "
                    + "classes are 0 to " + (flow.classes() - 1) + " " + flow.classNames());
        }
        Dataset<Row> rows = named(SparkSampler.sample(spark, flow, n, partitions, seed, label, guidance, solver, steps));
        Column value = this.label.dataType().equals(DataTypes.StringType)
                ? org.apache.spark.sql.functions.lit(flow.classNames().get(label))
                : org.apache.spark.sql.functions.lit(label).cast(this.label.dataType());
        return rows.withColumn(this.label.name(), value);
    }

    private int classIndex(String label) {
        if (this.label == null) {
            throw new IllegalArgumentException("FlowMatchingModel: the model was fitted without a label column; it has "
                    + "no class '" + label + "'");
        }
        return flow.classOf(label);
    }

    /** The sampler's x0.. columns as doubles named like the input (and the Vector column of a Vector-column model). */
    private Dataset<Row> named(Dataset<Row> raw) {
        String[] rawNames = raw.columns();
        List<Column> columns = new ArrayList<>();
        for (int j = 0; j < rawNames.length; j++) {
            columns.add(col(rawNames[j]).cast(DataTypes.DoubleType).as(coordinates.get(j)));
        }
        Points points = Points.of(this);
        if (points.fromVector() && !coordinates.contains(points.featuresCol())) {
            Column[] coords = new Column[rawNames.length];
            for (int j = 0; j < coords.length; j++) {
                coords[j] = col(rawNames[j]).cast(DataTypes.DoubleType);
            }
            columns.add(functions.array_to_vector(array(coords)).as(points.featuresCol()));
        }
        return raw.select(columns.toArray(new Column[0]));
    }

    @Override
    public FlowMatchingModel copy(ParamMap extra) {
        FlowMatchingModel copy = copyValues(new FlowMatchingModel(uid, flow, coordinates, label), extra);
        return copy.setParent(parent());
    }

    /** Writes the model: Spark's metadata, the flow's file and the coordinate names. */
    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    /** Spark's reader of a saved model; {@code PipelineModel.load} finds it by this name. */
    public static MLReader<FlowMatchingModel> read() {
        return new Reader();
    }

    /**
     * The model saved at {@code path} by {@code write().save(path)}; it scores and samples as the
     * saved one did.
     */
    public static FlowMatchingModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "FlowMatchingModel: uid=" + uid + ", coordinates=" + coordinates + ", " + flow;
    }

    /** The coordinate names as a Spark schema's JSON (names of any characters survive). */
    static String coordinatesJson(List<String> names) {
        StructField[] fields = new StructField[names.size()];
        for (int j = 0; j < fields.length; j++) {
            fields[j] = DataTypes.createStructField(names.get(j), DataTypes.DoubleType, false);
        }
        return DataTypes.createStructType(fields).json();
    }

    static List<String> coordinatesFromJson(String json) {
        return List.of(((StructType) DataType.fromJson(json)).fieldNames());
    }

    private static final class Writer extends MLWriter {
        private final FlowMatchingModel instance;

        Writer(FlowMatchingModel instance) {
            this.instance = instance;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter.saveMetadata(instance, path, sc(), Option.empty(), Option.empty());
            HadoopFiles.write(sc(), path, FLOW_FILE, FlowModelFile.toBytes(instance.flow));
            HadoopFiles.write(sc(), path, COORDINATES_FILE,
                    coordinatesJson(instance.coordinates).getBytes(StandardCharsets.UTF_8));
            if (instance.label != null) {
                HadoopFiles.write(sc(), path, LABEL_FILE, DataTypes.createStructType(new StructField[] {instance.label})
                        .json().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static final class Reader extends MLReader<FlowMatchingModel> {
        @Override
        public FlowMatchingModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sc(),
                    FlowMatchingModel.class.getName());
            FlowModel flow = FlowModelFile.fromBytes(HadoopFiles.read(sc(), path, FLOW_FILE), null);
            List<String> names = coordinatesFromJson(
                    new String(HadoopFiles.read(sc(), path, COORDINATES_FILE), StandardCharsets.UTF_8));
            StructField label = flow.classes() == 0 ? null : ((StructType) DataType.fromJson(new String(
                    HadoopFiles.read(sc(), path, LABEL_FILE), StandardCharsets.UTF_8))).fields()[0];
            FlowMatchingModel model = new FlowMatchingModel(metadata.uid(), flow, names, label);
            metadata.getAndSetParams(model, Option.empty());
            return model;
        }
    }

    /** Scores one partition's rows, {@link #CHUNK_ROWS} at a time. */
    private static final class Scorer implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<Shipped<FlowModel>> shipped;
        private final Points points;
        private final int[] indices;
        private final int d;
        private final String solver;
        private final int steps;
        private final String divergence;
        private final long seed;
        /** The label column's index in the rows, or -1: unconditional scores. */
        private final int labelIndex;
        private final List<String> classNames;

        Scorer(Broadcast<Shipped<FlowModel>> shipped, Points points, int[] indices, int d, String solver, int steps,
                String divergence, long seed, int labelIndex, List<String> classNames) {
            this.labelIndex = labelIndex;
            this.classNames = new ArrayList<>(classNames);
            this.shipped = shipped;
            this.points = points;
            this.indices = indices;
            this.d = d;
            this.solver = solver;
            this.steps = steps;
            this.divergence = divergence;
            this.seed = seed;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            int threads = Shipped.pinThreads();
            TaskContext context = TaskContext.get();
            int partition = context == null ? 0 : context.partitionId();
            LogLikelihood.Builder likelihood = LogLikelihood.builder(shipped.value().model())
                    .solver(Solvers.parse(solver)).steps(steps).divergence(DivergenceEstimator.parse(divergence))
                    .seed(Shipped.mix(seed, partition)).threads(threads);
            return new ScoredRows(rows, likelihood);
        }

        /** The class index of row r's label: the null label for a null, -2 for a value that is no class. */
        private int labelOf(Row r, java.util.Map<String, Integer> byName) {
            if (r.isNullAt(labelIndex)) {
                return io.flowmatch.core.model.ConditionalPass.NULL_LABEL;
            }
            Object v = r.get(labelIndex);
            if (v instanceof String s) {
                return byName.getOrDefault(s, -2);
            }
            long y = ((Number) v).longValue();
            return y >= 0 && y < classNames.size() ? (int) y : -2;
        }

        /** The input rows with their scores appended, integrated a chunk at a time as they are consumed. */
        private final class ScoredRows implements Iterator<Row> {
            private final Iterator<Row> rows;
            private final LogLikelihood.Builder likelihood;
            private final LogLikelihood unconditional;
            private final int[] labels = new int[CHUNK_ROWS];
            private final java.util.Map<String, Integer> byName = new java.util.HashMap<>();
            private final List<Row> chunk = new ArrayList<>(CHUNK_ROWS);
            private final double[] x = new double[CHUNK_ROWS * d];
            private final int[] valid = new int[CHUNK_ROWS];
            private Double[] scores = new Double[0];
            private int at;

            ScoredRows(Iterator<Row> rows, LogLikelihood.Builder likelihood) {
                this.rows = rows;
                this.likelihood = likelihood;
                this.unconditional = likelihood.build();
                for (int k = 0; k < classNames.size(); k++) {
                    byName.put(classNames.get(k), k);
                }
            }

            @Override
            public boolean hasNext() {
                return at < chunk.size() || rows.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (at == chunk.size()) {
                    fill();
                }
                Row r = chunk.get(at);
                Object[] values = new Object[r.size() + 1];
                for (int i = 0; i < r.size(); i++) {
                    values[i] = r.get(i);
                }
                values[r.size()] = scores[at];
                at++;
                return RowFactory.create(values);
            }

            private void fill() {
                chunk.clear();
                at = 0;
                int n = 0;
                while (rows.hasNext() && chunk.size() < CHUNK_ROWS) {
                    Row r = rows.next();
                    int y = labelIndex < 0 ? -1 : labelOf(r, byName);
                    if (y != -2 && points.read(r, indices, d, x, n * d)) {
                        labels[n] = y;
                        valid[n++] = chunk.size();
                    }
                    chunk.add(r);
                }
                scores = new Double[chunk.size()];
                if (n > 0) {
                    LogLikelihood scoring = labelIndex < 0 ? unconditional
                            : likelihood.labels(Arrays.copyOf(labels, n)).build();
                    double[] logp = scoring.logDensity(Nd4j.createFromArray(Arrays.copyOf(x, n * d)).reshape(n, d));
                    for (int i = 0; i < n; i++) {
                        scores[valid[i]] = logp[i];
                    }
                }
            }
        }
    }
}
