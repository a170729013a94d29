package io.flowmatch.tabular;

import io.flowmatch.core.model.MlpVelocityModel;
import io.flowmatch.datasets.Column;
import io.flowmatch.datasets.ColumnType;
import io.flowmatch.datasets.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A trained tabular flow: generates rows with the training table's columns, names, order and
 * types, conditioned or not, fills in missing cells, and saves to one file.
 *
 * <pre>{@code
 * Table fake = model.sample(1000, 7L);                                   // same columns as training
 * Table setosa = model.sample(50, Map.of("target", "setosa"), 2.0, 7L); // conditioned, guidance 2
 * Table filled = model.impute(withMissing, 7L);                         // empty cells filled
 * model.save(Path.of("table.flow"));
 * TabularModel again = TabularModel.load(Path.of("table.flow"));        // samples identically
 * }</pre>
 *
 * <p>Every generated cell is valid by construction: numbers within the training range (integers
 * whole), labels among the training categories. The same seed gives the same rows. Immutable;
 * each call allocates its own buffers, so a model may be shared by threads.
 */
public final class TabularModel {

    private final TabularRecipe recipe;
    private final TableEncoder encoder;
    private final MlpVelocityModel network;
    private final int conditionIndex;
    private final int k;
    private final Map<String, String> provenance;

    TabularModel(TabularRecipe recipe, TableEncoder encoder, MlpVelocityModel network, Map<String, String> measured) {
        this.recipe = recipe;
        this.encoder = encoder;
        this.network = network;
        this.conditionIndex = recipe.condition() == null ? -1 : encoder.indexOf(recipe.condition());
        if (recipe.condition() != null && conditionIndex < 0) {
            throw new IllegalArgumentException("condition column '" + recipe.condition() + "' is not a column");
        }
        this.k = conditionIndex < 0 ? 0 : encoder.columns().get(conditionIndex).categories().size();
        if (network.dimension() != encoder.dimension() + k) {
            throw new IllegalArgumentException("the network has dimension " + network.dimension() + " but the table needs "
                    + (encoder.dimension() + k));
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kind", "tabular");
        p.putAll(recipe.toMap());
        p.put("columns", String.join(",", escaped(encoder.names())));
        p.put("dimension", Integer.toString(encoder.dimension()));
        p.put("parameters", Long.toString(network.parameterCount()));
        p.putAll(measured);
        this.provenance = Collections.unmodifiableMap(p);
    }

    private static List<String> escaped(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String s : names) {
            out.add(TableEncoder.escape(s));
        }
        return out;
    }

    /**
     * The same trained network with another sampler (a fixed-step solver and its number of
     * steps), e.g. fewer steps for speed or more for accuracy.
     */
    public TabularModel withSampler(io.flowmatch.solvers.OdeSolver solver, int steps) {
        return new TabularModel(recipe.withSampler(solver, steps), encoder, network, measured());
    }

    /** The recipe this model was trained with (its sampler settings are used by default). */
    public TabularRecipe recipe() {
        return recipe;
    }

    /** The column encoding fitted on the training table. */
    public TableEncoder encoder() {
        return encoder;
    }

    /** The velocity network (sampling weights: the weight average if training kept one). */
    public MlpVelocityModel network() {
        return network;
    }

    /** The condition column, or null. */
    public String condition() {
        return recipe.condition();
    }

    /** The categories of the condition column (empty without one). */
    public List<String> conditionCategories() {
        return conditionIndex < 0 ? List.of() : encoder.columns().get(conditionIndex).categories();
    }

    /** How this model was made: the recipe's text form, the table's shape and what training measured. */
    public Map<String, String> provenance() {
        return provenance;
    }

