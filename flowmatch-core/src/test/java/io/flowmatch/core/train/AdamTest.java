package io.flowmatch.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdamTest {

    /** A straightforward double-precision Adam/AdamW, written from the paper's equations. */
    private static double[] reference(double[] theta, double[][] grads, double lr, double wd, boolean decoupled) {
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double[] p = theta.clone();
        double[] m = new double[p.length];
        double[] v = new double[p.length];
        for (int k = 1; k <= grads.length; k++) {
            for (int i = 0; i < p.length; i++) {
                double g = grads[k - 1][i];
                if (decoupled) {
                    p[i] *= 1 - lr * wd;
                } else {
                    g += wd * p[i];
                }
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mh = m[i] / (1 - Math.pow(b1, k));
                double vh = v[i] / (1 - Math.pow(b2, k));
                p[i] -= lr * mh / (Math.sqrt(vh) + eps);
            }
        }
        return p;
    }

    @Test
    void adamAndAdamWFollowTheirDefinitions() {
        double[] theta0 = {0.5, -1.0, 2.0, 0.0};
        double[][] grads = {{0.1, -0.2, 0.3, 0.0}, {0.05, 0.4, -0.1, 1e-3}, {-0.3, 0.1, 0.2, -2.0}};
        for (boolean decoupled : new boolean[] {false, true}) {
            double wd = 0.1;
            Optimizer opt = decoupled ? Adam.adamW(wd) : Adam.adam(0.9, 0.999, 1e-8, wd);
            INDArray params = Nd4j.createFromArray(toFloat(theta0));
            INDArray g = Nd4j.create(DataType.FLOAT, theta0.length);
            Optimizer.Update update = opt.bind(params, g);
            for (int k = 0; k < grads.length; k++) {
                g.assign(Nd4j.createFromArray(toFloat(grads[k])));
                update.apply(k + 1, 0.01, 1.0);
            }
            double[] expected = reference(theta0, grads, 0.01, wd, decoupled);
            for (int i = 0; i < expected.length; i++) {
                assertThat(params.getDouble(i)).as("decoupled=%s, i=%s", decoupled, i).isCloseTo(expected[i], within(1e-6));
            }
        }
    }

    @Test
    void gradientScaleActsLikeScaledGradients() {
        INDArray a = Nd4j.createFromArray(1f, 2f);
        INDArray b = Nd4j.createFromArray(1f, 2f);
        INDArray ga = Nd4j.createFromArray(0.5f, -4f);
        INDArray gb = Nd4j.createFromArray(0.25f, -2f);
        // the scale multiplies the raw gradient before the L2 term is added: 0.5 * ga == gb
        Optimizer opt = Adam.adam(0.9, 0.999, 1e-8, 0.5);
        opt.bind(a, ga).apply(1, 0.1, 0.5);
        opt.bind(b, gb).apply(1, 0.1, 1.0);
        assertThat(a.getFloat(0)).isEqualTo(b.getFloat(0));
        assertThat(a.getFloat(1)).isEqualTo(b.getFloat(1));
    }

    @Test
    void minimisesAQuadratic() {
        INDArray x = Nd4j.createFromArray(5f, -3f);
        INDArray g = Nd4j.create(DataType.FLOAT, 2);
        Optimizer.Update update = Adam.adam().bind(x, g);
        for (int k = 1; k <= 2000; k++) {
            g.assign(x.mul(2)); // d/dx |x|^2
            update.apply(k, 0.05, 1.0);
        }
        assertThat(x.norm2Number().doubleValue()).isLessThan(1e-2);
    }

    @Test
    void rejectsBadHyperParameters() {
        assertThatThrownBy(() -> Adam.adam(1.0, 0.999, 1e-8, 0)).hasMessageContaining("betas");
        assertThatThrownBy(() -> Adam.adam(0.9, 0.999, 0, 0)).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> Adam.adamW(-1)).hasMessageContaining("weight decay");
        assertThatThrownBy(() -> Adam.adam().bind(Nd4j.zeros(DataType.FLOAT, 3), Nd4j.zeros(DataType.FLOAT, 2)))
                .hasMessageContaining("differ in length");
    }

    @Test
    void schedulesHaveTheirShapes() {
        LearningRateSchedule cos = LearningRateSchedule.cosine(0.1);
        assertThat(cos.factor(1, 100)).isCloseTo(1.0, within(1e-12));
        assertThat(cos.factor(100, 100)).isCloseTo(0.1, within(1e-12));
        assertThat(cos.factor(50, 100)).isBetween(0.5, 0.6);
        LearningRateSchedule warm = LearningRateSchedule.warmup(10, LearningRateSchedule.constant());
        assertThat(warm.factor(1, 100)).isCloseTo(0.1, within(1e-12));
        assertThat(warm.factor(10, 100)).isCloseTo(1.0, within(1e-12));
        assertThat(warm.factor(60, 100)).isEqualTo(1.0);
        assertThatThrownBy(() -> LearningRateSchedule.cosine(2)).hasMessageContaining("[0, 1]");
    }

    @Test
    void withWarmupReplacesTheWarmupOfASchedule() {
        LearningRateSchedule cos = LearningRateSchedule.cosine(0.1);
        LearningRateSchedule warm = LearningRateSchedules.withWarmup(20, cos);
        assertThat(warm.description()).isEqualTo("warmup(20, cosine(min=0.1))");
        assertThat(LearningRateSchedules.withWarmup(5, warm).description()).isEqualTo("warmup(5, cosine(min=0.1))");
        assertThat(LearningRateSchedules.withWarmup(0, warm).description()).isEqualTo("cosine(min=0.1)");
        assertThat(LearningRateSchedules.withWarmup(0, cos)).isSameAs(cos);
        for (long step = 1; step <= 100; step++) {
            assertThat(warm.factor(step, 100)).isEqualTo(LearningRateSchedule.warmup(20, cos).factor(step, 100));
            assertThat(LearningRateSchedules.parse(warm.description()).factor(step, 100)).isEqualTo(warm.factor(step, 100));
        }
        assertThatThrownBy(() -> LearningRateSchedules.withWarmup(-1, cos)).hasMessageContaining("negative");
        assertThatThrownBy(() -> LearningRateSchedules.withWarmup(3, null)).hasMessageContaining("null");
    }

    private static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }
}
