package io.flowmatch.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmatch.core.model.ConditionalPass;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fast float pass computes what the reference pass (checked against finite differences in
 * double precision) computes, to float rounding: outputs and every parameter gradient.
 */
class FloatUNetPassTest {

    @Test
    void agreesWithTheReferencePassOnTheDefaultShape() {
        check(UNetArchitecture.defaults(28, 28, 10), 3);
    }

    @Test
    void agreesWithTheReferencePassOnASmallOddShape() {
        check(new UNetArchitecture(12, 8, 3, 5, 7, 4, 6, 2), 4);
    }

    private static void check(UNetArchitecture architecture, int rows) {
        UNetVelocityModel model = UNetVelocityModel.initialise(architecture, DataType.FLOAT, 11L);
        SplittableRandom rng = new SplittableRandom(3L);
        INDArray x = Nd4j.create(DataType.FLOAT, rows, architecture.dimension());
        INDArray weights = Nd4j.create(DataType.FLOAT, rows, architecture.dimension());
        for (long i = 0; i < x.length(); i++) {
            x.putScalar(i, rng.nextGaussian());
            weights.putScalar(i, rng.nextDouble(-1, 1));
        }
        INDArray t = Nd4j.create(DataType.FLOAT, rows, 1);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            t.putScalar(i, rng.nextDouble());
            labels[i] = i % 2 == 0 ? ConditionalPass.NULL_LABEL : rng.nextInt(architecture.classes());
        }
        ConditionalPass fast = model.newConditionalPass(rows);
        ConditionalPass reference = model.newReferencePass(rows);
        assertThat(fast).isInstanceOf(FloatUNetPass.class);
        fast.labels(labels);
        reference.labels(labels);
        float[] vFast = fast.forward(t, x).dup('c').data().asFloat();
        float[] vRef = reference.forward(t, x).dup('c').data().asFloat();
        assertClose(vFast, vRef, "output");

        INDArray gFast = Nd4j.create(DataType.FLOAT, model.parameterCount());
        INDArray gRef = Nd4j.create(DataType.FLOAT, model.parameterCount());
        gFast.assign(Float.NaN); // every entry must be overwritten
        fast.backward(weights, gFast);
        reference.backward(weights, gRef);
        assertClose(gFast.toFloatVector(), gRef.toFloatVector(), "gradient");

        // a second round with other inputs: buffers are reused, nothing is left over from the first
        x.muli(0.5);
        fast.labels(new int[rows]);
        reference.labels(new int[rows]);
        assertClose(fast.forward(t, x).dup('c').data().asFloat(), reference.forward(t, x).dup('c').data().asFloat(),
                "second output");
        fast.backward(weights, gFast);
        reference.backward(weights, gRef);
        assertClose(gFast.toFloatVector(), gRef.toFloatVector(), "second gradient");

        INDArray out = Nd4j.create(DataType.FLOAT, rows, architecture.dimension());
        fast.evaluate(0.3, x, out);
        INDArray outRef = Nd4j.create(DataType.FLOAT, rows, architecture.dimension());
        reference.evaluate(0.3, x, outRef);
        assertClose(out.dup('c').data().asFloat(), outRef.dup('c').data().asFloat(), "evaluate");
    }

    /** Each value within 1e-4 of the other's scale (the largest magnitude), and no NaN. */
    private static void assertClose(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i]).as("%s[%d]", what, i).isFinite()
                    .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-4 * scale + 1e-7));
        }
    }
}