    /** Only the measured part of the provenance (what the file keeps beyond recipe and encoder). */
    Map<String, String> measured() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : provenance.entrySet()) {
            String key = e.getKey();
            if (!key.equals("kind") && !key.equals("columns") && !key.equals("dimension") && !key.equals("parameters")
                    && !recipe.toMap().containsKey(key)) {
                m.put(key, e.getValue());
            }
        }
        return m;
    }

    /**
     * {@code n} new rows with the training table's columns. With a condition column, the labels
     * come in the training proportions (rounded, in random order) and each row from p(row | label).
     *
     * @param seed the same seed gives the same rows
     */
    public Table sample(int n, long seed) {
        return sample(n, Map.of(), 1.0, seed);
    }

    /**
     * {@code n} new rows with some cells fixed: a value for the condition column conditions the
     * rows on it with classifier-free guidance weight {@code guidance} (1: the plain conditional,
     * larger: more typical of the label; 0: unconditional); a value for any other column fixes
     * it in every row and the flow fills the rest around it (as an imputation would). Without a
     * condition value, labels come in the training proportions and are guided by the same weight.
     *
     * @param values   column name to the cell's text (a training category, or a number)
     * @param guidance the guidance weight, finite and at least 0
     * @throws IllegalArgumentException naming an unknown column, a category not seen in training or a bad number
     */
    public Table sample(int n, Map<String, String> values, double guidance, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("number of rows must be positive, got " + n);
        }
        if (!(guidance >= 0) || !Double.isFinite(guidance)) {
            throw new IllegalArgumentException("guidance must be finite and at least 0, got " + guidance);
        }
        if (values == null) {
            throw new IllegalArgumentException("values must not be null (use Map.of())");
        }
        int d = encoder.dimension();
        float[] known = new float[n * d];
        boolean[] isKnown = new boolean[n * d];
        Map<Integer, Object> fixed = new LinkedHashMap<>();
        int label = -1;
        for (Map.Entry<String, String> e : values.entrySet()) {
            int j = encoder.indexOf(e.getKey());
            if (j < 0) {
                throw new IllegalArgumentException("no column '" + e.getKey() + "' (columns: "
                        + String.join(", ", encoder.names()) + ")");
            }
            TableEncoder.ColumnCoding c = encoder.columns().get(j);
            String text = e.getValue() == null ? "" : e.getValue().strip();
            float[] coords = new float[c.width()];
            if (c.type().isCategorical()) {
                int code = c.codeOf(text);
                if (code < 0) {
                    throw new IllegalArgumentException("category '" + text + "' of column '" + c.name()
                            + "' was not seen in training (known: " + String.join(", ", c.categories()) + ")");
                }
                TableEncoder.writeCategory(c, code, coords, 0);
                fixed.put(j, code);
                if (j == conditionIndex) {
                    label = code;
                }
            } else {
                double v;
                try {
                    v = Double.parseDouble(text);
                } catch (NumberFormatException ex) {
                    v = Double.NaN;
                }
                if (!Double.isFinite(v) || (c.type() == ColumnType.INTEGER && v != Math.rint(v))) {
                    throw new IllegalArgumentException("column '" + c.name() + "' is " + c.type().description()
                            + "; '" + text + "' is not " + (c.type() == ColumnType.INTEGER ? "a whole number" : "a number"));
                }
                coords[0] = (float) ((v - c.mean()) / c.sd());
                fixed.put(j, v);
            }
            for (int r = 0; r < n; r++) {
                for (int i = 0; i < c.width(); i++) {
                    known[r * d + c.offset() + i] = coords[i];
                    isKnown[r * d + c.offset() + i] = true;
                }
            }
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] labels = null;
        if (k > 0) {
            labels = label >= 0 ? filled(n, label) : proportional(rng, encoder.columns().get(conditionIndex).counts(), n);
            if (label < 0) {
                TableEncoder.ColumnCoding c = encoder.columns().get(conditionIndex);
                for (int r = 0; r < n; r++) {
                    TableEncoder.writeCategory(c, labels[r], known, r * d + c.offset());
                    for (int i = 0; i < c.width(); i++) {
                        isKnown[r * d + c.offset() + i] = true;
                    }
                }
            }
        }
        TabularSampler sampler = new TabularSampler(network, encoder, k, recipe.categorical());
        float[] x = sampler.sample(n, known, isKnown, labels, guidance, recipe.solver(), recipe.steps(), rng);
        Table out = encoder.decode(x, n);
        for (Map.Entry<Integer, Object> e : fixed.entrySet()) {
            out = out.withColumn(e.getKey(), constant(out.column(e.getKey()), e.getValue(), n));
        }
        return out;
    }

    private static Column constant(Column c, Object value, int n) {
        if (value instanceof Integer code) {
            int[] codes = new int[n];
            java.util.Arrays.fill(codes, code);
            return c.type() == ColumnType.BINARY ? Column.binary(c.name(), c.categories(), codes)
                    : Column.categorical(c.name(), c.categories(), codes);
        }
        double[] v = new double[n];
        java.util.Arrays.fill(v, (Double) value);
        return c.type() == ColumnType.INTEGER ? Column.integer(c.name(), v) : Column.numeric(c.name(), v);
    }

    private static int[] filled(int n, int label) {
        int[] labels = new int[n];
        java.util.Arrays.fill(labels, label);
        return labels;
    }

    /**
     * {@code n} labels in the proportions of {@code counts} (largest remainders for the rounding,
     * ties to the first label), in random order: the training frequencies without the sampling
     * noise of independent draws, which on a small table would misplace several rows' labels.
     */
    static int[] proportional(SplittableRandom rng, int[] counts, int n) {
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        int[] take = new int[counts.length];
        double[] rest = new double[counts.length];
        int given = 0;
        for (int i = 0; i < counts.length; i++) {
            double exact = (double) n * counts[i] / total;
            take[i] = (int) Math.floor(exact);
            rest[i] = exact - take[i];
            given += take[i];
        }
        while (given < n) {
            int best = 0;
            for (int i = 1; i < counts.length; i++) {
                if (rest[i] > rest[best]) {
                    best = i;
                }
            }
            take[best]++;
            rest[best] = -1;
            given++;
        }
        int[] labels = new int[n];
        for (int i = 0, r = 0; i < counts.length; i++) {
            for (int q = 0; q < take[i]; q++) {
                labels[r++] = i;
            }
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = labels[i];
            labels[i] = labels[j];
            labels[j] = t;
        }
        return labels;
    }

    /**
     * Fills the missing cells of {@code table} with the recipe's number of draws
     * ({@link TabularRecipe#imputeDraws()}); see {@link #impute(Table, int, long)}.
     */
    public Table impute(Table table, long seed) {
        return impute(table, recipe.imputeDraws(), seed);
    }

    /**
     * Fills the missing cells of {@code table}; present cells are returned unchanged. Each row's
     * missing cells are drawn from the flow conditioned on its present cells (present cells
     * follow their exact path during integration; a present condition label conditions the
     * network), {@code draws} times: a number is the mean of its draws (integers rounded), a
     * label the most frequent one. One draw gives a sample from the conditional distribution;
     * more draws give a better point estimate.
     *
     * @param table a table with the model's columns (by name, in any order; each cell read as the
     *              model's column type); the result has the same columns in the same order
     * @throws IllegalArgumentException naming the column, row and value for a missing or extra
     *                                  column, a category not seen in training or a non-number
     */
    public Table impute(Table table, int draws, long seed) {
        if (draws < 1) {
            throw new IllegalArgumentException("draws must be at least 1, got " + draws);
        }
        TableEncoder.Encoded enc = encoder.encode(table);
        int n = table.rowCount();
        int d = encoder.dimension();
        List<Integer> todo = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) {
                if (!enc.present()[r * d + i]) {
                    todo.add(r);
                    break;
                }
            }
        }
        if (todo.isEmpty()) {
            return sameTable(table, enc, n, null, null, 0);
        }
        int m = todo.size() * draws;
        float[] known = new float[m * d];
        boolean[] isKnown = new boolean[m * d];
        int[] labels = k > 0 ? new int[m] : null;
        TableEncoder.ColumnCoding cond = conditionIndex < 0 ? null : encoder.columns().get(conditionIndex);
        for (int a = 0; a < todo.size(); a++) {
            int r = todo.get(a);
            for (int s = 0; s < draws; s++) {
                int row = a * draws + s;
                System.arraycopy(enc.x(), r * d, known, row * d, d);
                System.arraycopy(enc.present(), r * d, isKnown, row * d, d);
                if (labels != null) {
                    labels[row] = enc.present()[r * d + cond.offset()]
                            ? TableEncoder.decodeCategory(cond, enc.x(), r * d + cond.offset()) : -1;
                }
            }
        }
        TabularSampler sampler = new TabularSampler(network, encoder, k, recipe.categorical());
        float[] x = sampler.sample(m, known, isKnown, labels, 1.0, recipe.solver(), recipe.steps(),
                new SplittableRandom(seed));
        return sameTable(table, enc, n, todo, x, draws);
    }

    /** The input table's columns, in its order, with the model's types, missing cells filled from {@code x}. */
    private Table sameTable(Table table, TableEncoder.Encoded enc, int n, List<Integer> todo, float[] x, int draws) {
        int d = encoder.dimension();
        int[] slot = new int[n];
        java.util.Arrays.fill(slot, -1);
        if (todo != null) {
            for (int a = 0; a < todo.size(); a++) {
                slot[todo.get(a)] = a;
            }
        }
        List<Column> out = new ArrayList<>();
        for (Column in : table.columns()) {
            TableEncoder.ColumnCoding c = encoder.column(in.name());
            if (c.type().isCategorical()) {
                int[] codes = new int[n];
                for (int r = 0; r < n; r++) {
                    if (enc.present()[r * d + c.offset()]) {
                        codes[r] = TableEncoder.decodeCategory(c, enc.x(), r * d + c.offset());
                    } else {
                        int[] votes = new int[c.categories().size()];
                        for (int s = 0; s < draws; s++) {
                            votes[TableEncoder.decodeCategory(c, x, (slot[r] * draws + s) * d + c.offset())]++;
                        }
                        int best = 0;
                        for (int i = 1; i < votes.length; i++) {
                            if (votes[i] > votes[best]) {
                                best = i;
                            }
                        }
                        codes[r] = best;
                    }
                }
                out.add(c.type() == ColumnType.BINARY ? Column.binary(c.name(), c.categories(), codes)
                        : Column.categorical(c.name(), c.categories(), codes));
            } else {
                double[] v = new double[n];
                for (int r = 0; r < n; r++) {
                    if (enc.present()[r * d + c.offset()]) {
                        v[r] = in.isCategorical() ? Double.parseDouble(in.text(r)) : in.value(r);
                    } else {
                        double sum = 0;
                        for (int s = 0; s < draws; s++) {
                            sum += TableEncoder.decodeNumber(c, x[(slot[r] * draws + s) * d + c.offset()]);
                        }
                        double mean = sum / draws;
                        v[r] = c.type() == ColumnType.INTEGER ? Math.rint(mean)
                                : Double.parseDouble(Float.toString((float) mean));
                    }
                }
                out.add(c.type() == ColumnType.INTEGER ? Column.integer(c.name(), v) : Column.numeric(c.name(), v));
            }
        }
        return Table.of(out);
    }

    /**
     * Saves the model to one file (format {@code flowmatch-tabular-model} in the
     * {@link io.flowmatch.core.io.ModelFile} container: the recipe, the encoder's columns, types,
     * categories and scaling in the header, the network's weights as an array), atomically.
     */
    public void save(Path path) {
        TabularModelFile.write(this, path);
    }

    /**
     * Loads a model saved by {@link #save(Path)}; it samples exactly as the saved one did.
     *
     * @throws io.flowmatch.core.io.ModelFormatException if the file is not a valid tabular model
     * @throws java.io.UncheckedIOException              if it cannot be read
     */
    public static TabularModel load(Path path) {
        return TabularModelFile.read(path);
    }

    /**
     * The bytes {@link #save(Path)} writes, e.g. to ship the model to other processes (Spark's
     * executors) or to store it on a file system that is not a local path.
     */
    public byte[] toBytes() {
        return TabularModelFile.toBytes(this);
    }

    /**
     * The model in {@code bytes}, as {@link #toBytes()} or a saved file gave them; it samples
     * exactly as the saved one did.
     *
     * @throws io.flowmatch.core.io.ModelFormatException if the bytes are not a valid tabular model
     */
    public static TabularModel fromBytes(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("bytes must not be null");
        }
        return TabularModelFile.fromBytes(bytes);
    }

    @Override
    public String toString() {
        return "TabularModel(" + encoder.columns().size() + " columns, " + encoder.dimension() + " coordinates"
                + (k > 0 ? ", condition " + recipe.condition() : "") + ", " + network.description() + ")";
    }
}
