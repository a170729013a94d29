package io.flowmatch.datasets;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The built-in distributions and the loaders of point sets.
 *
 * <p>Generators draw fresh points for every batch; loaded sets ({@link PointSet}) are sampled
 * uniformly with replacement. All of them are immutable and take every random number from the
 * caller's {@link java.util.random.RandomGenerator}, so the same seed gives the same points. The
 * order in which a generator consumes random numbers is given below for each; it may change
 * between versions of this library, the distribution will not.
 *
 * <p>Coordinates are plain numbers without units. The 2-D generators compute in double precision
 * and round each coordinate to float32.
 *
 * <p>Errors: arguments out of range give {@link IllegalArgumentException}; unusable file or array
 * content gives {@link DataFormatException} (a subclass naming the file or array and the place);
 * a file that cannot be read at all (for instance a missing one: {@code "no such file: /x/p.csv"})
 * gives {@link java.io.UncheckedIOException}.
 *
 * <p>{@link #parse(String)} reads the short names a command line uses ({@code moons},
 * {@code gaussian:3}, {@code points.csv}, ...); {@link #names()} lists them.
 */
public final class Datasets {

    /** The generators without parameters (and moons with its usual noise), by command-line name, in listing order. */
    private static final Map<String, Supplier<DataSource>> NAMED = new LinkedHashMap<>();

    /** Other spellings of the names in {@link #NAMED}. */
    private static final Map<String, String> ALIASES = Map.of(
            "eightgaussians", "8gaussians", "eight-gaussians", "8gaussians", "eight_gaussians", "8gaussians",
            "swiss-roll", "swissroll", "swiss_roll", "swissroll");

    static {
        NAMED.put("moons", () -> moons(0.05));
        NAMED.put("spiral", Datasets::spiral);
        NAMED.put("annulus", Datasets::annulus);
        NAMED.put("8gaussians", Datasets::eightGaussians);
        NAMED.put("circles", Datasets::circles);
        NAMED.put("swissroll", Datasets::swissRoll);
        NAMED.put("checkerboard", Datasets::checkerboard);
    }

    /** The most classes a labelled set may have. */
    public static final int MAX_CLASSES = 1 << 16;

    private Datasets() {
    }

    /**
     * The names {@link #parse(String)} accepts for the built-in distributions, each with the
     * description of what it gives: {@code moons}, {@code spiral}, {@code annulus},
     * {@code 8gaussians}, {@code circles}, {@code swissroll}, {@code checkerboard} and
     * {@code gaussianN}. (Besides these, parse reads {@code moons:NOISE}, {@code gaussian:N},
     * the descriptions the generators report, and file names ending in .csv or .npy.)
     *
     * @return an unmodifiable map, in listing order
     */
    public static Map<String, String> names() {
        Map<String, String> out = new LinkedHashMap<>();
        NAMED.forEach((name, s) -> out.put(name, s.get().description()));
        out.put("gaussianN", gaussian(3).description().replace("3", "N") + " (e.g. gaussian5)");
        return Collections.unmodifiableMap(out);
    }

    /**
     * The data source a short text names, case-insensitively:
     * <ul>
     *   <li>{@code moons} (noise 0.05), {@code moons:NOISE} or {@code moons(noise=NOISE)};</li>
     *   <li>{@code spiral}, {@code annulus}, {@code 8gaussians} (or {@code eightGaussians}),
     *       {@code circles}, {@code swissroll} (or {@code swissRoll}), {@code checkerboard};</li>
     *   <li>{@code gaussianN}, {@code gaussian:N} or {@code gaussian(dim=N)}: the standard normal in
     *       R^N;</li>
     *   <li>the {@link DataSource#description() description} a generator above reports, such as
     *       {@code "spiral(turns=3, noise=0.1)"}, which gives that generator back;</li>
     *   <li>a file name ending in {@code .csv} ({@link #fromCsv(Path)}) or {@code .npy}
     *       ({@link #fromNpy(Path)});</li>
     *   <li>{@code labelled(8gaussians)} and {@code labelled(moons)} (or {@code labelled(moons:NOISE)},
     *       {@code labelled-8gaussians}, {@code labelled-moons}): the {@link LabelledDataSource}s of
     *       {@link #labelledEightGaussians()} and {@link #labelledMoons(double)}, also read back from
     *       their descriptions.</li>
     * </ul>
     *
     * @param text the name
     * @return the distribution, or the loaded points
     * @throws IllegalArgumentException naming the text and the valid names if it is none of these,
     *                                  or naming the bad parameter
     * @throws DataFormatException          as {@link #fromCsv(Path)} and {@link #fromNpy(Path)}
     * @throws java.io.UncheckedIOException as {@link #fromCsv(Path)} and {@link #fromNpy(Path)}
     */
    public static DataSource parse(String text) {
        if (text == null || text.isBlank()) {
            throw unknownDataset(text);
        }
        String key = text.trim().toLowerCase(Locale.ROOT);
        Supplier<DataSource> named = NAMED.get(ALIASES.getOrDefault(key, key));
        if (named != null) {
            return named.get();
        }
        String compact = key.replace(" ", "");
        if (compact.matches("gaussian\\d+")) {
            return gaussian(text, compact.substring("gaussian".length()));
        }
        if (compact.matches("gaussian(:|\\(dim=).*")) {
            String number = compact.startsWith("gaussian:") ? compact.substring("gaussian:".length())
                    : compact.endsWith(")") ? compact.substring("gaussian(dim=".length(), compact.length() - 1) : "?";
            return gaussian(text, number);
        }
        if (compact.matches("moons(:|\\(noise=).*")) {
            String number = compact.startsWith("moons:") ? compact.substring("moons:".length())
                    : compact.endsWith(")") ? compact.substring("moons(noise=".length(), compact.length() - 1) : "?";
            double noise;
            try {
                noise = Double.parseDouble(number);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad noise '" + number + "' in dataset '" + text + "'");
            }
            try {
                return moons(noise);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad dataset '" + text + "': " + e.getMessage(), e);
            }
        }
        if (compact.startsWith("labelled(") && compact.endsWith(")") || compact.startsWith("labelled-")) {
            return labelledToy(text, compact.startsWith("labelled(")
                    ? text.trim().substring("labelled(".length(), text.trim().length() - 1) : compact.substring(9));
        }
        if (key.endsWith(".csv")) {
            return fromCsv(Path.of(text));
        }
        if (key.endsWith(".npy")) {
            return fromNpy(Path.of(text));
        }
        for (Supplier<DataSource> s : NAMED.values()) {
            DataSource source = s.get();
            if (source.description().toLowerCase(Locale.ROOT).replace(" ", "").equals(compact)) {
                return source;
            }
        }
        throw unknownDataset(text);
    }

    /** The standard normal of dimension {@code number}, for {@link #parse(String)} of {@code text}. */
    private static DataSource gaussian(String text, String number) {
        int dim;
        try {
            dim = Integer.parseInt(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad dimension '" + number + "' in dataset '" + text + "'");
        }
        try {
            return gaussian(dim);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad dataset '" + text + "': " + e.getMessage(), e);
        }
    }

    /** The labelled version of the toy {@code inner} names, for {@link #parse(String)} of {@code text}. */
    private static DataSource labelledToy(String text, String inner) {
        DataSource plain = parse(inner);
        if (plain.description().equals(eightGaussians().description())) {
            return labelledEightGaussians();
        }
        if (plain.description().startsWith("moons(noise=")) {
            return labelledMoons(Double.parseDouble(plain.description()
                    .substring("moons(noise=".length(), plain.description().length() - 1)));
        }
        throw new IllegalArgumentException("no labelled version of '" + inner.trim() + "' in dataset '" + text
                + "': labelled(8gaussians) and labelled(moons) have labels; a file's come from a label column");
    }

    private static IllegalArgumentException unknownDataset(String text) {
        return new IllegalArgumentException("unknown dataset '" + text + "': use one of "
                + String.join(", ", NAMED.keySet()) + ", gaussianN, labelled(8gaussians), labelled(moons), "
                + "or a .csv/.npy file");
    }

    /**
     * Two interleaving half circles, as sklearn's {@code make_moons} but with the angle drawn at
     * random: theta ~ U[0, pi]; with probability 1/2 the outer moon (cos theta, sin theta), else
     * the inner moon (1 - cos theta, 1/2 - sin theta); then N(0, noise^2) added to each
     * coordinate independently. The mean is (1/2, 1/4). Dimension 2; description
     * {@code "moons(noise=0.05)"}.
     *
     * <p>Draws per point: a boolean (the moon), a double (theta), then, if {@code noise > 0},
     * two Gaussians.
     *
     * @param noise standard deviation of the Gaussian noise, finite and at least 0
     * @return the distribution, dimension 2
     * @throws IllegalArgumentException if {@code noise} is negative, NaN or infinite
     */
    public static DataSource moons(double noise) {
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("moons noise must be finite and at least 0, got " + noise);
        }
        return new Generators.Moons(noise);
    }

    /**
     * A three-turn Archimedean spiral: theta ~ U[0, 6 pi], point
     * (theta / 2 pi) (cos theta, sin theta) + N(0, 0.1^2 I). The clean radius theta / 2 pi is
     * uniform in [0, 3]. Dimension 2; description {@code "spiral(turns=3, noise=0.1)"}.
     *
     * <p>Draws per point: a double (theta), two Gaussians.
     *
     * @return the distribution, dimension 2
     */
    public static DataSource spiral() {
        return new Generators.Spiral();
    }

    /**
     * An annulus: angle a ~ U[0, 2 pi), radius r ~ U[2, 3] (uniform in radius, not in area, so
     * the inner part is denser), point r (cos a, sin a). No noise: every point has
     * 2 &lt;= |x| &lt;= 3 up to float32 rounding. Dimension 2; description
     * {@code "annulus(rmin=2, rmax=3)"}.
     *
     * <p>Draws per point: a double (a), a double (r).
     *
     * @return the distribution, dimension 2
     */
    public static DataSource annulus() {
        return new Generators.Annulus();
    }

    /**
     * Eight Gaussians: a centre chosen uniformly among 5 (cos k pi/4, sin k pi/4), k = 0..7
     * (that is 5 (+-1, 0), 5 (0, +-1), 5 (+-1/sqrt 2, +-1/sqrt 2)), plus N(0, 0.5^2 I).
     * Dimension 2; description {@code "eightGaussians(radius=5, std=0.5)"}.
     *
     * <p>Draws per point: an int in [0, 8) (the centre), two Gaussians.
     *
     * @return the distribution, dimension 2
     */
    public static DataSource eightGaussians() {
        return new Generators.EightGaussians();
    }

    /**
     * Two concentric circles, like sklearn's {@code make_circles} with factor 0.5: radius 1 or
     * 0.5 with probability 1/2 each, angle ~ U[0, 2 pi), plus N(0, 0.05^2 I). Dimension 2;
     * description {@code "circles(r1=1, r2=0.5, noise=0.05)"}.
     *
     * <p>Draws per point: a boolean (the circle), a double (the angle), two Gaussians.
     *
     * @return the distribution, dimension 2
     */
    public static DataSource circles() {
        return new Generators.Circles();
    }

    /**
     * A 2-D swiss roll: sklearn's {@code make_swiss_roll} seen along its axis (its (x, z)
     * coordinates) and scaled by 1/5. Exactly: t = 1.5 pi (1 + 2u) with u ~ U[0, 1], so
     * t in [1.5 pi, 4.5 pi]; point (t cos t, t sin t) / 5 + N(0, 0.1^2 I) (the noise is added
     * after scaling). The clean roll has radius t / 5 in [0.3 pi, 0.9 pi] = [0.94, 2.83], so
     * the data lie within [-3, 3]^2 up to the noise. Dimension 2; description
     * {@code "swissRoll(scale=0.2, noise=0.1)"}.
     *
     * <p>Draws per point: a double (u), two Gaussians.
     *
     * @return the distribution, dimension 2
     */
    public static DataSource swissRoll() {
        return new Generators.SwissRoll();
    }

    /**
     * The FFJORD/TorchCFM checkerboard, without their final factor 2: uniform on the 8 black
     * unit squares of a 4 x 4 board over [-2, 2]^2. Exactly: x1 = 4u - 2 with u ~ U[0, 1), so
     * x1 ~ U[-2, 2); x2 = v - 2b + (floor(x1) mod 2) with v ~ U[0, 1) and b uniform in {0, 1}.
     * Hence a point lies in the half-open square [i, i + 1) x [j, j + 1) with i, j in
     * {-2, -1, 0, 1} and i + j even, each of the 8 such squares with probability 1/8
     * (float32 rounding never moves a point onto the next square). Dimension 2; description
     * {@code "checkerboard(4x4 unit squares over [-2, 2]^2)"}.
     *
     * <p>Draws per point: a double (u), an int in [0, 2) (b), a double (v).
     *
     * @return the distribution, dimension 2
     */
    public static DataSource checkerboard() {
        return new Generators.Checkerboard();
    }

    /**
     * The eight Gaussians of {@link #eightGaussians()} with each point's component as its label:
     * class k is the Gaussian centred at 5 (cos k pi/4, sin k pi/4), k = 0..7. Draws exactly as
     * {@link #eightGaussians()} does, so its points are the same for the same generator. Description
     * {@code "labelled(eightGaussians(radius=5, std=0.5))"}; class names {@code "0"} to {@code "7"}.
     */
    public static LabelledDataSource labelledEightGaussians() {
        return new Generators.LabelledEightGaussians();
    }

    /**
     * The two moons of {@link #moons(double)} with each point's moon as its label: 0
     * ({@code "upper"}) for (cos theta, sin theta), 1 ({@code "lower"}) for
     * (1 - cos theta, 1/2 - sin theta). Draws exactly as {@link #moons(double)} does. Description
     * {@code "labelled(moons(noise=0.05))"}.
     *
     * @throws IllegalArgumentException if {@code noise} is negative, NaN or infinite
     */
    public static LabelledDataSource labelledMoons(double noise) {
        moons(noise);
        return new Generators.LabelledMoons(noise);
    }

    /**
     * Points with a class label each, as {@link #labelled(INDArray, int[], List)} with the class
     * names {@code "0"} to {@code "K-1"}.
     */
    public static LabelledPointSet labelled(INDArray points, int[] labels) {
        return labelled(points, labels, null);
    }

    /**
     * Copies points [n, d] (as {@link #of(INDArray)} does) and their labels into a labelled set,
     * sampled with replacement (a point with its label) and described as
     * {@code "labelled(array(100x2), 3 classes)"}. The classes are 0 to K - 1, K being the
     * largest label plus one, and each must have at least one point.
     *
     * @param points     the points, as for {@link #of(INDArray)}
     * @param labels     one class per point, each at least 0; copied
     * @param classNames what each class stands for, K distinct non-blank names; null for
     *                   {@code "0"} to {@code "K-1"}
     * @throws IllegalArgumentException (a {@link DataFormatException} for the content) if an
     *                                  argument is null, the number of labels is not the number
     *                                  of points, a label is negative, a class in [0, K) has no
     *                                  point, there are more than 65536 classes, or the names do
     *                                  not fit, each naming the row or class
     */
    public static LabelledPointSet labelled(INDArray points, int[] labels, List<String> classNames) {
        if (labels == null) {
            throw new IllegalArgumentException("labels must not be null");
        }
        PointSet set = of(points);
        if (labels.length != set.size()) {
            throw new DataFormatException("there are " + labels.length + " labels for " + set.size()
                    + " points: give one label per point");
        }
        int max = -1;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new DataFormatException("label " + labels[i] + " of point " + i
                        + " (0-based) is negative: labels are classes 0, 1, ..., K-1");
            }
            max = Math.max(max, labels[i]);
        }
        if (max >= MAX_CLASSES) {
            throw new DataFormatException("label " + max + " is too large: at most " + MAX_CLASSES + " classes");
        }
        int classes = max + 1;
        int[] counts = new int[classes];
        for (int y : labels) {
            counts[y]++;
        }
        for (int k = 0; k < classes; k++) {
            if (counts[k] == 0) {
                throw new DataFormatException("class " + k + " has no points: labels must use every class from 0 to "
                        + max + " (renumber them, or leave the empty class out)");
            }
        }
        List<String> names = classNames == null ? LabelledDataSource.numberedClasses(classes) : classNames;
        if (names.size() != classes) {
            throw new IllegalArgumentException("there are " + names.size() + " class names for " + classes
                    + " classes " + "(labels 0 to " + max + ")");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String name : names) {
            if (name == null || name.isBlank() || !seen.add(name)) {
                throw new IllegalArgumentException("class names must be distinct and not blank, got " + names);
            }
        }
        return new LabelledPointSet(set, set.values(), labels.clone(), classes, names,
                "labelled(" + set.description() + ", " + classes + " classes)");
    }

    /**
     * Loads a CSV file of points with a label column: every other column is a coordinate
     * (numbers, no empty cell), the label column's values are the class names (text, or whole
     * numbers), classes numbered in the column's category order ({@link Column}: numerically
     * sorted when every label is a number, else in {@link String} order). The file needs a
     * header line; the format and its errors are {@link TableReader}'s. Described as
     * {@code "labelled(csv(iris.csv, 150x4), label=species, 3 classes)"}.
     *
     * @param path        the file
     * @param labelColumn the name of the label column in the header
     * @throws DataFormatException          if the column is not there, a label or a coordinate
     *                                      is missing, another column holds text, or a label is
     *                                      a number with a fraction, naming the line and column;
     *                                      and as {@link Tables#readCsv(Path)}
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public static LabelledPointSet fromCsv(Path path, String labelColumn) {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        return LabelledCsv.read(path, labelColumn);
    }

    /**
     * The standard normal distribution N(0, I) in R^dim, each coordinate
     * {@code rng.nextGaussian()} rounded to float32. Description {@code "gaussian(dim=3)"}.
     *
     * @param dim the dimension, at least 1
     * @return the distribution, dimension {@code dim}; draws {@code dim} Gaussians per point
     * @throws IllegalArgumentException if {@code dim} &lt; 1
     */
    public static DataSource gaussian(int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("gaussian dimension dim must be at least 1, got " + dim);
        }
        return new Generators.Gaussian(dim);
    }

    /**
     * The normal distribution N(mean, covariance): mean + L z with L the Cholesky factor of the
     * covariance and z drawn with {@code rng.nextGaussian()}, d values per point.
     *
     * @param mean       the mean, d &gt;= 1 finite values
     * @param covariance a symmetric positive-definite d x d matrix
     * @throws IllegalArgumentException naming the problem (shape, non-finite value, asymmetry,
     *                                  not positive definite)
     */
    public static GaussianSource gaussian(double[] mean, double[][] covariance) {
        return new GaussianSource(mean, covariance);
    }

    /**
     * Loads a CSV file of points (UTF-8 text, an optional byte order mark ignored):
     * <ul>
     *   <li>one point a line, its coordinates separated by commas; every data line has the same
     *       number d &gt;= 1 of cells, the dimension;</li>
     *   <li>each cell, with surrounding whitespace stripped, is a decimal number: optional sign,
     *       digits with an optional decimal point, optional exponent ({@code 1}, {@code -2.5},
     *       {@code .5}, {@code 3e-4}); NaN and infinities are rejected, and so are values too large
     *       for float32 (those that round to infinity, |x| &gt;= {@link Float#MAX_VALUE} plus half an
     *       ulp); values are rounded to nearest float32, tiny ones possibly to 0;</li>
     *   <li>the first line is a header, and skipped, when none of its cells is a number (a first
     *       line mixing numbers and text is a broken row and an error); a header is allowed only as
     *       the first line, and when present fixes the number of columns;</li>
     *   <li>blank lines (empty or whitespace only) are allowed only at the end of the file.</li>
     * </ul>
     * The result, sampled with replacement, is described as {@code "csv(points.csv, 1000x2)"}.
     *
     * @param path the file
     * @return the points, in file order
     * @throws java.io.UncheckedIOException if the file is missing ({@code "no such file: ..."}) or
     *                                      cannot be read
     * @throws DataFormatException          if it contains no points, has a blank line before the end,
     *                                      a row with another number of columns, a non-numeric,
     *                                      NaN, infinite or too large cell (naming the file and the
     *                                      1-based line and column), or is not UTF-8
     * @throws IllegalArgumentException     if {@code path} is null
     */
    public static PointSet fromCsv(Path path) {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        return CsvReader.read(path);
    }

    /**
     * Loads a NumPy {@code .npy} file: format version 1.0, 2.0 or 3.0; dtype little-endian float32
     * ({@code '<f4'}) or float64 ({@code '<f8'}), converted to float32; C order
     * ({@code fortran_order: False}); shape (n, d), or (n,) read as d = 1, with n, d &gt;= 1. The
     * file must hold exactly n * d values after its header, all finite and not rounding to infinity
     * in float32. Sizes are checked against the file's length before anything is allocated. The
     * result, sampled with replacement, is described as {@code "npy(points.npy, 1000x2)"}.
     *
     * @param path the file
     * @return the points, in file order
     * @throws java.io.UncheckedIOException if the file is missing ({@code "no such file: ..."}) or
     *                                      cannot be read
     * @throws DataFormatException          for a bad magic string, an unsupported version, a malformed
     *                                      header, another dtype, Fortran order, another rank, an
     *                                      empty shape, truncated or surplus data, or a non-finite or
     *                                      too large value (naming its 0-based row and column)
     * @throws IllegalArgumentException     if {@code path} is null
     */
    public static PointSet fromNpy(Path path) {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        return NpyReader.read(path);
    }

    /**
     * Copies the points of a 2-D array of shape [n, d] (any numeric data type, any order or view)
     * into a point set of float32 values, sampled with replacement and described as
     * {@code "array(100x2)"}. Later changes to {@code points} do not affect the set.
     *
     * @param points the array, n, d &gt;= 1, every value finite and not rounding to infinity in float32
     * @return the points, row i being {@code points.getRow(i)}
     * @throws IllegalArgumentException if {@code points} is null; a {@link DataFormatException}
     *                                  (also an IllegalArgumentException) if it is not 2-D, is
     *                                  empty, is not numeric, or has a NaN, infinite or too large
     *                                  value (naming the 0-based row and column of the first one)
     */
    public static PointSet of(INDArray points) {
        if (points == null) {
            throw new IllegalArgumentException("points must not be null");
        }
        long[] shape = points.shape();
        if (points.rank() != 2) {
            throw new DataFormatException("points must be a 2-D array [n, d], got rank " + points.rank()
                    + " shape " + Arrays.toString(shape));
        }
        if (shape[0] == 0 || shape[1] == 0) {
            throw new DataFormatException("points array is empty: shape " + Arrays.toString(shape));
        }
        if (!points.dataType().isNumerical()) {
            throw new DataFormatException("points must be numeric, got data type " + points.dataType());
        }
        if (shape[0] * shape[1] > Integer.MAX_VALUE - 8) {
            throw new DataFormatException("points array is too large: shape " + Arrays.toString(shape));
        }
        int rows = (int) shape[0];
        int columns = (int) shape[1];
        int count = rows * columns;
        double[] values = points.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        if (values.length < count) {
            throw new IllegalStateException("copy of " + Arrays.toString(shape) + " holds " + values.length + " values");
        }
        float[] copy = new float[count];
        for (int i = 0; i < count; i++) {
            double v = values[i];
            float f = (float) v;
            if (!Float.isFinite(f)) {
                String what = Double.isNaN(v) ? "NaN" : Double.isInfinite(v) ? "a non-finite value " + v
                        : "a value too large for float32 (it rounds to infinity), " + v + ",";
                throw new DataFormatException("points has " + what + " at row " + i / columns + ", column "
                        + i % columns + " (0-based)");
            }
            copy[i] = f;
        }
        return new PointSet(copy, rows, columns, "array(" + rows + "x" + columns + ")");
    }
}
