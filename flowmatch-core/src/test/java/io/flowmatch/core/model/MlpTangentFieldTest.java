package io.flowmatch.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Forward-mode derivatives of the MLP against central finite differences of the ordinary
 * (back-propagation) pass in double precision: J u must match (v(x + h u) - v(x - h u)) / 2h.
 */
class MlpTangentFieldTest {

    private static final int ROWS = 7;

    @ParameterizedTest
    @EnumSource(Activation.class)
    void tangentsMatchFiniteDifferencesOfTheModelPass(Activation activation) {
        MlpArchitecture arch = new MlpArchitecture(3, List.of(8, 6), activation);
        MlpVelocityModel model = MlpVelocityModel.initialise(arch, DataType.DOUBLE, 5L);
        SplittableRandom rng = new SplittableRandom(9L);
        INDArray x = MlpGradientCheckTest.random(rng, ROWS, 3, 1.5);
        INDArray u = MlpGradientCheckTest.random(rng, ROWS, 3, 1.0);
        TangentField field = model.tangentField();
        ModelPass pass = model.newPass(ROWS);
        for (double t : new double[] {0.0, 0.37, 1.0}) {
            INDArray v = Nd4j.create(DataType.DOUBLE, ROWS, 3);
            INDArray jvp = Nd4j.create(DataType.DOUBLE, ROWS, 3);
            field.evaluate(t, x, u, v, jvp);

            INDArray reference = Nd4j.create(DataType.DOUBLE, ROWS, 3);
            pass.evaluate(t, x, reference);
            assertThat(maxAbs(v.sub(reference))).as("value at t=%s", t).isLessThan(1e-12);

            double h = 1e-6;
            INDArray plus = Nd4j.create(DataType.DOUBLE, ROWS, 3);
            INDArray minus = Nd4j.create(DataType.DOUBLE, ROWS, 3);
            pass.evaluate(t, x.add(u.mul(h)), plus);
            pass.evaluate(t, x.sub(u.mul(h)), minus);
            INDArray numeric = plus.sub(minus).div(2 * h);
            assertThat(maxAbs(jvp.sub(numeric))).as("J u for %s at t=%s", activation, t).isLessThan(1e-6);
            assertThat(maxAbs(jvp)).isGreaterThan(0.01);
        }
    }

    @Test
    void floatModelsGiveTheirDerivativesInDoublePrecision() {
        MlpArchitecture arch = MlpArchitecture.defaults(2);
        MlpVelocityModel f32 = MlpVelocityModel.initialise(arch, DataType.FLOAT, 3L);
        MlpVelocityModel f64 = MlpVelocityModel.of(arch, f32.parameters().castTo(DataType.DOUBLE));
        SplittableRandom rng = new SplittableRandom(1L);
        INDArray x = MlpGradientCheckTest.random(rng, ROWS, 2, 1.0);
        INDArray u = MlpGradientCheckTest.random(rng, ROWS, 2, 1.0);
        INDArray v32 = Nd4j.create(DataType.DOUBLE, ROWS, 2);
        INDArray j32 = Nd4j.create(DataType.DOUBLE, ROWS, 2);
        INDArray v64 = Nd4j.create(DataType.DOUBLE, ROWS, 2);
        INDArray j64 = Nd4j.create(DataType.DOUBLE, ROWS, 2);
        f32.tangentField().evaluate(0.5, x.castTo(DataType.FLOAT), u, v32, j32);
        f64.tangentField().evaluate(0.5, x.castTo(DataType.FLOAT), u, v64, j64);
        assertThat(maxAbs(v32.sub(v64))).isEqualTo(0.0);
        assertThat(maxAbs(j32.sub(j64))).isEqualTo(0.0);
    }

    @Test
    void isASnapshotOfTheParameters() {
        MlpVelocityModel model = MlpVelocityModel.initialise(new MlpArchitecture(2, List.of(4), Activation.TANH),
                DataType.DOUBLE, 2L);
        TangentField field = model.tangentField();
        INDArray x = Nd4j.ones(DataType.DOUBLE, 1, 2);
        INDArray before = Nd4j.create(DataType.DOUBLE, 1, 2);
        INDArray after = Nd4j.create(DataType.DOUBLE, 1, 2);
        INDArray scratch = Nd4j.create(DataType.DOUBLE, 1, 2);
        field.evaluate(0.2, x, x, before, scratch);
        model.parameters().addi(1.0);
        field.evaluate(0.2, x, x, after, scratch);
        assertThat(after).isEqualTo(before);
    }

    @Test
    void rejectsBadShapesAndTypes() {
        TangentField field = MlpVelocityModel.initialise(MlpArchitecture.defaults(2), DataType.FLOAT, 1L).tangentField();
        INDArray ok = Nd4j.create(DataType.DOUBLE, 3, 2);
        assertThatThrownBy(() -> field.evaluate(0, Nd4j.create(DataType.DOUBLE, 3, 3), ok, ok.dup(), ok.dup()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("x must have shape [n, 2], got [3, 3]");
        assertThatThrownBy(() -> field.evaluate(0, ok, Nd4j.create(DataType.DOUBLE, 4, 2), ok.dup(), ok.dup()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("u must have shape [3, 2], got [4, 2]");
        assertThatThrownBy(() -> field.evaluate(0, ok, ok, Nd4j.create(DataType.FLOAT, 3, 2), ok.dup()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be DOUBLE");
    }

    private static double maxAbs(INDArray a) {
        return a.amaxNumber().doubleValue();
    }
}
