package io.flowmatch.image;

import io.flowmatch.core.train.LearningRateSchedules;
import io.flowmatch.core.train.TrainingConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
public final class ImageRecipe {

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

    private final TrainingConfig training;
    private final UNetArchitecture architecture;
    private final double labelDropout;
    private final int batchSplit;

    private ImageRecipe(TrainingConfig training, UNetArchitecture architecture, double labelDropout, int batchSplit) {
        this.training = training;
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
        checkLabelDropout(labelDropout);
        checkBatchSplit(batchSplit);
        if (batchSplit > training.batchSize()) {
            throw new IllegalArgumentException("cannot split a batch of " + training.batchSize() + " into "
                    + batchSplit + " parts");
        }
        return new ImageRecipe(training, architecture, labelDropout, batchSplit);
    }

    static void checkLabelDropout(double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException("label dropout must be in [0, 1), got " + value);
        }
    }

    static void checkBatchSplit(int value) {
        if (value < 1 || value > 64) {
            throw new IllegalArgumentException("batch split must be in [1, 64], got " + value);
        }
    }

    /** The shared loop's settings. */
    public TrainingConfig training() {
        return training;
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
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model", architecture.toString());
        m.put("label_dropout", Double.toString(labelDropout));
        m.put("batch_split", Integer.toString(batchSplit));
        m.putAll(training.toMap());
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
        if (map == null) {
            throw new IllegalArgumentException("recipe map must not be null");
        }
        Set<String> unknown = new LinkedHashSet<>(map.keySet());
        unknown.removeAll(FLOW_KEYS);
        unknown.removeAll(TrainingConfig.KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown image recipe key" + (unknown.size() > 1 ? "s " : " ") + unknown
                    + "; known keys are " + FLOW_KEYS + " and " + TrainingConfig.KEYS);
        }
        String model = map.get("model");
        if (model == null) {
            throw new IllegalArgumentException("an image recipe needs its 'model' (the U-Net architecture)");
        }
        Map<String, String> loop = new LinkedHashMap<>(DEFAULT_TRAINING.toMap());
        TrainingConfig.KEYS.forEach(k -> {
            if (map.containsKey(k)) {
                loop.put(k, map.get(k));
            }
        });
        TrainingConfig training = TrainingConfig.fromMap(loop);
        UNetArchitecture architecture = read("model", model, UNetArchitecture::parse);
        double dropout = read("label_dropout", map.getOrDefault("label_dropout", Double.toString(DEFAULT_LABEL_DROPOUT)),
                v -> Double.parseDouble(v.trim()));
        int split = read("batch_split", map.getOrDefault("batch_split", Integer.toString(DEFAULT_BATCH_SPLIT)),
                v -> Integer.parseInt(v.trim()));
        try {
            return of(training, architecture, dropout, split);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad image recipe: " + e.getMessage(), e);
        }
    }

    private static <T> T read(String key, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad image recipe " + key + " '" + value + "': " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageRecipe other && toMap().equals(other.toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return "ImageRecipe" + toMap();
    }
}
