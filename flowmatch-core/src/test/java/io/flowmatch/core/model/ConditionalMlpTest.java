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
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The class-conditional MLP: its class embedding's gradient against finite differences, the null
 * label as the unconditional network, and classifier-free guidance ({@link GuidedField}).
 */
class ConditionalMlpTest {

    private static final int ROWS = 6;
    private static final int CLASSES = 4;
    /** Two rows of class 1, one of 3, two null rows, one of 0: class 2 is carried by no row. */
    private static final int[] LABELS = {1, ConditionalPass.NULL_LABEL, 3, 1, ConditionalPass.NULL_LABEL, 0};

    private static MlpArchitecture arch(Activation activation, int classes) {
        return new MlpArchitecture(2, List.of(6, 5), activation, classes);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void backwardWithLabelsMatchesFiniteDifferences(Activation activation) {
        MlpVelocityModel model = MlpVelocityModel.initialise(arch(activation, CLASSES), DataType.DOUBLE, 11L);
        SplittableRandom rng = new SplittableRandom(3L);
        INDArray x = MlpGradientCheckTest.random(rng, ROWS, 2, 1.5);
        INDArray t = Nd4j.create(DataType.DOUBLE, ROWS, 1);
        for (int i = 0; i < ROWS; i++) {
            t.putScalar(i, 0, rng.nextDouble());
        }
        INDArray w = MlpGradientCheckTest.random(rng, ROWS, 2, 1.0);
        ConditionalPass pass = model.newConditionalPass(ROWS);
        pass.labels(LABELS);
        pass.forward(t, x);
        INDArray analytic = Nd4j.valueArrayOf(new long[] {model.parameterCount()}, 123.0, DataType.DOUBLE);
        pass.backward(w, analytic);

        INDArray theta = model.parameters();
        double h = 1e-6;
        double worst = 0;
        for (long i = 0; i < model.parameterCount(); i++) {
            double original = theta.getDouble(i);
            theta.putScalar(i, original + h);
            double plus = pass.forward(t, x).mul(w).sumNumber().doubleValue();
            theta.putScalar(i, original - h);
            double minus = pass.forward(t, x).mul(w).sumNumber().doubleValue();
            theta.putScalar(i, original);
            double numeric = (plus - minus) / (2 * h);
            worst = Math.max(worst, Math.abs(numeric - analytic.getDouble(i)) / Math.max(1.0, Math.abs(numeric)));
        }
        assertThat(worst).as("largest relative gradient error for %s", activation).isLessThan(1e-6);
        MlpArchitecture a = model.architecture();
        INDArray embedding = analytic.get(NDArrayIndex.interval(a.embeddingOffset(), a.parameterCount()))
                .reshape(CLASSES, 6);
        assertThat(embedding.getRow(2).norm1Number().doubleValue()).as("class 2: no row, no gradient").isZero();
        for (int k : new int[] {0, 1, 3}) {
            assertThat(embedding.getRow(k).norm2Number().doubleValue()).as("class %s", k).isGreaterThan(1e-3);
        }
    }

    @Test
    void withoutLabelsTheEmbeddingGetsAZeroGradientAndTheLayersTheUnconditionalOnes() {
        MlpVelocityModel conditional = MlpVelocityModel.initialise(arch(Activation.ELU, CLASSES), DataType.DOUBLE, 5L);
        MlpVelocityModel plain = MlpVelocityModel.initialise(arch(Activation.ELU, 0), DataType.DOUBLE, 5L);
        long layers = plain.parameterCount();
        // the same seed draws the same layers: the embedding comes after them
        assertThat(conditional.parameters().get(NDArrayIndex.interval(0, layers))).isEqualTo(plain.parameters());
        SplittableRandom rng = new SplittableRandom(8L);
        INDArray x = MlpGradientCheckTest.random(rng, ROWS, 2, 1.0);
        INDArray t = Nd4j.rand(DataType.DOUBLE, ROWS, 1);
        INDArray w = MlpGradientCheckTest.random(rng, ROWS, 2, 1.0);
        INDArray gradConditional = Nd4j.valueArrayOf(new long[] {conditional.parameterCount()}, 7.0, DataType.DOUBLE);
        INDArray gradPlain = Nd4j.create(DataType.DOUBLE, layers);
        ModelPass c = conditional.newPass(ROWS);
        ModelPass p = plain.newPass(ROWS);
        assertThat(c.forward(t, x)).isEqualTo(p.forward(t, x));
        c.backward(w, gradConditional);
        p.backward(w, gradPlain);
        assertThat(gradConditional.get(NDArrayIndex.interval(0, layers))).isEqualTo(gradPlain);
        assertThat(gradConditional.get(NDArrayIndex.interval(layers, conditional.parameterCount()))
                .norm1Number().doubleValue()).isZero();
    }

    @Test
    void theNullLabelIsTheUnconditionalNetworkAndAClassShiftsIt() {
        MlpVelocityModel model = MlpVelocityModel.initialise(arch(Activation.SILU, CLASSES), DataType.FLOAT, 2L);
        INDArray x = Nd4j.rand(DataType.FLOAT, ROWS, 2);
        INDArray plain = Nd4j.create(DataType.FLOAT, ROWS, 2);
        model.newPass(ROWS).evaluate(0.4, x, plain);
        ConditionalPass pass = model.newConditionalPass(ROWS);
        INDArray out = Nd4j.create(DataType.FLOAT, ROWS, 2);
        pass.evaluate(0.4, x, out);
        assertThat(out).as("no labels set: the null label").isEqualTo(plain);
        pass.labels(LABELS);
        pass.evaluate(0.4, x, out);
        for (int i = 0; i < ROWS; i++) {
            if (LABELS[i] == ConditionalPass.NULL_LABEL) {
                assertThat(out.getRow(i)).as("null row %s", i).isEqualTo(plain.getRow(i));
            } else {
                assertThat(out.getRow(i)).as("labelled row %s", i).isNotEqualTo(plain.getRow(i));
            }
        }
        pass.labels(new int[] {ConditionalPass.NULL_LABEL, -1, -1, -1, -1, -1});
        pass.evaluate(0.4, x, out);
        assertThat(out).isEqualTo(plain);
    }

    @Test
    void theFloatPassMatchesTheDoublePassWithLabels() {
        MlpVelocityModel exact = MlpVelocityModel.initialise(arch(Activation.GELU, CLASSES), DataType.DOUBLE, 4L);
        MlpVelocityModel fast = exact.withParameters(exact.parameters().castTo(DataType.FLOAT));
        INDArray x = Nd4j.rand(DataType.DOUBLE, ROWS, 2);
        INDArray t = Nd4j.rand(DataType.DOUBLE, ROWS, 1);
        ConditionalPass a = exact.newConditionalPass(ROWS);
        ConditionalPass b = fast.newConditionalPass(ROWS);
        a.labels(LABELS);
        b.labels(LABELS);
        INDArray va = a.forward(t, x).dup();
        INDArray vb = b.forward(t.castTo(DataType.FLOAT), x.castTo(DataType.FLOAT)).castTo(DataType.DOUBLE);
        assertThat(va.sub(vb).amaxNumber().doubleValue()).isLessThan(1e-5);
        INDArray w = Nd4j.rand(DataType.DOUBLE, ROWS, 2);
        INDArray ga = Nd4j.create(DataType.DOUBLE, exact.parameterCount());
        INDArray gb = Nd4j.create(DataType.FLOAT, fast.parameterCount());
        a.backward(w, ga);
        b.backward(w.castTo(DataType.FLOAT), gb);
        assertThat(ga.sub(gb.castTo(DataType.DOUBLE)).amaxNumber().doubleValue()).isLessThan(1e-4);
    }

    @Test
    void guidanceInterpolatesAndExtrapolatesBetweenTheTwoFields() {
        MlpVelocityModel model = MlpVelocityModel.initialise(arch(Activation.ELU, CLASSES), DataType.FLOAT, 9L);
        INDArray x = Nd4j.rand(DataType.FLOAT, ROWS, 2).subi(0.5).muli(4);
        INDArray unconditional = Nd4j.create(DataType.FLOAT, ROWS, 2);
        INDArray conditional = Nd4j.create(DataType.FLOAT, ROWS, 2);
        model.newPass(ROWS).evaluate(0.7, x, unconditional);
        ConditionalPass pass = model.newConditionalPass(ROWS);
        pass.labels(LABELS);
        pass.evaluate(0.7, x, conditional);
        for (double w : new double[] {0, 1, 2.5, -0.5}) {
            INDArray out = Nd4j.create(DataType.FLOAT, ROWS, 2);
            new GuidedField(model, LABELS, w).evaluate(0.7, x, out);
            INDArray expected = conditional.sub(unconditional).muli(w).addi(unconditional);
            assertThat(out.sub(expected).amaxNumber().doubleValue()).as("w = %s", w).isLessThan(1e-5);
            // the null rows are unconditional whatever w is
            assertThat(out.getRow(1)).isEqualTo(unconditional.getRow(1));
        }
        INDArray viaView = Nd4j.create(DataType.FLOAT, 2L * ROWS, 2).get(NDArrayIndex.interval(ROWS, 2 * ROWS),
                NDArrayIndex.all());
        INDArray dense = Nd4j.create(DataType.FLOAT, ROWS, 2);
        GuidedField field = new GuidedField(model, LABELS, 2.0);
        field.evaluate(0.7, x, dense);
        field.evaluate(0.7, x, viaView);
        assertThat(viaView.sub(dense).amaxNumber().doubleValue()).as("a view as output").isLessThan(1e-6);
    }

    @Test
    void badLabelsAndUnconditionalModelsAreRefused() {
        MlpVelocityModel model = MlpVelocityModel.initialise(arch(Activation.ELU, CLASSES), DataType.FLOAT, 1L);
        ConditionalPass pass = model.newConditionalPass(3);
        assertThatThrownBy(() -> pass.labels(new int[] {0, 4, 1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label 4 of row 1 is outside [0, 4)");
        assertThatThrownBy(() -> pass.labels(new int[] {0, -2, 1})).hasMessageContaining("label -2");
        assertThatThrownBy(() -> pass.labels(new int[] {0, 1})).hasMessageContaining("one label per row (3)");
        MlpVelocityModel plain = MlpVelocityModel.initialise(arch(Activation.ELU, 0), DataType.FLOAT, 1L);
        assertThatThrownBy(() -> plain.newConditionalPass(3)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("takes no class labels");
        assertThatThrownBy(() -> new GuidedField(model, new int[] {0}, Double.NaN))
                .hasMessageContaining("guidance scale must be finite");
        assertThatThrownBy(() -> new MlpArchitecture(2, List.of(4), Activation.ELU, -1))
                .hasMessageContaining("classes must be in [0, 65536]");
        assertThat(arch(Activation.ELU, CLASSES).toString()).isEqualTo("mlp(d=2, hidden=[6, 5], elu, classes=4)");
        assertThat(arch(Activation.ELU, 0).toString()).isEqualTo("mlp(d=2, hidden=[6, 5], elu)");
        assertThat(arch(Activation.ELU, CLASSES).parameterCount())
                .isEqualTo(arch(Activation.ELU, 0).parameterCount() + CLASSES * 6);
    }
}
