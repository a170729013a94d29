package io.flowmatch.image;

import io.flowmatch.core.FlowModel;
import io.flowmatch.core.io.ModelFile;
import io.flowmatch.core.io.ModelFormatException;
import io.flowmatch.core.train.LearningRateSchedules;
import io.flowmatch.core.train.TrainingConfig;
import io.flowmatch.core.train.TrainingListener;
import io.flowmatch.core.train.TrainingResult;
import io.flowmatch.core.train.TrainingRun;
import io.flowmatch.core.train.TrainingSession;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An independent judge of generated images, in the spirit of the Inception-based FID but small
 * and trained by this library: a convolutional classifier ({@link ClassifierArchitecture})
 * trained on real labelled images with the shared training loop, which scores class-conditional
 * samples by
 * <ul>
 *   <li><b>accuracy</b>: the fraction it labels as the class they were generated for;</li>
 *   <li><b>Frechet distance</b> between Gaussians fitted to its penultimate-layer features of the
 *       samples and of the real test images, beside the <b>floor</b>: the same distance for real
 *       training images, as many of each class as the samples have (the mean over
 *       {@value #FLOOR_DRAWS} draws), which is what a perfect generator would score at that
 *       sample size.</li>
 * </ul>
 * The judge keeps what scoring needs: the classifier's weights, its accuracy on the test images,
 * the test features' mean and covariance, and the features of up to {@value #FLOOR_PER_CLASS}
 * training images a class for the floor; {@link #save(Path)} writes them to a checked model file
 * (format {@code flowmatch-image-judge}).
 *
 * <pre>{@code
 * ImageJudge judge = ImageJudge.builder().train(FashionMnist.train()).test(FashionMnist.test()).threads(2).build();
 * ImageJudge.Score s = judge.score(samples, labels);   // s.accuracy(), s.frechet(), s.floor()
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ImageJudge {

    private static final Logger LOG = LoggerFactory.getLogger(ImageJudge.class);
    static final String FORMAT = "flowmatch-image-judge";

    /** Training images a class whose features are kept for the floor. */
    public static final int FLOOR_PER_CLASS = 200;

    /** Random draws of real training features the floor averages. */
    public static final int FLOOR_DRAWS = 5;

    /** Images a pass evaluates at once. */
    private static final int CHUNK = 250;

    private final ClassifierArchitecture architecture;
    private final INDArray parameters;
    private final double testAccuracy;
    private final FrechetDistance.Moments reference;
    private final float[] floorFeatures;
    private final int[] floorLabels;
    private final Map<String, String> provenance;

    private ImageJudge(ClassifierArchitecture architecture, INDArray parameters, double testAccuracy,
            FrechetDistance.Moments reference, float[] floorFeatures, int[] floorLabels,
            Map<String, String> provenance) {
        this.architecture = architecture;
        this.parameters = parameters;
        this.testAccuracy = testAccuracy;
        this.reference = reference;
        this.floorFeatures = floorFeatures;
        this.floorLabels = floorLabels;
        this.provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    /** A builder: 2 epochs of batch 64, Adam lr 1e-3 cosine-decayed to 10%, seed 1, one thread. */
    public static Builder builder() {
        return new Builder();
    }

    /** The classifier's shape. */
    public ClassifierArchitecture architecture() {
        return architecture;
    }

    /** The fraction of the real test images the classifier labels correctly. */
    public double testAccuracy() {
        return testAccuracy;
    }

    /** How the judge was made: the classifier's recipe, the data and what was measured. */
    public Map<String, String> provenance() {
        return provenance;
    }

    /**
     * The judgement of a set of images.
     *
     * @param count    images scored
     * @param accuracy fraction labelled as the class they were generated for
     * @param perClass that fraction for each class (NaN for a class with no image)
     * @param frechet  Frechet distance of their features to the real test images' features
     * @param floor    the same distance for real training images of the same class counts
     */
    public record Score(int count, double accuracy, double[] perClass, double frechet, double floor) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "accuracy %.3f, Frechet distance %.2f (floor %.2f, real train vs test) "
                    + "on %d images", accuracy, frechet, floor, count);
        }
    }

    /**
     * Scores {@code images} ({@code [n, height * width]}, pixels near [-1, 1]) generated for
     * {@code labels}, on one thread.
     *
     * @throws IllegalArgumentException for shapes that do not fit, a label out of range, or
     *                                  fewer than 2 images
     */
    public Score score(INDArray images, int[] labels) {
        return score(images, labels, 1);
    }

    /** As {@link #score(INDArray, int[])}, with {@code threads} threads computing features. */
    public Score score(INDArray images, int[] labels, int threads) {
        int n = labels.length;
        check(images, n);
        for (int y : labels) {
            if (y < 0 || y >= architecture.classes()) {
                throw new IllegalArgumentException("label " + y + " is outside [0, " + architecture.classes() + ")");
            }
        }
        float[] pixels = images.dup('c').castTo(DataType.FLOAT).data().asFloat();
        int f = architecture.features();
        float[] features = new float[n * f];
        int[] predicted = new int[n];
        evaluate(pixels, n, features, predicted, threads);
        int c = architecture.classes();
        int[] right = new int[c];
        int[] counts = new int[c];
        int total = 0;
        for (int i = 0; i < n; i++) {
            counts[labels[i]]++;
            if (predicted[i] == labels[i]) {
                right[labels[i]]++;
                total++;
            }
        }
        double[] perClass = new double[c];
        for (int k = 0; k < c; k++) {
            perClass[k] = counts[k] == 0 ? Double.NaN : right[k] / (double) counts[k];
        }
        double frechet = FrechetDistance.between(FrechetDistance.Moments.of(features, n, f), reference);
        return new Score(n, total / (double) n, perClass, frechet, floor(counts));
    }

    /**
     * The mean Frechet distance of {@value #FLOOR_DRAWS} draws of real training features with
     * the given class counts (without replacement while a class has enough kept features, with
     * replacement beyond) to the test features.
     */
    private double floor(int[] counts) {
        int f = architecture.features();
        int c = architecture.classes();
        int[][] byClass = new int[c][];
        int[] have = new int[c];
        for (int y : floorLabels) {
            have[y]++;
        }
        for (int k = 0; k < c; k++) {
            byClass[k] = new int[have[k]];
            have[k] = 0;
        }
        for (int i = 0; i < floorLabels.length; i++) {
            byClass[floorLabels[i]][have[floorLabels[i]]++] = i;
        }
        int n = Arrays.stream(counts).sum();
        SplittableRandom rng = new SplittableRandom(20240601L);
        double sum = 0;
        for (int draw = 0; draw < FLOOR_DRAWS; draw++) {
            float[] chosen = new float[n * f];
            int at = 0;
            for (int k = 0; k < c; k++) {
                int[] pool = byClass[k].clone();
                if (counts[k] > 0 && pool.length == 0) {
                    throw new IllegalStateException("the judge kept no training image of class " + k);
                }
                for (int j = 0; j < counts[k]; j++) {
                    int pick;
                    if (j < pool.length) {
                        int r = j + rng.nextInt(pool.length - j);
                        pick = pool[r];
                        pool[r] = pool[j];
                        pool[j] = pick;
                    } else {
                        pick = pool[rng.nextInt(pool.length)];
                    }
                    System.arraycopy(floorFeatures, pick * f, chosen, at * f, f);
                    at++;
                }
            }
            sum += FrechetDistance.between(FrechetDistance.Moments.of(chosen, n, f), reference);
        }
        return sum / FLOOR_DRAWS;
    }

    /** The classifier's label for each row of {@code images}. */
    public int[] predict(INDArray images) {
        int n = (int) images.rows();
        check(images, n);
        int[] predicted = new int[n];
        evaluate(images.dup('c').castTo(DataType.FLOAT).data().asFloat(), n, null, predicted, 1);
        return predicted;
    }

    /** The fraction of {@code images} labelled as {@code labels}, with {@code threads} threads. */
    public double accuracy(LabelledImages images, int threads) {
        int n = images.count();
        int[] predicted = new int[n];
        evaluate(images.asMatrix().data().asFloat(), n, null, predicted, threads);
        int right = 0;
        for (int i = 0; i < n; i++) {
            if (predicted[i] == images.label(i)) {
                right++;
            }
        }
        return right / (double) n;
    }

    private void check(INDArray images, int n) {
        if (images.rank() != 2 || images.rows() != n || images.columns() != architecture.dimension()) {
            throw new IllegalArgumentException("expected " + n + " images of " + architecture.dimension()
                    + " pixels, got shape " + Arrays.toString(images.shape()));
        }
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 images to score, got " + n);
        }
    }

    /** Features (if not null) and predicted labels of {@code n} images, in chunks shared by threads. */
    private void evaluate(float[] pixels, int n, float[] features, int[] predicted, int threads) {
        evaluate(architecture, parameters, pixels, n, features, predicted, threads);
    }

    static void evaluate(ClassifierArchitecture architecture, INDArray parameters, float[] pixels, int n,
            float[] features, int[] predicted, int threads) {
        int f = architecture.features();
        int c = architecture.classes();
        // fixed chunks, whichever thread runs them: the products, and so the bits, do not depend on threads
        int chunks = (n + CHUNK - 1) / CHUNK;
        try (PartRunner runner = new PartRunner(Math.max(1, Math.min(threads, chunks)), "flowmatch-judge-eval")) {
            runner.run(chunks, chunk -> {
                int start = chunk * CHUNK;
                int rows = Math.min(CHUNK, n - start);
                ClassifierPass pass = new ClassifierPass(architecture, parameters, rows);
                pass.forward(pixels, start);
                float[] logits = pass.logits();
                for (int i = 0; i < rows; i++) {
                    int best = 0;
                    for (int k = 1; k < c; k++) {
                        if (logits[i * c + k] > logits[i * c + best]) {
                            best = k;
                        }
                    }
                    predicted[start + i] = best;
                }
                if (features != null) {
                    System.arraycopy(pass.features(), 0, features, start * f, rows * f);
                }
            });
        }
    }

    /**
     * Writes the judge (classifier, test accuracy, reference statistics, floor features) to
     * {@code path}, atomically.
     *
     * @throws java.io.UncheckedIOException if the file cannot be written
     */
    public void save(Path path) {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("format", FORMAT);
        header.put("library.version", FlowModel.LIBRARY_VERSION);
        header.put("model.architecture", architecture.toString());
        header.put("model.parameter_count", Long.toString(architecture.parameterCount()));
        header.put("test_accuracy", Double.toString(testAccuracy));
        header.put("reference.count", Integer.toString(reference.count()));
        provenance.forEach((k, v) -> header.put("provenance." + k, v));
        int f = architecture.features();
        float[] mean = new float[f];
        float[] cov = new float[f * f];
        for (int i = 0; i < f; i++) {
            mean[i] = (float) reference.mean()[i];
            for (int j = 0; j < f; j++) {
                cov[i * f + j] = (float) reference.covariance()[i][j];
            }
        }
        float[] labels = new float[floorLabels.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = floorLabels[i];
        }
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put("parameters", parameters.toFloatVector());
        arrays.put("reference_mean", mean);
        arrays.put("reference_covariance", cov);
        arrays.put("floor_features", floorFeatures);
        arrays.put("floor_labels", labels);
        new ModelFile(header, arrays).write(path);
    }

    /**
     * Reads a judge written by {@link #save(Path)}. The reference covariance is stored in
     * float32, so a loaded judge's distances agree with the saved one's to float rounding.
     *
     * @throws java.io.UncheckedIOException if the file cannot be read
     * @throws ModelFormatException         if it is not a valid judge file
     */
    public static ImageJudge load(Path path) {
        String name = path.toString();
        ModelFile file = ModelFile.read(path);
        Map<String, String> h = file.header();
        if (!FORMAT.equals(h.get("format"))) {
            throw new ModelFormatException(name + " is not a flowmatch image judge (format=" + h.get("format") + ")");
        }
        ClassifierArchitecture architecture;
        double accuracy;
        int count;
        try {
            architecture = ClassifierArchitecture.parse(required(h, "model.architecture", name));
            accuracy = Double.parseDouble(required(h, "test_accuracy", name));
            count = Integer.parseInt(required(h, "reference.count", name));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name + " has an invalid header: " + e.getMessage(), e);
        }
        int f = architecture.features();
        float[] parameters = array(file, "parameters", architecture.parameterCount(), name);
        float[] mean = array(file, "reference_mean", f, name);
        float[] cov = array(file, "reference_covariance", (long) f * f, name);
        float[] floorLabelValues = file.arrays().get("floor_labels");
        if (floorLabelValues == null) {
            throw new ModelFormatException(name + " has no 'floor_labels'");
        }
        float[] floor = array(file, "floor_features", (long) floorLabelValues.length * f, name);
        int[] floorLabels = new int[floorLabelValues.length];
        for (int i = 0; i < floorLabels.length; i++) {
            float v = floorLabelValues[i];
            if (!(v >= 0 && v < architecture.classes()) || v != Math.rint(v)) {
                throw new ModelFormatException(name + " has an invalid floor label " + v);
            }
            floorLabels[i] = (int) v;
        }
        double[] m = new double[f];
        double[][] c = new double[f][f];
        for (int i = 0; i < f; i++) {
            m[i] = mean[i];
            for (int j = 0; j < f; j++) {
                c[i][j] = cov[i * f + j];
            }
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        h.forEach((k, v) -> {
            if (k.startsWith("provenance.")) {
                provenance.put(k.substring("provenance.".length()), v);
            }
        });
        INDArray params = Nd4j.createFromArray(parameters);
        if (params.isNaN().any() || params.isInfinite().any()) {
            throw new ModelFormatException(name + " has parameters that are not finite");
        }
        return new ImageJudge(architecture, params, accuracy, new FrechetDistance.Moments(m, c, count), floor,
                floorLabels, provenance);
    }

    private static float[] array(ModelFile file, String key, long expected, String name) {
        float[] values = file.arrays().get(key);
        if (values == null) {
            throw new ModelFormatException(name + " has no '" + key + "'");
        }
        if (values.length != expected) {
            throw new ModelFormatException(name + " has " + values.length + " values in '" + key + "', expected "
                    + expected);
        }
        return values;
    }

    private static String required(Map<String, String> h, String key, String name) {
        String v = h.get(key);
        if (v == null) {
            throw new ModelFormatException(name + " has no '" + key + "' in its header");
        }
        return v;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ImageJudge(%s, test accuracy %.4f)", architecture, testAccuracy);
    }

    /**
     * Trains a judge: the classifier on the training images through the shared loop, then its
     * accuracy and features on the test images, and the floor features of the training images.
     * Each setter checks its argument at once.
     */
    public static final class Builder {
        private LabelledImages train;
        private LabelledImages test;
        private ClassifierArchitecture architecture;
        private double epochs = 2;
        private int batchSize = 64;
        private double learningRate = 1e-3;
        private long seed = 1L;
        private int threads = 1;
        private final TrainingRun run = new TrainingRun();

        private Builder() {
        }

        /** The labelled images the classifier learns from (required). */
        public Builder train(LabelledImages images) {
            if (images == null) {
                throw new IllegalArgumentException("training images must not be null");
            }
            this.train = images;
            return this;
        }

        /** The real images the classifier is tested on and samples are compared with (required). */
        public Builder test(LabelledImages images) {
            if (images == null || images.count() < 2) {
                throw new IllegalArgumentException("test images must hold at least 2 images");
            }
            this.test = images;
            return this;
        }

        /** The classifier's shape; default {@link ClassifierArchitecture#defaults}. */
        public Builder architecture(ClassifierArchitecture value) {
            if (value == null) {
                throw new IllegalArgumentException("architecture must not be null");
            }
            this.architecture = value;
            return this;
        }

        /** Passes over the training images (may be fractional), positive; default 2. */
        public Builder epochs(double value) {
            if (!(value > 0) || !Double.isFinite(value)) {
                throw new IllegalArgumentException("epochs must be positive, got " + value);
            }
            this.epochs = value;
            return this;
        }

        /** Images per step, at least 2; default 64. */
        public Builder batchSize(int value) {
            if (value < 2) {
                throw new IllegalArgumentException("batch size must be at least 2, got " + value);
            }
            this.batchSize = value;
            return this;
        }

        /** Adam's peak learning rate, positive; default 1e-3. */
        public Builder learningRate(double value) {
            if (!(value > 0) || !Double.isFinite(value)) {
                throw new IllegalArgumentException("learning rate must be positive and finite, got " + value);
            }
            this.learningRate = value;
            return this;
        }

        /** The seed of the initial weights and the batches; default 1. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Threads sharing each batch (in 2 parts) and the evaluation; default 1; results do not depend on it. */
        public Builder threads(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("threads must be positive, got " + value);
            }
            this.threads = value;
            return this;
        }

        /** Adds a listener to the classifier's training (progress, early stopping). */
        public Builder listener(TrainingListener listener) {
            run.listener(listener);
            return this;
        }

        /**
         * Trains and measures the judge.
         *
         * @throws IllegalStateException    if training or test images are missing
         * @throws IllegalArgumentException if the images do not fit the architecture or each other
         */
        public ImageJudge build() {
            if (train == null || test == null) {
                throw new IllegalStateException("a judge needs train(...) and test(...) images");
            }
            ClassifierArchitecture arch = architecture != null ? architecture
                    : ClassifierArchitecture.defaults(train.height(), train.width(), train.classes());
            for (LabelledImages set : new LabelledImages[] {train, test}) {
                if (set.height() != arch.height() || set.width() != arch.width() || set.classes() > arch.classes()) {
                    throw new IllegalArgumentException(arch + " does not fit " + set);
                }
            }
            long iterations = Math.max(1, Math.round(epochs * train.count() / batchSize));
            TrainingConfig config = TrainingConfig.builder().iterations(iterations).batchSize(batchSize)
                    .learningRate(learningRate).schedule(LearningRateSchedules.cosine(0.1)).seed(seed)
                    .logEvery(Math.max(1, iterations / 10)).build();
            INDArray parameters = initialise(arch, seed);
            TrainingResult result;
            long start = System.nanoTime();
            try (ClassifierObjective objective = new ClassifierObjective(arch, parameters, train, batchSize, 2,
                    threads)) {
                LOG.info("training the judge {} ({} parameters) on {}: {} steps of {}", arch, arch.parameterCount(),
                        train, iterations, batchSize);
                result = run.run(new TrainingSession(config, objective, 0L));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            ImageJudge partial = new ImageJudge(arch, parameters, Double.NaN, null, new float[0], new int[0],
                    Map.of());
            double accuracy = partial.accuracy(test, threads);
            int f = arch.features();
            float[] testFeatures = new float[test.count() * f];
            evaluate(arch, parameters, test.asMatrix().data().asFloat(), test.count(), testFeatures,
                    new int[test.count()], threads);
            FrechetDistance.Moments reference = FrechetDistance.Moments.of(testFeatures, test.count(), f);
            // the floor's real images: the first FLOOR_PER_CLASS training images of each class
            int[] taken = new int[arch.classes()];
            int[] chosen = new int[FLOOR_PER_CLASS * arch.classes()];
            int m = 0;
            for (int i = 0; i < train.count() && m < chosen.length; i++) {
                if (taken[train.label(i)]++ < FLOOR_PER_CLASS) {
                    chosen[m++] = i;
                }
            }
            int d = arch.dimension();
            float[] pixels = new float[m * d];
            int[] floorLabels = new int[m];
            for (int j = 0; j < m; j++) {
                System.arraycopy(train.image(chosen[j]), 0, pixels, j * d, d);
                floorLabels[j] = train.label(chosen[j]);
            }
            float[] floorFeatures = new float[m * f];
            evaluate(arch, parameters, pixels, m, floorFeatures, new int[m], threads);
            Map<String, String> provenance = new LinkedHashMap<>(config.toMap());
            provenance.put("model", arch.toString());
            provenance.put("data", train.toString());
            provenance.put("test_data", test.toString());
            provenance.put("final_loss", Double.toString(result.meanFinalLoss()));
            provenance.put("train_seconds", String.format(Locale.ROOT, "%.3f", seconds));
            LOG.info("judge trained in {} s: test accuracy {}", String.format(Locale.ROOT, "%.1f", seconds),
                    String.format(Locale.ROOT, "%.4f", accuracy));
            return new ImageJudge(arch, parameters, accuracy, reference, floorFeatures, floorLabels, provenance);
        }

        /** PyTorch's default initialisation: uniform in +-1/sqrt(fan_in) for weights and biases. */
        private static INDArray initialise(ClassifierArchitecture a, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            float[] values = new float[Math.toIntExact(a.parameterCount())];
            int i = 0;
            for (int[] c : a.convolutions()) {
                double bound = 1 / Math.sqrt(9.0 * c[0]);
                for (int j = 0; j < 9 * c[0] * c[1] + c[1]; j++) {
                    values[i++] = (float) rng.nextDouble(-bound, bound);
                }
            }
            double bound1 = 1 / Math.sqrt(a.flat());
            for (int j = 0; j < a.flat() * a.features() + a.features(); j++) {
                values[i++] = (float) rng.nextDouble(-bound1, bound1);
            }
            double bound2 = 1 / Math.sqrt(a.features());
            while (i < values.length) {
                values[i++] = (float) rng.nextDouble(-bound2, bound2);
            }
            return Nd4j.createFromArray(values);
        }
    }
}
