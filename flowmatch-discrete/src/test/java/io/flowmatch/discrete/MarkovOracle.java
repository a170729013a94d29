package io.flowmatch.discrete;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The exact posterior of {@link Toys#chain()} sequences (uniform start) under the mixture path,
 * by the forward-backward recursion, in a {@link PosteriorModel}'s form: the logits of position l
 * are log q_l(a) = log P(x1^l = a, every other position's noisy token), leaving out the position's
 * own noisy token, whose likelihood the path adds. No parameters.
 */
final class MarkovOracle implements PosteriorModel {

    private final int length;
    private final DiscreteSource source;
    private final ConvexScheduler scheduler;
    private final double[][] chain = Toys.chain();

    MarkovOracle(int length, DiscreteSource source, ConvexScheduler scheduler) {
        this.length = length;
        this.source = source;
        this.scheduler = scheduler;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public int vocabulary() {
        return Toys.CHAIN_TOKENS;
    }

    @Override
    public int states() {
        return source.states(Toys.CHAIN_TOKENS);
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
        return "markov-oracle";
    }

    @Override
    public PosteriorPass newPass(int rows) {
        int v = Toys.CHAIN_TOKENS;
        float[] logits = new float[rows * length * v];
        double[][] emission = new double[length][v];
        double[][] alpha = new double[length][v];
        double[][] beta = new double[length][v];
        return new PosteriorPass() {
            @Override
            public int rows() {
                return rows;
            }

            @Override
            public float[] forward(int[] tokens, float[] times, int count) {
                for (int r = 0; r < count; r++) {
                    double kappa = scheduler.kappa(times[r]);
                    for (int l = 0; l < length; l++) {
                        int xt = tokens[r * length + l];
                        for (int a = 0; a < v; a++) {
                            double p0 = source.isMask() ? (xt == v ? 1 : 0) : 1.0 / v;
                            emission[l][a] = (xt == a ? kappa : 0) + (1 - kappa) * p0;
                        }
                    }
                    // alpha_l(a) = P(x_l = a, e_0..e_{l-1}), normalised per position
                    for (int a = 0; a < v; a++) {
                        alpha[0][a] = 1.0 / v;
                    }
                    for (int l = 1; l < length; l++) {
                        double sum = 0;
                        for (int b = 0; b < v; b++) {
                            double s = 0;
                            for (int a = 0; a < v; a++) {
                                s += alpha[l - 1][a] * emission[l - 1][a] * chain[a][b];
                            }
                            alpha[l][b] = s;
                            sum += s;
                        }
                        for (int b = 0; b < v; b++) {
                            alpha[l][b] = sum > 0 ? alpha[l][b] / sum : 1.0 / v;
                        }
                    }
                    // beta_l(a) = P(e_{l+1}.. | x_l = a), normalised per position
                    for (int a = 0; a < v; a++) {
                        beta[length - 1][a] = 1;
                    }
                    for (int l = length - 2; l >= 0; l--) {
                        double sum = 0;
                        for (int a = 0; a < v; a++) {
                            double s = 0;
                            for (int b = 0; b < v; b++) {
                                s += chain[a][b] * emission[l + 1][b] * beta[l + 1][b];
                            }
                            beta[l][a] = s;
                            sum += s;
                        }
                        for (int a = 0; a < v; a++) {
                            beta[l][a] = sum > 0 ? beta[l][a] / sum : 1;
                        }
                    }
                    for (int l = 0; l < length; l++) {
                        double mass = 0;
                        for (int a = 0; a < v; a++) {
                            mass += alpha[l][a] * beta[l][a];
                        }
                        for (int a = 0; a < v; a++) {
                            double q = alpha[l][a] * beta[l][a];
                            logits[(r * length + l) * v + a] = mass > 0 ? (float) Math.log(q) : 0f;
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
