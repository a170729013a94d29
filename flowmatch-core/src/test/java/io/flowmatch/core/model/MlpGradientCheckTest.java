package io.flowmatch.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Back-propagation against central finite differences in double precision: for a random
 * linear functional L = sum(w * v(t, x)), dL/dtheta from {@link ModelPass#backward} must match
 * (L(theta + h e_i) - L(theta - h e_i)) / 2h for every parameter.
 */
class MlpGradientCheckTest {

    private static final int ROWS = 5;

    @ParameterizedTest
    @EnumSource(Activation.class)
    void backwardMatchesFiniteDifferences(Activation activation) {
        MlpArchitecture arch = new MlpArchitecture(2, List.of(6, 5), activation);
        MlpVelocityModel model = MlpVelocityModel.initialise(arch, DataType.DOUBLE, 11L);
        SplittableRandom rng = new SplittableRandom(3L);
        INDArray x = random(rng, ROWS, 2, 1.5);
        INDArray t = Nd4j.create(DataType.DOUBLE, ROWS, 1);
        for (int i = 0; i < ROWS; i++) {
            t.putScalar(i, 0, rng.nextDouble());
        }
        INDArray w = random(rng, ROWS, 2, 1.0);

        ModelPass pass = model.newPass(ROWS);
        pass.forward(t, x);
        INDArray analytic = Nd4j.create(DataType.DOUBLE, model.parameterCount());
        pass.backward(w, analytic);

        INDArray theta = model.parameters();
        double h = 1e-6;
        double worst = 0;
        for (long i = 0; i < model.parameterCount(); i++) {
            double original = theta.getDouble(i);
            theta.putScalar(i, original + h);
            double plus = functional(pass, t, x, w);
            theta.putScalar(i, original - h);
            double minus = functional(pass, t, x, w);
            theta.putScalar(i, original);
            double numeric = (plus - minus) / (2 * h);
            double error = Math.abs(numeric - analytic.getDouble(i)) / Math.max(1.0, Math.abs(numeric));
            worst = Math.max(worst, error);
        }
        assertThat(worst).as("largest relative gradient error for %s", activation).isLessThan(1e-6);
        assertThat(analytic.norm2Number().doubleValue()).isGreaterThan(0.1);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void activationDerivativeMatchesFiniteDifferences(Activation activation) {
        for (double z = -4; z <= 4; z += 0.37) {
            double h = 1e-6;
            double numeric = (activation.apply(z + h) - activation.apply(z - h)) / (2 * h);
            assertThat(activation.derivative(z, activation.apply(z))).as("%s'(%s)", activation, z)
                    .isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-7));
        }
    }

    private static double functional(ModelPass pass, INDArray t, INDArray x, INDArray w) {
        return pass.forward(t, x).mul(w).sumNumber().doubleValue();
    }

    static INDArray random(SplittableRandom rng, int rows, int cols, double scale) {
        INDArray a = Nd4j.create(DataType.DOUBLE, rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a.putScalar(i, j, scale * rng.nextGaussian());
            }
        }
        return a;
    }
}
