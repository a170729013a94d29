package io.flowmatch.discrete;

import io.flowmatch.core.internal.RecipeText;
import io.flowmatch.core.train.Objective;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Discrete flow matching as an {@link Objective} (Gat et al. 2024): each batch draws sequences
 * x1 from the data and times t uniform in [0, 1 - {@value #TIME_MARGIN}), puts every token of x_t
 * at its data value with probability kappa(t) and at a source token otherwise (the mixture
 * path), and scores the posterior network's logits at x_t with the recipe's {@link DiscreteLoss},
 * averaged over the batch and the positions. With the mask source, revealed positions are not
 * scored: their posterior is exactly their token.
 *
 * <p>Every buffer is allocated once, here; a step allocates nothing. The network's parameters
 * are trained in place.
 */
public final class DiscreteFlowObjective implements Objective {

    /** Times are drawn from [0, 1 - TIME_MARGIN), as Meta's examples do: the KL weight is infinite at t = 1. */
    public static final double TIME_MARGIN = 1e-3;

    private final DiscreteRecipe recipe;
    private final PosteriorModel model;
    private final TokenData data;
    private final int batch;
    private final int length;
    private final int vocabulary;
    private final int mask;
    private final PosteriorPass pass;
    private final int[] x1;
    private final int[] xt;
    private final float[] t;
    private final float[] bonus;
    private final float[] gradLogits;

    /**
     * @param recipe the recipe (source, scheduler, loss, batch size)
     * @param model  the network, trained in place; its length, vocabulary and states must fit the data and source
     * @param data   the training sequences
     * @throws IllegalArgumentException for a null argument or a network that does not fit
     */
    DiscreteFlowObjective(DiscreteRecipe recipe, PosteriorModel model, TokenData data) {
        if (recipe == null || model == null || data == null) {
            throw new IllegalArgumentException("recipe, model and data must not be null");
        }
        checkFits(model, data.length(), data.vocabulary(), recipe.source());
        if (model.parameters().dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("training needs FLOAT parameters, got " + model.parameters().dataType());
        }
        this.recipe = recipe;
        this.model = model;
        this.data = data;
        this.batch = recipe.training().batchSize();
        this.length = data.length();
        this.vocabulary = data.vocabulary();
        this.mask = recipe.source().maskToken(vocabulary);
        this.pass = model.newPass(batch);
        this.x1 = new int[Math.multiplyExact(batch, length)];
        this.xt = new int[x1.length];
        this.t = new float[batch];
        this.bonus = new float[batch];
        this.gradLogits = new float[Math.multiplyExact(x1.length, vocabulary)];
    }

    /**
     * The objective of {@code recipe} for {@code model} on {@code sequences}, for a loop of your
     * own ({@link io.flowmatch.core.train.TrainingSession} takes it); {@link DiscreteFlowMatcher}
     * makes one for you.
     *
     * @throws IllegalArgumentException for bad data (see {@link DiscreteFlowMatcher.Builder#data})
     *                                  or a network that does not fit
     */
    public static DiscreteFlowObjective of(DiscreteRecipe recipe, PosteriorModel model, int[][] sequences, int vocabulary) {
        return new DiscreteFlowObjective(recipe, model, TokenData.of(sequences, vocabulary));
    }

    /** Checks that {@code model} reads and predicts sequences of this shape from this source. */
    static void checkFits(PosteriorModel model, int length, int vocabulary, DiscreteSource source) {
        if (model.length() != length || model.vocabulary() != vocabulary || model.states() != source.states(vocabulary)) {
            throw new IllegalArgumentException("the network (length " + model.length() + ", vocabulary " + model.vocabulary()
                    + ", states " + model.states() + ") does not fit sequences of length " + length + " over "
                    + vocabulary + " tokens from the " + source.description() + " source (states "
                    + source.states(vocabulary) + ")");
        }
    }

    @Override
    public INDArray parameters() {
        return model.parameters();
    }

    /** The network being trained. */
    public PosteriorModel model() {
        return model;
    }

    @Override
    public double lossAndGradient(SplittableRandom rng, INDArray gradient) {
        data.sample(rng, x1, batch);
        ConvexScheduler scheduler = recipe.scheduler();
        DiscreteSource source = recipe.source();
        for (int r = 0; r < batch; r++) {
            t[r] = (float) (rng.nextDouble() * (1 - TIME_MARGIN));
            double kappa = scheduler.kappa(t[r]);
            bonus[r] = (float) source.ownTokenBonus(kappa, vocabulary);
            for (int i = r * length; i < (r + 1) * length; i++) {
                xt[i] = rng.nextDouble() < kappa ? x1[i] : source.sample(rng, vocabulary);
            }
        }
        float[] logits = pass.forward(xt, t, batch);
        double loss = recipe.loss() == DiscreteLoss.CROSS_ENTROPY ? crossEntropy(logits) : generalizedKl(logits);
        pass.backward(gradLogits, gradient);
        return loss;
    }

    /**
     * mean over positions of -log p(x1), revealed mask positions excluded; its gradient into
     * gradLogits. p = softmax(logits + the own-token bonus), and the bonus does not depend on the
     * parameters, so the gradient is the usual p - onehot(x1).
     */
    private double crossEntropy(float[] logits) {
        float scale = 1f / (batch * length);
        double sum = 0;
        for (int i = 0, n = batch * length; i < n; i++) {
            int o = i * vocabulary;
            int noisy = xt[i];
            if (mask >= 0 && noisy != mask) {
                java.util.Arrays.fill(gradLogits, o, o + vocabulary, 0f);
                continue;
            }
            float b = bonus[i / length];
            double logNorm = softmax(logits, o, vocabulary, noisy, b, gradLogits);
            int target = x1[i];
            sum += logNorm - logits[o + target] - (target == noisy ? b : 0);
            for (int j = o; j < o + vocabulary; j++) {
                gradLogits[j] *= scale;
            }
            gradLogits[o + target] -= scale;
        }
        return sum * scale;
    }

    /**
     * mean over positions of -w [p(x_t) - delta + (1 - delta) log p(x1)] with w = kappa'/(1 - kappa)
     * and delta = [x_t == x1] (revealed mask positions excluded, p(mask) = 0); its gradient into gradLogits.
     */
    private double generalizedKl(float[] logits) {
        float scale = 1f / (batch * length);
        ConvexScheduler scheduler = recipe.scheduler();
        double sum = 0;
        for (int r = 0; r < batch; r++) {
            double w = scheduler.jumpRate(t[r]);
            float ws = (float) (w * scale);
            for (int i = r * length; i < (r + 1) * length; i++) {
                int o = i * vocabulary;
                int noisy = xt[i];
                if (mask >= 0 && noisy != mask) {
                    java.util.Arrays.fill(gradLogits, o, o + vocabulary, 0f);
                    continue;
                }
                double logNorm = softmax(logits, o, vocabulary, noisy, bonus[r], gradLogits); // gradLogits[o..] = p
                boolean inVocabulary = noisy < vocabulary;
                float pt = inVocabulary ? gradLogits[o + noisy] : 0f;
                int target = x1[i];
                if (noisy == target) {
                    // loss w (1 - p(x_t)); d/dz_j = -w p(x_t) (1[j = x_t] - p_j)
                    sum += w * (1 - pt);
                    for (int j = o; j < o + vocabulary; j++) {
                        gradLogits[j] = ws * pt * gradLogits[j];
                    }
                    gradLogits[o + noisy] -= ws * pt;
                } else {
                    // loss -w (p(x_t) + log p(x1)); d/dz_j = -w [p(x_t)(1[j = x_t] - p_j) + 1[j = x1] - p_j]
                    sum -= w * (pt + logits[o + target] - logNorm); // target != noisy: no bonus on its logit
                    for (int j = o; j < o + vocabulary; j++) {
                        gradLogits[j] = ws * (pt + 1f) * gradLogits[j];
                    }
                    if (inVocabulary) {
                        gradLogits[o + noisy] -= ws * pt;
                    }
                    gradLogits[o + target] -= ws;
                }
            }
        }
        return sum * scale;
    }

    /**
     * Writes softmax(z) into p[o .. o + v) and returns log sum exp(z), where z = logits[o .. o + v)
     * with {@code bonus} added to entry {@code own} (ignored when {@code own} is outside [0, v)).
     */
    static double softmax(float[] logits, int o, int v, int own, float bonus, float[] p) {
        boolean biased = own >= 0 && own < v;
        float max = Float.NEGATIVE_INFINITY;
        for (int j = o; j < o + v; j++) {
            max = Math.max(max, logits[j]);
        }
        if (biased) {
            max = Math.max(max, logits[o + own] + bonus);
        }
        double sum = 0;
        for (int j = o; j < o + v; j++) {
            float e = (float) Math.exp(logits[j] - max);
            p[j] = e;
            sum += e;
        }
        if (biased) {
            float e = (float) Math.exp(logits[o + own] + bonus - max);
            sum += e - p[o + own];
            p[o + own] = e;
        }
        float inverse = (float) (1 / sum);
        for (int j = o; j < o + v; j++) {
            p[j] *= inverse;
        }
        return max + Math.log(sum);
    }

    /**
     * The network's description, the data's, then the recipe's text form (the network entry
     * replaced by the network's own description).
     */
    @Override
    public Map<String, String> fingerprint() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("model", RecipeText.singleLine(model.description()));
        f.put("data", data.description());
        recipe.toMap().forEach(f::putIfAbsent);
        return Collections.unmodifiableMap(f);
    }
}
