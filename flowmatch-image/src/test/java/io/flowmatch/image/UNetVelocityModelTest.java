package io.flowmatch.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.model.ConditionalPass;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class UNetVelocityModelTest {

    private static final UNetArchitecture TINY = new UNetArchitecture(8, 8, 3, 2, 3, 4, 5);

    private static INDArray random(SplittableRandom rng, DataType type, long... shape) {
        INDArray out = Nd4j.create(type, shape);
        for (long i = 0; i < out.length(); i++) {
            out.putScalar(i, rng.nextDouble(-1, 1));
        }
        return out;
    }

    private static double loss(ConditionalPass pass, INDArray t, INDArray x, INDArray weights) {
        return pass.forward(t, x).mul(weights).sumNumber().doubleValue();
    }

    @Test
    void parameterGradientMatchesCentralDifferencesInDoublePrecision() {
        checkGradient(TINY);
    }

    @Test
    void parameterGradientMatchesCentralDifferencesWithTwoMiddleBlocks() {
        checkGradient(new UNetArchitecture(8, 8, 3, 2, 3, 4, 5, 2));
    }

    private static void checkGradient(UNetArchitecture architecture) {
        UNetVelocityModel model = UNetVelocityModel.initialise(architecture, DataType.DOUBLE, 5L);
        assertThat(model.parameterCount()).isEqualTo(architecture.parameterCount());
        SplittableRandom rng = new SplittableRandom(9L);
        int rows = 3;
        INDArray x = random(rng, DataType.DOUBLE, rows, 64);
        INDArray t = Nd4j.createFromArray(0.1, 0.55, 0.999).reshape(rows, 1);
        INDArray weights = random(rng, DataType.DOUBLE, rows, 64);
        ConditionalPass pass = model.newConditionalPass(rows);
        pass.labels(new int[] {2, ConditionalPass.NULL_LABEL, 0});
        pass.forward(t, x);
        INDArray grad = Nd4j.create(DataType.DOUBLE, model.parameterCount());
        pass.backward(weights, grad);

        INDArray theta = model.parameters();
        double h = 1e-6;
        // every 3rd parameter and the last (~260 of 775): every block (im2col convolutions, shuffle, skip,
        // embeddings) and every weight position of each 3x3 kernel, in a few seconds
        for (long i = 0; i < theta.length(); i = i + 3 < theta.length() ? i + 3 : (i == theta.length() - 1 ? i + 3
                : theta.length() - 1)) {
            double original = theta.getDouble(i);
            theta.putScalar(i, original + h);
            double up = loss(pass, t, x, weights);
            theta.putScalar(i, original - h);
            double down = loss(pass, t, x, weights);
            theta.putScalar(i, original);
            double numeric = (up - down) / (2 * h);
            double analytic = grad.getDouble(i);
            double error = Math.abs(numeric - analytic) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic));
            assertThat(error).as("parameter %d: numeric %s analytic %s", i, numeric, analytic).isLessThan(1e-5);
        }
        // the unused label row (class 1) gets no gradient; every block gets some
        assertThat(grad.norm2Number().doubleValue()).isGreaterThan(0);
    }

    @Test
    void labelsChangeTheOutputAndAreChecked() {
        UNetVelocityModel model = UNetVelocityModel.initialise(TINY, DataType.FLOAT, 1L);
        ConditionalPass pass = model.newConditionalPass(2);
        INDArray x = random(new SplittableRandom(1), DataType.FLOAT, 2, 64);
        INDArray t = Nd4j.createFromArray(0.3f, 0.3f);
        INDArray unconditional = pass.forward(t, x).dup();
        pass.labels(new int[] {0, 1});
        INDArray conditional = pass.forward(t, x).dup();
        assertThat(unconditional.shape()).containsExactly(2, 64);
        assertThat(conditional.sub(unconditional).norm2Number().doubleValue()).isGreaterThan(1e-4);
        INDArray out = Nd4j.create(DataType.FLOAT, 2, 64);
        pass.evaluate(0.3, x, out);
        assertThat(out.equalsWithEps(conditional, 1e-6)).isTrue();
        assertThatThrownBy(() -> pass.labels(new int[] {0, 3})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label 3 of row 1");
        assertThatThrownBy(() -> pass.labels(new int[] {0})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UNetArchitecture(10, 8, 3, 2, 3, 4, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiples of 4");
    }
}
