package io.flowmatch.image;

import io.flowmatch.core.Recipe;
import io.flowmatch.core.internal.RecipeText;
import io.flowmatch.core.train.LearningRateSchedules;
import io.flowmatch.core.train.TrainingConfig;
import io.flowmatch.core.train.TrainingRecipe;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that defines a class-conditional image flow run, in one immutable value: the
 * U-Net's shape, the probability of dropping a label to the null label, how many equal parts a
 * batch's gradient is computed in, and the shared loop's settings ({@link TrainingConfig}: steps,
 * batch, seed, optimizer, schedule, clipping, weight average, divergence policy). The images are
 * not part of it: a recipe is applied to a training set.
 *
 * <p>{@link #toMap()} is its text form, read back by {@link #fromMap(Map)} into an equal recipe.
 * The trained model's provenance, the checkpoint fingerprint and the model file's header are
 * derived from it.
 *
 * <p>The default loop settings ({@link #DEFAULT_TRAINING}) are those of the Fashion-MNIST
 * flow-matching article's recipe as this library runs it: 3000 steps of batch 32, Adam with
 * learning rate 3e-3 decayed by a cosine to 5%, a weight average with decay 0.998 that sampling
 * uses, seed 42.
 */
public final class ImageRecipe extends TrainingRecipe {

    /** The loop's defaults for image flows. */
    public static final TrainingConfig DEFAULT_TRAINING = TrainingConfig.builder()
            .iterations(3_000)
            .batchSize(32)
            .learningRate(3e-3)
            .schedule(LearningRateSchedules.cosine(0.05))
            .ema(0.998)
            .seed(42L)
            .logEvery(100)
            .build();

    /** The default probability of training a row on the null label. */
    public static final double DEFAULT_LABEL_DROPOUT = 0.1;

    /**
     * The default number of parts a batch's gradient is computed in: 2, so that two threads can
     * share a step and one thread computes the very same numbers.
     */
    public static final int DEFAULT_BATCH_SPLIT = 2;

    /** The keys of the image flow's own settings in {@link #toMap()}, before the loop's ({@link TrainingConfig#KEYS}). */
    public static final List<String> FLOW_KEYS = List.of("model", "label_dropout", "batch_split");

    private final UNetArchitecture architecture;
    private final double labelDropout;
    private final int batchSplit;

    private ImageRecipe(TrainingConfig training, UNetArchitecture architecture, double labelDropout, int batchSplit) {
        super(training);
        this.architecture = architecture;
        this.labelDropout = labelDropout;
        this.batchSplit = batchSplit;
    }

    /**
     * A recipe.
     *
     * @param training     the loop's settings
     * @param architecture the U-Net
     * @param labelDropout probability in [0, 1) of replacing a label by the null label in training
     * @param batchSplit   the number of equal parts (at most the batch size) each batch's loss and
     *                     gradient are computed in and then summed in order; threads run parts in
     *                     parallel, so results depend on this number but not on the threads
     * @throws IllegalArgumentException for a null part or a value out of range
     */
    public static ImageRecipe of(TrainingConfig training, UNetArchitecture architecture, double labelDropout,
            int batchSplit) {
        if (training == null || architecture == null) {
            throw new IllegalArgumentException("training settings and architecture must not be null");
        }
        Recipe.checkLabelDropout(labelDropout);
        checkBatchSplit(batchSplit);
        if (batchSplit > training.batchSize()) {
            throw new IllegalArgumentException("cannot split a batch of " + training.batchSize() + " into "
                    + batchSplit + " parts");
        }
        return new ImageRecipe(training, architecture, labelDropout, batchSplit);
    }

    static void checkBatchSplit(int value) {
        if (value < 1 || value > 64) {
            throw new IllegalArgumentException("batch split must be in [1, 64], got " + value);
        }
    }

    /** The U-Net's shape. */
    public UNetArchitecture architecture() {
        return architecture;
    }

    /** The probability of training a row on the null label. */
    public double labelDropout() {
        return labelDropout;
    }

    /** The number of parts a batch's gradient is computed in. */
    public int batchSplit() {
        return batchSplit;
    }

    /**
     * The text form: {@code model} (the architecture as {@link UNetArchitecture#toString()}),
     * {@code label_dropout}, {@code batch_split}, then the loop's settings under
     * {@link TrainingConfig#KEYS}. Values are single-line.
     */
    @Override
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model", architecture.toString());
        m.put("label_dropout", Double.toString(labelDropout));
        m.put("batch_split", Integer.toString(batchSplit));
        m.putAll(training().toMap());
        return Collections.unmodifiableMap(m);
    }

    /**
     * The recipe whose {@link #toMap()} is {@code map}. {@code model} is required; other absent
     * keys take the image defaults ({@link #DEFAULT_TRAINING}, {@link #DEFAULT_LABEL_DROPOUT},
     * {@link #DEFAULT_BATCH_SPLIT}); a key that is neither in {@link #FLOW_KEYS} nor in
     * {@link TrainingConfig#KEYS} is an error.
     *
     * @throws IllegalArgumentException naming the unknown or missing key, or the key and value
     *                                  that cannot be read
     */
    public static ImageRecipe fromMap(Map<String, String> map) {
        RecipeText.requireKnownKeys(map, "image recipe", FLOW_KEYS, TrainingConfig.KEYS);
        String model = map.get("model");
        if (model == null) {
            throw new IllegalArgumentException("an image recipe needs its 'model' (the U-Net architecture)");
        }
        TrainingConfig training = readTraining(map, DEFAULT_TRAINING);
        UNetArchitecture architecture = RecipeText.read("image recipe", "model", model, UNetArchitecture::parse);
        double dropout = RecipeText.read("image recipe", "label_dropout",
                map.getOrDefault("label_dropout", Double.toString(DEFAULT_LABEL_DROPOUT)), v -> Double.parseDouble(v.trim()));
        int split = RecipeText.read("image recipe", "batch_split",
                map.getOrDefault("batch_split", Integer.toString(DEFAULT_BATCH_SPLIT)), v -> Integer.parseInt(v.trim()));
        try {
            return of(training, architecture, dropout, split);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad image recipe: " + e.getMessage(), e);
        }
    }
}
