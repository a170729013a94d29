package io.flowmatch.discrete;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The exact posterior of a small distribution over all V^L sequences under the mixture path, by
 * enumeration, in the form a {@link PosteriorModel} gives it: p(x1^l = a | x_t) is proportional
 * to p_t(x_t^l | a) q_l(a) with p_t(x | x1) = kappa delta(x1) + (1 - kappa) p0(x), and the logits
 * are log q_l(a) = log sum over x1 with x1^l = a of p(x1) prod_{k != l} p_t(x_t^k | x1^k) (minus
 * infinity where impossible, all 0 when x_t itself is impossible); the path adds the own token's
 * factor. No parameters.
 */
final class OraclePosterior implements PosteriorModel {

    private final double[] probabilities;
    private final int length;
    private final int vocabulary;
    private final DiscreteSource source;
    private final ConvexScheduler scheduler;

    /** @param probabilities p(x) for every sequence x, indexed by its tokens as base-V digits (x_0 most significant) */
    OraclePosterior(double[] probabilities, int length, int vocabulary, DiscreteSource source, ConvexScheduler scheduler) {
        this.probabilities = probabilities.clone();
        this.length = length;
        this.vocabulary = vocabulary;
        this.source = source;
        this.scheduler = scheduler;
    }

    static int[] digits(int index, int length, int vocabulary) {
        int[] x = new int[length];
        for (int l = length - 1; l >= 0; l--) {
            x[l] = index % vocabulary;
            index /= vocabulary;
        }
        return x;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public int vocabulary() {
        return vocabulary;
    }

    @Override
    public int states() {
        return source.states(vocabulary);
    }

    @Override
    public INDArray parameters() {
        return Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1);
    }

    @Override
    public PosteriorModel withParameters(INDArray parameters) {
        return this;
    }

    @Override
    public String description() {
        return "oracle";
    }

    @Override
    public PosteriorPass newPass(int rows) {
        float[] logits = new float[rows * length * vocabulary];
        double[] marginal = new double[length * vocabulary];
        return new PosteriorPass() {
            @Override
            public int rows() {
                return rows;
            }

            @Override
            public float[] forward(int[] tokens, float[] times, int count) {
                for (int r = 0; r < count; r++) {
                    double kappa = scheduler.kappa(times[r]);
                    java.util.Arrays.fill(marginal, 0);
                    double[] factor = new double[length];
                    for (int index = 0; index < probabilities.length; index++) {
                        if (probabilities[index] == 0) {
                            continue;
                        }
                        int[] x1 = digits(index, length, vocabulary);
                        for (int k = 0; k < length; k++) {
                            int xt = tokens[r * length + k];
                            double p0 = source.isMask() ? (xt == vocabulary ? 1 : 0) : 1.0 / vocabulary;
                            factor[k] = (xt == x1[k] ? kappa : 0) + (1 - kappa) * p0;
                        }
                        for (int l = 0; l < length; l++) {
                            double w = probabilities[index];
                            for (int k = 0; k < length; k++) {
                                w *= k == l ? 1 : factor[k];
                            }
                            marginal[l * vocabulary + x1[l]] += w;
                        }
                    }
                    for (int l = 0; l < length; l++) {
                        double mass = 0;
                        for (int v = 0; v < vocabulary; v++) {
                            mass += marginal[l * vocabulary + v];
                        }
                        for (int v = 0; v < vocabulary; v++) {
                            // an impossible x_t (reachable by the parallel update) has no posterior: uniform then
                            logits[(r * length + l) * vocabulary + v] = mass > 0 ? (float) Math.log(marginal[l * vocabulary + v]) : 0f;
                        }
                    }
                }
                return logits;
            }

            @Override
            public void backward(float[] gradLogits, INDArray gradParameters) {
                throw new UnsupportedOperationException("the oracle is not trained");
            }
        };
    }
}
