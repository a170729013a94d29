package io.flowmatch.image;

import io.flowmatch.core.model.GuidedField;
import io.flowmatch.solvers.OdeSolver;
import io.flowmatch.solvers.Solvers;
import io.flowmatch.solvers.StepHandler;
import io.flowmatch.solvers.TimeGrid;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trained class-conditional image flow: draws images of chosen classes by integrating the
 * classifier-free-guided field ({@link GuidedField}) from standard normal noise at t = 0 to t = 1.
 * Images come back flattened, {@code [n, height * width]}, pixels near [-1, 1] (the training
 * scaling). Sampling uses the weight average when the run kept one.
 *
 * <p>Immutable. {@link #save(Path)} writes it to a checked model file (format
 * {@code flowmatch-image-model}, see {@link ImageModelFile}); {@link #load(Path)} reads it back,
 * and the loaded model samples bit-identically for the same seed.
 *
 * <p>Images are integrated in chunks of {@value #CHUNK}, each chunk's noise drawn from the seed
 * in order; chunks are independent, so {@link #withThreads(int)} runs several at once with the
 * same results bit for bit.
 */
public final class ImageFlowModel {

    private static final Logger LOG = LoggerFactory.getLogger(ImageFlowModel.class);

    /** Images integrated together; larger requests are split into chunks of this many. */
    public static final int CHUNK = 100;

    private final UNetVelocityModel trained;
    private final UNetVelocityModel averaged;
    private final ImageRecipe recipe;
    private final Map<String, String> provenance;
    private final int threads;

    private ImageFlowModel(UNetVelocityModel trained, UNetVelocityModel averaged, ImageRecipe recipe,
            Map<String, String> provenance, int threads) {
        this.trained = trained;
        this.averaged = averaged;
        this.recipe = recipe;
        this.provenance = provenance;
        this.threads = threads;
    }

    /**
     * A model from its parts.
     *
     * @param trained    the last weights of training
     * @param averaged   the weight average to sample from, or null to sample from {@code trained}
     * @param recipe     the recipe it was trained with; its architecture must be the models'
     * @param provenance what the run was: the recipe's text form and what the run measured
     *                   (copied; single-line values)
     * @throws IllegalArgumentException for a null part or models of another architecture
     */
    public static ImageFlowModel of(UNetVelocityModel trained, UNetVelocityModel averaged, ImageRecipe recipe,
            Map<String, String> provenance) {
        if (trained == null || recipe == null || provenance == null) {
            throw new IllegalArgumentException("trained model, recipe and provenance must not be null");
        }
        if (!trained.architecture().equals(recipe.architecture())
                || (averaged != null && !averaged.architecture().equals(recipe.architecture()))) {
            throw new IllegalArgumentException("the models' architecture differs from the recipe's "
                    + recipe.architecture());
        }
        Map<String, String> copy = new LinkedHashMap<>();
        provenance.forEach((k, v) -> copy.put(k, v.replace('\n', ' ').replace('\r', ' ')));
        return new ImageFlowModel(trained, averaged, recipe, Collections.unmodifiableMap(copy), 1);
    }

    /**
     * The same model, sampling with {@code threads} chunks of images integrated at once (the
     * results do not change).
     *
     * @throws IllegalArgumentException if {@code threads} is not positive
     */
    public ImageFlowModel withThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        return new ImageFlowModel(trained, averaged, recipe, provenance, threads);
    }

    /**
     * Saves the model (architecture, last weights, weight average, recipe and provenance) to
     * {@code path}, atomically.
     *
     * @throws java.io.UncheckedIOException if the file cannot be written
     */
    public void save(Path path) {
        ImageModelFile.write(this, path);
    }

    /**
     * Loads a model saved by {@link #save(Path)}.
     *
     * @throws java.io.UncheckedIOException              if the file cannot be read
     * @throws io.flowmatch.core.io.ModelFormatException if it is not a valid image model file
     */
    public static ImageFlowModel load(Path path) {
        return ImageModelFile.read(path);
    }

    /** The velocity network sampling uses: the weight average if there is one, else the last weights. */
    public UNetVelocityModel velocityModel() {
        return averaged != null ? averaged : trained;
    }

    /** The last weights of training. */
    public UNetVelocityModel trainedVelocityModel() {
        return trained;
    }

    /** Whether sampling uses a weight average. */
    public boolean usesWeightAverage() {
        return averaged != null;
    }

    /** The network's shape (image size and number of classes). */
    public UNetArchitecture architecture() {
        return recipe.architecture();
    }

    /** The recipe the model was trained with. */
    public ImageRecipe recipe() {
        return recipe;
    }

    /** What the run was: the recipe's text form, the data and what the run measured. */
    public Map<String, String> provenance() {
        return provenance;
    }

    /** Chunks integrated at once by {@link #sample}. */
    public int threads() {
        return threads;
    }

    /**
     * Samples one image per label with Euler steps, as the article does.
     *
     * @param labels   the class of each image, each in [0, classes)
     * @param guidance the guidance scale w (0 unconditional, 1 conditional, &gt; 1 stronger)
     * @param steps    Euler steps from t = 0 to 1, at least 1
     * @param seed     the seed of the starting noise
     * @return float32 {@code [labels.length, height * width]}
     */
    public INDArray sample(int[] labels, double guidance, int steps, long seed) {
        return sample(labels, guidance, Solvers.euler(), steps, seed, null);
    }

    /**
     * Samples one image per label with the given solver, logging progress every tenth of the
     * steps; if {@code frames} is not null, the state after every step (all images, a copy) is
     * added to it, the starting noise first.
     *
     * @throws IllegalArgumentException for no labels, a label out of range, non-finite guidance
     *                                  or fewer than one step
     */
    public INDArray sample(int[] labels, double guidance, OdeSolver solver, int steps, long seed,
            List<INDArray> frames) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be positive, got " + steps);
        }
        if (labels.length < 1) {
            throw new IllegalArgumentException("need at least one label");
        }
        if (!Double.isFinite(guidance)) {
            throw new IllegalArgumentException("guidance scale must be finite, got " + guidance);
        }
        for (int label : labels) {
            if (label < 0 || label >= architecture().classes()) {
                throw new IllegalArgumentException("label " + label + " is outside [0, " + architecture().classes()
                        + ")");
            }
        }
        UNetVelocityModel model = velocityModel();
        int n = labels.length;
        int d = architecture().dimension();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] noise = new float[Math.multiplyExact(n, d)];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) rng.nextGaussian();
        }
        INDArray x = Nd4j.create(noise, new long[] {n, d}, 'c');
        int chunks = (n + CHUNK - 1) / CHUNK;
        List<List<INDArray>> chunkFrames = new ArrayList<>();
        INDArray[] results = new INDArray[chunks];
        long start = System.nanoTime();
        List<Runnable> work = new ArrayList<>();
        for (int c = 0; c < chunks; c++) {
            int from = c * CHUNK;
            int to = Math.min(n, from + CHUNK);
            int[] chunkLabels = Arrays.copyOfRange(labels, from, to);
            INDArray state = x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup('c');
            List<INDArray> mine = new ArrayList<>();
            chunkFrames.add(mine);
            int index = c;
            work.add(() -> {
                GuidedField field = new GuidedField(model, chunkLabels, guidance);
                solver.integrate(field, state, TimeGrid.uniform(0, 1, steps), new StepHandler() {
                    @Override
                    public void init(double t0, INDArray s) {
                        if (frames != null) {
                            mine.add(s.dup('c'));
                        }
                    }

                    @Override
                    public Action handleStep(int step, double t, INDArray s) {
                        if (frames != null) {
                            mine.add(s.dup('c'));
                        }
                        if (step % Math.max(1, steps / 10) == 0 || step == steps) {
                            LOG.info("sampling images {}-{} of {}: step {}/{} (t = {}), {} s", from + 1, to, n, step,
                                    steps, String.format("%.2f", t),
                                    String.format("%.1f", (System.nanoTime() - start) / 1e9));
                        }
                        return Action.CONTINUE;
                    }
                });
                results[index] = state;
            });
        }
        try (PartRunner runner = new PartRunner(Math.min(threads, chunks), "flowmatch-image-sample")) {
            runner.run(chunks, c -> work.get(c).run());
        }
        for (int c = 0; c < chunks; c++) {
            int from = c * CHUNK;
            x.get(NDArrayIndex.interval(from, Math.min(n, from + CHUNK)), NDArrayIndex.all()).assign(results[c]);
        }
        if (frames != null) {
            for (int k = 0; k < chunkFrames.get(0).size(); k++) {
                List<INDArray> parts = new ArrayList<>();
                for (List<INDArray> c : chunkFrames) {
                    parts.add(c.get(k));
                }
                frames.add(parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(new INDArray[0])));
            }
        }
        return x.dataType() == DataType.FLOAT ? x : x.castTo(DataType.FLOAT);
    }

    /**
     * Labels for a grid with one row per class and {@code perClass} columns: row-major, class c
     * for cells {@code c * perClass .. (c + 1) * perClass - 1}.
     */
    public int[] gridLabels(int perClass) {
        if (perClass < 1) {
            throw new IllegalArgumentException("samples per class must be positive, got " + perClass);
        }
        int[] labels = new int[Math.multiplyExact(architecture().classes(), perClass)];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i / perClass;
        }
        return labels;
    }

    @Override
    public String toString() {
        return "ImageFlowModel(" + architecture() + (averaged != null ? ", weight average" : "") + ")";
    }
}
