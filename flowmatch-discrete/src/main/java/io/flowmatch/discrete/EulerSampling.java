package io.flowmatch.discrete;

import java.util.SplittableRandom;

/**
 * The discrete Euler loop of a {@link DiscreteSampler} over one chunk of sequences, with the
 * buffers allocated once. Each step first decides, from uniforms alone, which tokens jump and
 * whether the jump needs the posterior (a forward jump) or not (a corrector jump to a source
 * token); the network then runs only on the sequences with at least one forward jump, and each
 * such token draws its new value from the posterior. Jumping to a draw y from p with probability
 * h c, and staying when y equals the token, is the Euler step P(y) = h c p(y) for y != x.
 */
final class EulerSampling {

    private static final byte STAY = 0;
    private static final byte POSTERIOR = 1;
    private static final byte SOURCE = 2;

    private final DiscreteSource source;
    private final ConvexScheduler scheduler;
    private final double corrector;
    private final double[] grid;
    private final int length;
    private final int vocabulary;
    private final int mask;
    private final PosteriorPass pass;
    private final byte[] action;
    private final int[] compact;
    private final int[] compactRows;
    private final float[] times;
    private final double[] weights;

    EulerSampling(PosteriorModel model, DiscreteSource source, ConvexScheduler scheduler, DiscreteSampler sampler, int rows) {
        this.source = source;
        this.scheduler = scheduler;
        this.corrector = sampler.corrector();
        this.grid = sampler.timeGrid(scheduler);
        this.length = model.length();
        this.vocabulary = model.vocabulary();
        this.mask = source.maskToken(vocabulary);
        this.pass = model.newPass(rows);
        this.action = new byte[rows * length];
        this.compact = new int[rows * length];
        this.compactRows = new int[rows];
        this.times = new float[rows];
        this.weights = new double[vocabulary];
    }

    /** Network evaluations per sequence (at most): the grid's steps. */
    int evaluations() {
        return grid.length - 1;
    }

    /** Samples {@code count} sequences into {@code state} ([count, L]) with {@code rng}. */
    void sample(SplittableRandom rng, int[] state, int count) {
        for (int i = 0; i < count * length; i++) {
            state[i] = source.sample(rng, vocabulary);
        }
        for (int s = 0; s + 1 < grid.length; s++) {
            step(rng, state, count, grid[s], grid[s + 1] - grid[s], s + 2 == grid.length);
        }
    }

    private void step(SplittableRandom rng, int[] state, int count, double t, double h, boolean last) {
        double kappa = scheduler.kappa(t);
        float bonus = (float) source.ownTokenBonus(kappa, vocabulary);
        double forward = last ? 1 : h * (scheduler.jumpRate(t) + corrector * kappa);
        double backward = last ? 0 : h * corrector * (1 - kappa);
        int evaluated = 0;
        for (int r = 0; r < count; r++) {
            boolean needed = false;
            for (int i = r * length; i < (r + 1) * length; i++) {
                byte a = STAY;
                int x = state[i];
                if (last) {
                    a = mask < 0 || x == mask ? POSTERIOR : STAY;
                } else if (mask >= 0 && x != mask) {
                    // a revealed token: its posterior is itself, so only the corrector moves it (back to the mask)
                    if (backward > 0) {
                        double u = rng.nextDouble();
                        a = u >= forward && u < forward + backward ? SOURCE : STAY;
                    }
                } else {
                    double u = rng.nextDouble();
                    a = u < forward ? POSTERIOR : u < forward + backward ? SOURCE : STAY;
                }
                action[i] = a;
                needed |= a == POSTERIOR;
            }
            if (needed) {
                System.arraycopy(state, r * length, compact, evaluated * length, length);
                compactRows[evaluated++] = r;
            }
        }
        float[] logits = null;
        if (evaluated > 0) {
            java.util.Arrays.fill(times, 0, evaluated, (float) t);
            logits = pass.forward(compact, times, evaluated);
        }
        int e = 0;
        for (int r = 0; r < count; r++) {
            boolean evaluatedRow = e < evaluated && compactRows[e] == r;
            for (int l = 0; l < length; l++) {
                int i = r * length + l;
                if (action[i] == POSTERIOR) {
                    state[i] = draw(logits, (e * length + l) * vocabulary, state[i], bonus, rng);
                } else if (action[i] == SOURCE) {
                    state[i] = source.sample(rng, vocabulary);
                }
            }
            if (evaluatedRow) {
                e++;
            }
        }
    }

    /**
     * A draw from the posterior softmax(logits[o .. o + V)) with {@code bonus} added to the logit
     * of the token's own value {@code own} (see {@link DiscreteSource#ownTokenBonus}).
     */
    private int draw(float[] logits, int o, int own, float bonus, SplittableRandom rng) {
        boolean biased = own < vocabulary && bonus != 0;
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < vocabulary; j++) {
            max = Math.max(max, logits[o + j]);
        }
        if (biased) {
            max = Math.max(max, logits[o + own] + bonus);
        }
        double sum = 0;
        for (int j = 0; j < vocabulary; j++) {
            double w = Math.exp(logits[o + j] + (biased && j == own ? bonus : 0f) - max);
            weights[j] = w;
            sum += w;
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            throw new IllegalStateException("the posterior has no finite mass (logits " + max + ")");
        }
        double u = rng.nextDouble() * sum;
        double cumulative = 0;
        for (int j = 0; j < vocabulary - 1; j++) {
            cumulative += weights[j];
            if (u < cumulative) {
                return j;
            }
        }
        return vocabulary - 1;
    }
}
