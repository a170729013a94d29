package io.flowmatch.manifold;

import io.flowmatch.core.model.Activation;
import io.flowmatch.core.time.TimeSampler;
import io.flowmatch.core.time.TimeSamplers;
import io.flowmatch.core.train.MlpSettings;
import io.flowmatch.core.train.TrainingSettings;

/**
 * The setters of a {@link RiemannianRecipe}, shared by {@link RiemannianRecipe.Builder} and
 * {@link RiemannianFlowMatcher.Builder} so that each setting has one name and one check: the
 * shared loop's (inherited from {@link TrainingSettings}: iterations, batchSize, seed,
 * learningRate, optimizer, schedule, clipNorm, ema, onDivergence, logEvery), the MLP's
 * (inherited from {@link MlpSettings}: hidden, activation) and the flow's own (manifold,
 * features, timeSampler, wrapAngles). Each setter checks its
 * argument at once and throws {@link IllegalArgumentException} naming the bad value.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class RiemannianSettings<B extends RiemannianSettings<B>> extends MlpSettings<B> {

    Manifold manifold;
    Features features = Features.EMBEDDED;
    TimeSampler timeSampler = TimeSamplers.uniform();
    boolean wrapAngles;

    /** Settings with the defaults of {@link RiemannianRecipe}. */
    protected RiemannianSettings() {
        super(RiemannianRecipe.DEFAULT_TRAINING, RiemannianRecipe.DEFAULT_HIDDEN, Activation.ELU);
    }

    /** Starts from {@code recipe}: every setting takes its value (later calls change them one by one). */
    public B recipe(RiemannianRecipe recipe) {
        startFrom(recipe);
        this.manifold = recipe.manifold();
        this.features = recipe.features();
        this.hidden = recipe.hidden();
        this.activation = recipe.activation();
        this.timeSampler = recipe.timeSampler();
        this.wrapAngles = recipe.wrapAngles();
        return self();
    }

    /**
     * The manifold the data live on (required): {@link Manifolds#sphere(int)} or
     * {@link Manifolds#torus(int)}.
     *
     * @throws IllegalArgumentException if null, or if it contradicts features or wrapAngles set before
     */
    public B manifold(Manifold manifold) {
        if (manifold == null) {
            throw new IllegalArgumentException("manifold must not be null");
        }
        check(manifold, features, wrapAngles);
        this.manifold = manifold;
        return self();
    }

    /**
     * What the network sees of a point (default {@link Features#EMBEDDED}); {@link Features#ANGLES}
     * only on a torus.
     */
    public B features(Features features) {
        if (features == null) {
            throw new IllegalArgumentException("features must not be null");
        }
        check(manifold, features, wrapAngles);
        this.features = features;
        return self();
    }

    /** How training times are drawn (default uniform); see {@code io.flowmatch.core.time.TimeSamplers}. */
    public B timeSampler(TimeSampler timeSampler) {
        this.timeSampler = required(timeSampler, "time sampler");
        return self();
    }

    /**
     * On a torus, accept angles in any range and wrap them into [-pi, pi) (default false: an angle
     * outside [-pi, pi] is an error naming its row). Applies to training data and to the points
     * given to {@link RiemannianFlowModel#logLikelihood}.
     *
     * @throws IllegalArgumentException if true on a sphere
     */
    public B wrapAngles(boolean wrap) {
        check(manifold, features, wrap);
        this.wrapAngles = wrap;
        return self();
    }

    /** The recipe of everything set so far. */
    protected RiemannianRecipe recipe() {
        return new RiemannianRecipe(this, trainingConfig(), hidden, activation);
    }

    static void check(Manifold manifold, Features features, boolean wrap) {
        if (manifold instanceof Sphere && features == Features.ANGLES) {
            throw new IllegalArgumentException("features angles need a torus, not " + manifold.description());
        }
        if (manifold instanceof Sphere && wrap) {
            throw new IllegalArgumentException("wrapAngles(true) applies to a torus, not " + manifold.description());
        }
    }
}
