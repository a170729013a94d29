package io.flowmatch.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The MLP's tangent field with class labels: its values are the conditional pass's (the field
 * sampling integrates) and its Jacobian-vector products are central finite differences of that
 * pass, row by row with each row's own label; without labels it is the unconditional field.
 */
class ConditionalTangentFieldTest {

    private static final int ROWS = 6;

    @Test
    void labelledTangentsMatchTheConditionalPassAndItsFiniteDifferences() {
        MlpArchitecture arch = new MlpArchitecture(3, List.of(8, 6), Activation.ELU, 4);
        MlpVelocityModel model = MlpVelocityModel.initialise(arch, DataType.DOUBLE, 5L);
        SplittableRandom rng = new SplittableRandom(9L);
        INDArray x = MlpGradientCheckTest.random(rng, ROWS, 3, 1.5);
        INDArray u = MlpGradientCheckTest.random(rng, ROWS, 3, 1.0);
        int[] labels = {0, 3, ConditionalPass.NULL_LABEL, 1, 2, 3};
        ConditionalTangentField field = model.tangentField();
        assertThat(field.classes()).isEqualTo(4);
        field.labels(labels);
        ConditionalPass pass = model.newConditionalPass(ROWS);
        pass.labels(labels);
        ModelPass plain = model.newPass(ROWS);
        for (double t : new double[] {0.0, 0.41, 1.0}) {
            INDArray v = Nd4j.create(DataType.DOUBLE, ROWS, 3);
            INDArray jvp = Nd4j.create(DataType.DOUBLE, ROWS, 3);
            field.evaluate(t, x, u, v, jvp);
            INDArray reference = Nd4j.create(DataType.DOUBLE, ROWS, 3);
            pass.evaluate(t, x, reference);
            assertThat(maxAbs(v.sub(reference))).as("value at t=%s", t).isLessThan(1e-12);
            INDArray unconditional = Nd4j.create(DataType.DOUBLE, ROWS, 3);
            plain.evaluate(t, x, unconditional);
            // the labels matter (the embedding is not ignored) except on the null-labelled row
            assertThat(maxAbs(v.sub(unconditional))).isGreaterThan(1e-3);
            assertThat(maxAbs(v.getRow(2).sub(unconditional.getRow(2)))).isLessThan(1e-12);

            double h = 1e-6;
            INDArray plus = Nd4j.create(DataType.DOUBLE, ROWS, 3);
            INDArray minus = Nd4j.create(DataType.DOUBLE, ROWS, 3);
            pass.evaluate(t, x.add(u.mul(h)), plus);
            pass.evaluate(t, x.sub(u.mul(h)), minus);
            INDArray numeric = plus.sub(minus).div(2 * h);
            assertThat(maxAbs(jvp.sub(numeric))).as("J u at t=%s", t).isLessThan(1e-6);
        }
        // null goes back to the unconditional field, bit for bit
        field.labels(null);
        INDArray v = Nd4j.create(DataType.DOUBLE, ROWS, 3);
        INDArray jvp = Nd4j.create(DataType.DOUBLE, ROWS, 3);
        field.evaluate(0.3, x, u, v, jvp);
        INDArray fresh = Nd4j.create(DataType.DOUBLE, ROWS, 3);
        INDArray freshJvp = Nd4j.create(DataType.DOUBLE, ROWS, 3);
        model.tangentField().evaluate(0.3, x, u, fresh, freshJvp);
        assertThat(v.ravel().toDoubleVector()).containsExactly(fresh.ravel().toDoubleVector());
        assertThat(jvp.ravel().toDoubleVector()).containsExactly(freshJvp.ravel().toDoubleVector());
    }

    @Test
    void badLabelsAreNamed() {
        ConditionalTangentField field = MlpVelocityModel.initialise(
                new MlpArchitecture(2, List.of(8), Activation.ELU, 3), DataType.DOUBLE, 1L).tangentField();
        assertThatThrownBy(() -> field.labels(new int[] {0, 3})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label 3 of row 1 is outside [0, 3)");
        field.labels(new int[] {0, 1});
        INDArray x = Nd4j.create(DataType.DOUBLE, 3, 2);
        assertThatThrownBy(() -> field.evaluate(0, x, x, x.dup(), x.dup())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels were set for 2 rows, but x has 3");
        ConditionalTangentField plain = MlpVelocityModel.initialise(new MlpArchitecture(2, List.of(8), Activation.ELU),
                DataType.DOUBLE, 1L).tangentField();
        assertThat(plain.classes()).isZero();
        assertThatThrownBy(() -> plain.labels(new int[] {0})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside [0, 0)");
    }

    private static double maxAbs(INDArray a) {
        return a.amaxNumber().doubleValue();
    }
}
