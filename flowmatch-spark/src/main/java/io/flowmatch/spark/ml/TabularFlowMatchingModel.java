package io.flowmatch.spark.ml;

import io.flowmatch.datasets.Column;
import io.flowmatch.datasets.ColumnType;
import io.flowmatch.datasets.Table;
import io.flowmatch.solvers.Solvers;
import io.flowmatch.tabular.TabularModel;
import io.flowmatch.tabular.TableEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * A trained tabular flow as a Spark ML {@link Model}: {@link #sample} draws rows with the training
 * DataFrame's schema (names, types, categories) in parallel, conditioned on column values or
 * not; {@link #transform} fills the nulls of the table's columns; {@link #write()} /
 * {@link #load(String)} save and load it, alone or in a {@code PipelineModel}.
 *
 * <p>Every generated cell is valid: a string or boolean is one of the training categories, an
 * integral value a whole number within the training range, a real value within the training
 * range. Saved as Spark's metadata, {@code data/tabular.model} (the file
 * {@code TabularModel.save} writes) and {@code data/schema.json} (the Spark schema of the table).
 */
public final class TabularFlowMatchingModel extends Model<TabularFlowMatchingModel>
        implements TabularFlowMatchingParams, MLWritable {

    private static final long serialVersionUID = 1L;

    /** Rows a task generates or imputes at a time; bounds a task's memory. */
    static final int CHUNK_ROWS = 1 << 14;

    private static final String MODEL_FILE = "tabular.model";
    private static final String SCHEMA_FILE = "schema.json";

    private final String uid;
    private final transient TabularModel tabular;
    private final StructType schema;

    TabularFlowMatchingModel(String uid, TabularModel tabular, StructType schema) {
        if (!tabular.encoder().names().equals(Arrays.asList(schema.fieldNames()))) {
            throw new IllegalArgumentException("the model's columns " + tabular.encoder().names()
                    + " are not the schema's " + Arrays.asList(schema.fieldNames()));
        }
        this.uid = uid;
        this.tabular = tabular;
        this.schema = schema;
        Specs.tabularDefaults(this);
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The trained flow: an ordinary {@link TabularModel}. */
    public TabularModel tabularModel() {
        return tabular;
    }

    /** The table's Spark schema: what {@link #sample} returns. */
    public StructType schema() {
        return schema;
    }

    /** Seeds the imputation of {@link #transform}. */
    public TabularFlowMatchingModel setSeed(long value) {
        set(seed(), value);
        return this;
    }

    public TabularFlowMatchingModel setImputeDraws(int value) {
        set(imputeDraws(), value);
        return this;
    }

    /** The fixed-step solver that sampling and imputing integrate with (default: the training recipe's). */
    public TabularFlowMatchingModel setSolver(String value) {
        set(solver(), value);
        return this;
    }

    /** The solver's steps for sampling and imputing (default: the training recipe's). */
    public TabularFlowMatchingModel setSteps(int value) {
        set(steps(), value);
        return this;
    }

    /** The trained flow with the sampler of the Params {@code solver} and {@code steps}. */
    private TabularModel sampler() {
        return tabular.withSampler(Solvers.parse(getSolver()), getSteps());
    }

    /**
     * {@code n} rows of the table's schema drawn in {@code partitions} partitions in parallel
     * (partition i draws its share from a seed of its own: the same seed and partitions give the
     * same rows), integrated with the Params {@code solver} and {@code steps}. With a condition
     * column, labels come in the training proportions.
     */
    public Dataset<Row> sample(SparkSession spark, long n, int partitions, long seed) {
        return sample(spark, n, partitions, seed, Map.of(), 1.0);
    }

    /**
     * {@code n} rows with some cells fixed: a value for the condition column conditions the rows
     * on it with classifier-free guidance weight {@code guidance} (1: the plain conditional,
     * larger: more typical of the label, 0: unconditional); a value for another column fixes it in
     * every row and the flow fills the rest around it. Values are given as text: a category
     * ({@code "setosa"}, {@code "true"}) or a number.
     *
     * @throws IllegalArgumentException naming an unknown column or category, or for a count or
     *                                  partitions out of range
     */
    public Dataset<Row> sample(SparkSession spark, long n, int partitions, long seed, Map<String, String> values,
            double guidance) {
        if (n < 1) {
            throw new IllegalArgumentException("number of rows must be positive, got " + n);
        }
        if (partitions < 1 || partitions > n) {
            throw new IllegalArgumentException("partitions must be between 1 and n = " + n + ", got " + partitions);
        }
        if (values == null) {
            throw new IllegalArgumentException("values must not be null (use Map.of())");
        }
        TabularModel sampler = sampler();
        // checks the values and guidance on the driver, at once, with the model's messages
        sampler.sample(1, values, guidance, seed);
        HashMap<String, String> fixed = new HashMap<>(values);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Shipped<TabularModel>> shipped = jsc.broadcast(Shipped.of(sampler));
        StructType out = schema;
        List<Integer> indices = new ArrayList<>(partitions);
        for (int i = 0; i < partitions; i++) {
            indices.add(i);
        }
        JavaRDD<Row> rows = jsc.parallelize(indices, partitions).mapPartitionsWithIndex((index, ignored) -> {
            Shipped.pinThreads();
            long count = n / partitions + (index < n % partitions ? 1 : 0);
            return new SampledRows(shipped.value().model(), out, fixed, guidance, Shipped.mix(seed, index), count);
        }, true);
        return spark.createDataFrame(rows, schema);
    }

    /**
     * Checks that the input has the table's columns with the table's types; the output schema is
     * the input's.
     *
     * @throws IllegalArgumentException naming a missing column or one of another type
     */
    @Override
    public StructType transformSchema(StructType input) {
        List<String> names = Arrays.asList(input.fieldNames());
        for (StructField f : schema.fields()) {
            if (!names.contains(f.name())) {
                throw new IllegalArgumentException("TabularFlowMatchingModel: column '" + f.name() + "' does not exist; "
                        + "the model fills the table's columns " + Arrays.asList(schema.fieldNames()) + " and the "
                        + "columns are " + names);
            }
            DataType t = input.apply(f.name()).dataType();
            if (!t.equals(f.dataType())) {
                throw new IllegalArgumentException("TabularFlowMatchingModel: column '" + f.name() + "' has type "
                        + t.simpleString() + " but the model was trained on " + f.dataType().simpleString());
            }
        }
        return input;
    }

    /**
     * The rows of {@code dataset} with the nulls of the table's columns filled: each row's missing
     * cells drawn from the flow given its present cells, {@code imputeDraws} times (a number the
     * mean, a label the most frequent), seeded by {@code seed} and the partition. Other columns
     * and present cells are unchanged.
     */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema(), true);
        Dataset<Row> df = dataset.toDF();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
        Broadcast<Shipped<TabularModel>> shipped = jsc.broadcast(Shipped.of(sampler()));
        int[] indices = new int[schema.size()];
        for (int j = 0; j < indices.length; j++) {
            indices[j] = out.fieldIndex(schema.fields()[j].name());
        }
        return df.mapPartitions(new Imputer(shipped, schema, indices, getImputeDraws(), getSeed()), Encoders.row(out));
    }

    @Override
    public TabularFlowMatchingModel copy(ParamMap extra) {
        TabularFlowMatchingModel copy = copyValues(new TabularFlowMatchingModel(uid, tabular, schema), extra);
        return copy.setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    /** Spark's reader of a saved model; {@code PipelineModel.load} finds it by this name. */
    public static MLReader<TabularFlowMatchingModel> read() {
        return new Reader();
    }

    /** The model saved at {@code path}; it samples and imputes as the saved one did. */
    public static TabularFlowMatchingModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "TabularFlowMatchingModel: uid=" + uid + ", " + tabular;
    }

    /** The table's column types, as the model encodes them. */
    private static Map<String, ColumnType> types(TabularModel model) {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        for (TableEncoder.ColumnCoding c : model.encoder().columns()) {
            types.put(c.name(), c.type());
        }
        return types;
    }

    private static final class Writer extends MLWriter {
        private final TabularFlowMatchingModel instance;

        Writer(TabularFlowMatchingModel instance) {
            this.instance = instance;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter.saveMetadata(instance, path, sc(), Option.empty(), Option.empty());
            HadoopFiles.write(sc(), path, MODEL_FILE, instance.tabular.toBytes());
            HadoopFiles.write(sc(), path, SCHEMA_FILE, instance.schema.json().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final class Reader extends MLReader<TabularFlowMatchingModel> {
        @Override
        public TabularFlowMatchingModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sc(),
                    TabularFlowMatchingModel.class.getName());
            TabularModel tabular = TabularModel.fromBytes(HadoopFiles.read(sc(), path, MODEL_FILE));
            StructType schema = (StructType) DataType.fromJson(
                    new String(HadoopFiles.read(sc(), path, SCHEMA_FILE), StandardCharsets.UTF_8));
            TabularFlowMatchingModel model = new TabularFlowMatchingModel(metadata.uid(), tabular, schema);
            metadata.getAndSetParams(model, Option.empty());
            return model;
        }
    }

    /** One partition's generated rows, {@link #CHUNK_ROWS} at a time as they are consumed. */
    private static final class SampledRows implements Iterator<Row> {
        private final TabularModel model;
        private final StructType schema;
        private final Map<String, String> values;
        private final double guidance;
        private final long seed;
        private final long count;
        private long produced;
        private int chunk;
        private List<Row> rows = List.of();
        private int at;

        SampledRows(TabularModel model, StructType schema, Map<String, String> values, double guidance, long seed,
                long count) {
            this.model = model;
            this.schema = schema;
            this.values = values;
            this.guidance = guidance;
            this.seed = seed;
            this.count = count;
        }

        @Override
        public boolean hasNext() {
            return produced < count;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            if (at == rows.size()) {
                int m = (int) Math.min(CHUNK_ROWS, count - produced);
                rows = SparkTables.rows(model.sample(m, values, guidance, Shipped.mix(seed, chunk++)), schema);
                at = 0;
            }
            produced++;
            return rows.get(at++);
        }
    }

    /** Fills one partition's missing cells, {@link #CHUNK_ROWS} rows at a time. */
    private static final class Imputer implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<Shipped<TabularModel>> shipped;
        private final StructType schema;
        private final int[] indices;
        private final int draws;
        private final long seed;

        Imputer(Broadcast<Shipped<TabularModel>> shipped, StructType schema, int[] indices, int draws, long seed) {
            this.shipped = shipped;
            this.schema = schema;
            this.indices = indices;
            this.draws = draws;
            this.seed = seed;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> input) {
            Shipped.pinThreads();
            TaskContext context = TaskContext.get();
            long partitionSeed = Shipped.mix(seed, context == null ? 0 : context.partitionId());
            TabularModel model = shipped.value().model();
            Map<String, ColumnType> types = types(model);
            return new Iterator<>() {
                private List<Row> out = List.of();
                private int at;
                private int chunk;

                @Override
                public boolean hasNext() {
                    return at < out.size() || input.hasNext();
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    if (at == out.size()) {
                        out = fill(model, types, input, Shipped.mix(partitionSeed, chunk++));
                        at = 0;
                    }
                    return out.get(at++);
                }
            };
        }

        private List<Row> fill(TabularModel model, Map<String, ColumnType> types, Iterator<Row> input, long chunkSeed) {
            List<Row> in = new ArrayList<>(CHUNK_ROWS);
            boolean missing = false;
            while (input.hasNext() && in.size() < CHUNK_ROWS) {
                Row r = input.next();
                for (int i : indices) {
                    missing |= r.isNullAt(i);
                }
                in.add(r);
            }
            if (!missing) {
                return in;
            }
            StructField[] fields = schema.fields();
            List<Column> columns = new ArrayList<>(fields.length);
            for (int j = 0; j < fields.length; j++) {
                columns.add(SparkTables.column(in, indices[j], fields[j].name(), types.get(fields[j].name())));
            }
            Table filled = model.impute(Table.of(columns), draws, chunkSeed);
            List<Row> out = new ArrayList<>(in.size());
            for (int r = 0; r < in.size(); r++) {
                Row row = in.get(r);
                Object[] values = new Object[row.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = row.get(i);
                }
                for (int j = 0; j < fields.length; j++) {
                    if (row.isNullAt(indices[j])) {
                        values[indices[j]] = SparkTables.cell(filled.column(j), r, fields[j].dataType());
                    }
                }
                out.add(RowFactory.create(values));
            }
            return out;
        }
    }
}
