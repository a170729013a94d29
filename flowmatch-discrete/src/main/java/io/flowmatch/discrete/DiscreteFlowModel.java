package io.flowmatch.discrete;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A trained discrete flow: a {@link PosteriorModel} with the source and the scheduler of the
 * mixture path it was trained on. It samples token sequences with the discrete Euler method
 * ({@link DiscreteSampler}), saves to and loads from a model file, and names how it was made
 * ({@link #provenance()}). Immutable and safe to share between threads; every call makes its own
 * buffers.
 *
 * <pre>{@code
 * DiscreteFlowModel d = DiscreteFlowMatcher.builder().data(tokens, 128).source(DiscreteSources.mask())
 *         .iterations(5_000).batchSize(256).seed(1L).train();
 * int[][] s = d.sample(100_000, 64, 7L);   // n x L tokens in [0, 128)
 * d.save(path);
 * DiscreteFlowModel again = DiscreteFlowModel.load(path);   // samples bit-identically for the same seed
 * }</pre>
 */
public final class DiscreteFlowModel {

    /** Sequences sampled together, with one set of buffers; chunk c draws from a generator of (seed, c). */
    public static final int CHUNK_ROWS = 4096;

    private final PosteriorModel trained;
    private final PosteriorModel averaged;
    private final DiscreteSource source;
    private final ConvexScheduler scheduler;
    private final DiscreteRecipe recipe;
    private final Map<String, String> provenance;

    DiscreteFlowModel(PosteriorModel trained, PosteriorModel averaged, DiscreteRecipe recipe, Map<String, String> provenance) {
        this(trained, averaged, recipe.source(), recipe.scheduler(), recipe, provenance);
    }

    private DiscreteFlowModel(PosteriorModel trained, PosteriorModel averaged, DiscreteSource source,
            ConvexScheduler scheduler, DiscreteRecipe recipe, Map<String, String> provenance) {
        DiscreteFlowObjective.checkFits(trained, trained.length(), trained.vocabulary(), source);
        this.trained = trained;
        this.averaged = averaged;
        this.source = source;
        this.scheduler = scheduler;
        this.recipe = recipe;
        this.provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    /**
     * A flow from a posterior network of your own (trained elsewhere, or an exact posterior for
     * tests): it samples with {@code source} and {@code scheduler}; it cannot be saved unless it
     * is a {@link TokenMlp}.
     *
     * @throws IllegalArgumentException for a null argument, or a network whose input alphabet
     *                                  does not fit the source
     */
    public static DiscreteFlowModel of(PosteriorModel model, DiscreteSource source, ConvexScheduler scheduler) {
        if (model == null || source == null || scheduler == null) {
            throw new IllegalArgumentException("model, source and scheduler must not be null");
        }
        DiscreteRecipe recipe = DiscreteRecipe.builder().source(source).scheduler(scheduler)
                .customModel(model.description()).build();
        return new DiscreteFlowModel(model, null, source, scheduler, recipe, recipe.toMap());
    }

    /**
     * {@code n} sequences from the discrete Euler sampler with {@code steps} steps and no
     * corrector; the same seed gives the same sequences.
     *
     * @return {@code n} rows of {@link #length()} tokens in [0, {@link #vocabulary()})
     * @throws IllegalArgumentException for n or steps below 1
     */
    public int[][] sample(int n, int steps, long seed) {
        return sample(n, DiscreteSampler.euler(steps), seed);
    }

    /**
     * {@code n} sequences from {@code sampler}, in chunks of at most {@value #CHUNK_ROWS} rows,
     * chunk c drawing from a generator seeded by ({@code seed}, c).
     *
     * @throws IllegalArgumentException for n below 1 or a null sampler
     */
    public int[][] sample(int n, DiscreteSampler sampler, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("number of samples must be positive, got " + n);
        }
        if (sampler == null) {
            throw new IllegalArgumentException("sampler must not be null");
        }
        int length = length();
        int chunks = (n + CHUNK_ROWS - 1) / CHUNK_ROWS;
        int chunkRows = (n + chunks - 1) / chunks;
        EulerSampling euler = new EulerSampling(posteriorModel(), source, scheduler, sampler, chunkRows);
        int[] state = new int[chunkRows * length];
        int[][] out = new int[n][];
        for (int c = 0, start = 0; start < n; c++, start += chunkRows) {
            int rows = Math.min(chunkRows, n - start);
            euler.sample(new SplittableRandom(chunkSeed(seed, c)), state, rows);
            for (int r = 0; r < rows; r++) {
                out[start + r] = java.util.Arrays.copyOfRange(state, r * length, (r + 1) * length);
            }
        }
        return out;
    }

    static long chunkSeed(long seed, int chunk) {
        long z = seed + 0x9E3779B97F4A7C15L * (chunk + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** L, tokens per sequence. */
    public int length() {
        return trained.length();
    }

    /** V, the data tokens. */
    public int vocabulary() {
        return trained.vocabulary();
    }

    /** The source distribution. */
    public DiscreteSource source() {
        return source;
    }

    /** kappa(t) of the mixture path. */
    public ConvexScheduler scheduler() {
        return scheduler;
    }

    /** The recipe the model was trained with. */
    public DiscreteRecipe recipe() {
        return recipe;
    }

    /** The network sampling uses: the weight average when training kept one, else the trained weights. */
    public PosteriorModel posteriorModel() {
        return averaged != null ? averaged : trained;
    }

    /** The network as training left it (the same as {@link #posteriorModel()} without a weight average). */
    public PosteriorModel trainedPosteriorModel() {
        return trained;
    }

    /** Whether sampling uses an exponential moving average of the weights. */
    public boolean usesWeightAverage() {
        return averaged != null;
    }

    /**
     * How the model was made: the recipe's text form ({@link DiscreteRecipe#toMap()}), the data
     * ({@code data}), and what the run measured ({@code steps_done}, {@code final_loss},
     * {@code train_seconds}, {@code library_version}, ...).
     */
    public Map<String, String> provenance() {
        return provenance;
    }

    /**
     * Writes the model to {@code path} atomically ({@link DiscreteModelFile}).
     *
     * @throws UnsupportedOperationException if the network is not a {@link TokenMlp}
     * @throws java.io.UncheckedIOException  if the file cannot be written
     */
    public void save(Path path) {
        DiscreteModelFile.write(this, path);
    }

    /**
     * Reads a model saved by {@link #save}; it samples bit-identically to the saved one.
     *
     * @throws java.io.UncheckedIOException              if the file cannot be read
     * @throws io.flowmatch.core.io.ModelFormatException if it is not a valid discrete model file
     */
    public static DiscreteFlowModel load(Path path) {
        return DiscreteModelFile.read(path);
    }

    @Override
    public String toString() {
        return "DiscreteFlowModel(" + posteriorModel().description() + ", source=" + source.description() + ", scheduler="
                + scheduler.description() + ")";
    }
}
