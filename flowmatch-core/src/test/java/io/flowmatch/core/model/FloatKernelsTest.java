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
 * The float32 fast path (training and sampling) against the double-precision reference: same
 * parameters, same inputs, forward and backward agree to float accuracy for every activation.
 */
class FloatKernelsTest {

    @ParameterizedTest
    @EnumSource(Activation.class)
    void floatPassAgreesWithDoublePass(Activation activation) {
        MlpArchitecture arch = new MlpArchitecture(3, List.of(16, 16), activation);
        MlpVelocityModel exact = MlpVelocityModel.initialise(arch, DataType.DOUBLE, 5L);
        MlpVelocityModel fast = MlpVelocityModel.of(arch, exact.parameters().castTo(DataType.FLOAT));
        int rows = 37;
        SplittableRandom rng = new SplittableRandom(9L);
        INDArray x = MlpGradientCheckTest.random(rng, rows, 3, 2.0);
        INDArray t = Nd4j.rand(DataType.DOUBLE, rows, 1);
        INDArray w = MlpGradientCheckTest.random(rng, rows, 3, 1.0);

        ModelPass exactPass = exact.newPass(rows);
        ModelPass fastPass = fast.newPass(rows);
        INDArray vExact = exactPass.forward(t, x).dup();
        INDArray vFast = fastPass.forward(t.castTo(DataType.FLOAT), x.castTo(DataType.FLOAT)).castTo(DataType.DOUBLE);
        assertThat(maxAbsDiff(vExact, vFast)).isLessThan(1e-5 * (1 + vExact.amaxNumber().doubleValue()));

        INDArray gExact = Nd4j.create(DataType.DOUBLE, exact.parameterCount());
        INDArray gFast = Nd4j.create(DataType.FLOAT, fast.parameterCount());
        exactPass.backward(w, gExact);
        fastPass.backward(w.castTo(DataType.FLOAT), gFast);
        assertThat(maxAbsDiff(gExact, gFast.castTo(DataType.DOUBLE)))
                .isLessThan(1e-4 * (1 + gExact.amaxNumber().doubleValue()));
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void scalarTimeEvaluationEqualsPerRowForward(Activation activation) {
        MlpVelocityModel model = MlpVelocityModel.initialise(
                new MlpArchitecture(2, List.of(8, 8), activation), DataType.FLOAT, 1L);
        int rows = 10;
        INDArray x = Nd4j.rand(DataType.FLOAT, rows, 2);
        INDArray t = Nd4j.valueArrayOf(new long[] {rows, 1}, 0.3f);
        ModelPass pass = model.newPass(rows);
        INDArray out = Nd4j.create(DataType.FLOAT, rows, 2);
        pass.evaluate(0.3, x, out);
        assertThat(pass.forward(t, x)).isEqualTo(out);
    }

    private static double maxAbsDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }
}
