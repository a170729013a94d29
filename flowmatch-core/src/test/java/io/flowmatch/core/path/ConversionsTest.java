package io.flowmatch.core.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowmatch.core.path.scheduler.Schedulers;
import io.flowmatch.solvers.VectorField;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ConversionsTest {

    private static final List<AffinePath> PATHS = List.of(Paths.condOt(), Paths.cosine(),
            Paths.polynomial(2), Paths.variancePreserving(0.1, 20), Paths.gaussian(0.01));

    @Test
    void everyConversionRecoversTheTrueQuantities() {
        SplittableRandom rng = new SplittableRandom(3);
        for (AffinePath p : PATHS) {
            for (double t = 0.1; t < 0.95; t += 0.2) {
                double x1 = rng.nextDouble(-2, 2);
                double x0 = rng.nextDouble(-2, 2);
                double x = p.alpha(t) * x1 + p.sigma(t) * x0;
                double v = p.alphaDerivative(t) * x1 + p.sigmaDerivative(t) * x0;
                double[] truth = {v, x1, x0};
                Prediction[] kinds = Prediction.values();
                for (Prediction from : kinds) {
                    for (Prediction to : kinds) {
                        double[] c = p.conversion(from, to, t);
                        double got = c[0] * x + c[1] * truth[from.ordinal()];
                        assertThat(got).as("%s %s->%s at %s", p.description(), from, to, t)
                                .isCloseTo(truth[to.ordinal()], within(1e-9 * Math.max(1, Math.abs(truth[to.ordinal()]))));
                    }
                }
            }
        }
    }

    @Test
    void batchConversionRoundTrips() {
        AffinePath p = Paths.cosine();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 3);
        INDArray v = Nd4j.rand(DataType.DOUBLE, 5, 3);
        INDArray data = x.ulike();
        INDArray back = x.ulike();
        p.convert(Prediction.VELOCITY, Prediction.DATA, 0.3, x, v, data);
        p.convert(Prediction.DATA, Prediction.VELOCITY, 0.3, x, data, back);
        assertThat(back.sub(v).amaxNumber().doubleValue()).isLessThan(1e-12);
    }

    /**
     * With data N(m, s^2) and source N(0, 1) the marginal velocity of an affine path is known:
     * x_t ~ N(alpha m, alpha^2 s^2 + sigma^2), E[x1|x] = m + alpha s^2 (x - alpha m) / var and
     * E[x0|x] = sigma (x - alpha m) / var, v = alpha' E[x1|x] + sigma' E[x0|x].
     */
    private static VectorField gaussianMarginal(AffinePath p, double m, double s) {
        return (t, x, out) -> {
            double a = p.alpha(t);
            double sg = p.sigma(t);
            double var = a * a * s * s + sg * sg;
            INDArray centred = x.sub(a * m);
            INDArray e1 = centred.mul(a * s * s / var).addi(m);
            INDArray e0 = centred.mul(sg / var);
            out.assign(e1.muli(p.alphaDerivative(t)).addi(e0.muli(p.sigmaDerivative(t))));
        };
    }

    @Test
    void scheduleTransformGivesTheOtherPathsMarginalVelocity() {
        double m = 1.5;
        double s = 0.4;
        INDArray x = Nd4j.linspace(-3, 3, 13, DataType.DOUBLE).reshape(13, 1);
        for (AffinePath target : List.of(Paths.cosine(), Paths.polynomial(2), Paths.variancePreserving(0.1, 20))) {
            AffinePath trainedPath = Paths.condOt();
            ScheduleTransformedField transformed = new ScheduleTransformedField(
                    gaussianMarginal(trainedPath, m, s), trainedPath, target);
            VectorField exact = gaussianMarginal(target, m, s);
            for (double r = 0.05; r < 0.99; r += 0.1) {
                INDArray got = x.ulike();
                INDArray want = x.ulike();
                transformed.evaluate(r, x, got);
                exact.evaluate(r, x, want);
                double err = got.sub(want).amaxNumber().doubleValue();
                assertThat(err).as("%s at r=%s", target.description(), r)
                        .isLessThan(1e-7 * Math.max(1, want.amaxNumber().doubleValue()));
            }
        }
        assertThat(Schedulers.cosine().description()).isEqualTo(Paths.cosine().description());
    }
}
