package io.flowmatch.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The contract of {@link VelocityModel} and its {@link ModelPass}: extend this class, give a
 * factory of models, and the model is held to the checks every model must pass.
 *
 * <ul>
 *   <li>shapes: the output is {@code [rows, d]}, the parameters a flat vector of
 *       {@link VelocityModel#parameterCount()} values of the model's data type;</li>
 *   <li>{@link VelocityModel#parameters()} is live: writing it changes what an existing pass
 *       computes;</li>
 *   <li>{@link VelocityModel#withParameters} copies: neither the new model, the old one nor the
 *       array passed in affects the others afterwards;</li>
 *   <li>{@link ModelPass#backward} agrees with central finite differences on a few parameters
 *       (in double precision);</li>
 *   <li>a pass gives the same output for the same input however often it is reused, another pass
 *       gives the same too, and {@link ModelPass#evaluate} agrees with
 *       {@link ModelPass#forward} at a common time;</li>
 *   <li>the same seed gives the same model; the description is not blank.</li>
 * </ul>
 *
 * <p>In the test-jar of flowmatch-core, so that models in other modules can extend it.
 */
public abstract class VelocityModelContractTest {

    private static final int ROWS = 6;

    /** A freshly initialised model of this dimension and data type; the same seed gives the same model. */
    protected abstract VelocityModel model(int dimension, DataType dataType, long seed);

    /** The dimension the checks use. */
    protected int dimension() {
        return 3;
    }

    private INDArray points(long seed, DataType type) {
        SplittableRandom rng = new SplittableRandom(seed);
        INDArray x = Nd4j.create(DataType.DOUBLE, ROWS, dimension());
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < dimension(); j++) {
                x.putScalar(i, j, rng.nextGaussian());
            }
        }
        return x.castTo(type);
    }

    private static INDArray times(long seed, DataType type) {
        SplittableRandom rng = new SplittableRandom(seed);
        INDArray t = Nd4j.create(DataType.DOUBLE, ROWS, 1);
        for (int i = 0; i < ROWS; i++) {
            t.putScalar(i, 0, rng.nextDouble());
        }
        return t.castTo(type);
    }

    @Test
    public void hasTheShapesItReports() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            VelocityModel model = model(dimension(), type, 1L);
            assertThat(model.dimension()).isEqualTo(dimension());
            assertThat(model.dataType()).isEqualTo(type);
            assertThat(model.parameters().dataType()).isEqualTo(type);
            assertThat(model.parameters().length()).isEqualTo(model.parameterCount()).isPositive();
            ModelPass pass = model.newPass(ROWS);
            assertThat(pass.rows()).isEqualTo(ROWS);
            INDArray v = pass.forward(times(2L, type), points(3L, type));
            assertThat(v.shape()).containsExactly(ROWS, dimension());
            INDArray out = Nd4j.create(type, ROWS, dimension());
            pass.evaluate(0.5, points(3L, type), out);
            assertThat(out.isNaN().any() || out.isInfinite().any()).isFalse();
            assertThatThrownBy(() -> model.newPass(0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    public void itsParametersAreLive() {
        VelocityModel model = model(dimension(), DataType.DOUBLE, 4L);
        ModelPass pass = model.newPass(ROWS);
        INDArray t = times(5L, DataType.DOUBLE);
        INDArray x = points(6L, DataType.DOUBLE);
        INDArray before = pass.forward(t, x).dup();
        model.parameters().addi(0.1);
        assertThat(pass.forward(t, x)).isNotEqualTo(before);
    }

    @Test
    public void withParametersCopiesAndKeepsTheModelsApart() {
        VelocityModel model = model(dimension(), DataType.DOUBLE, 7L);
        INDArray original = model.parameters().dup();
        INDArray given = original.mul(0.5);
        VelocityModel copy = model.withParameters(given);
        assertThat(copy.parameterCount()).isEqualTo(model.parameterCount());
        assertThat(copy.parameters()).isEqualTo(given).isNotSameAs(given);
        given.addi(1.0);
        copy.parameters().addi(2.0);
        assertThat(model.parameters()).as("the original after changing the copy").isEqualTo(original);
        assertThat(copy.parameters()).as("the copy after changing the array given").isEqualTo(original.mul(0.5).add(2.0));
        model.parameters().muli(3.0);
        assertThat(copy.parameters()).as("the copy after changing the original").isEqualTo(original.mul(0.5).add(2.0));
        INDArray t = times(8L, DataType.DOUBLE);
        INDArray x = points(9L, DataType.DOUBLE);
        VelocityModel same = model.withParameters(model.parameters());
        assertThat(same.newPass(ROWS).forward(t, x)).isEqualTo(model.newPass(ROWS).forward(t, x));
    }

    @Test
    public void backwardAgreesWithFiniteDifferences() {
        VelocityModel model = model(dimension(), DataType.DOUBLE, 10L);
        ModelPass pass = model.newPass(ROWS);
        INDArray t = times(11L, DataType.DOUBLE);
        INDArray x = points(12L, DataType.DOUBLE);
        INDArray w = points(13L, DataType.DOUBLE);
        pass.forward(t, x);
        INDArray analytic = Nd4j.create(DataType.DOUBLE, model.parameterCount());
        pass.backward(w, analytic);
        assertThat(analytic.norm2Number().doubleValue()).as("gradient norm").isGreaterThan(1e-3);
        INDArray theta = model.parameters();
        long count = model.parameterCount();
        long[] chosen = {0, count / 7, count / 3, count / 2, 2 * count / 3, count - 2, count - 1};
        double h = 1e-6;
        for (long i : chosen) {
            double value = theta.getDouble(i);
            theta.putScalar(i, value + h);
            double plus = pass.forward(t, x).mul(w).sumNumber().doubleValue();
            theta.putScalar(i, value - h);
            double minus = pass.forward(t, x).mul(w).sumNumber().doubleValue();
            theta.putScalar(i, value);
            double numeric = (plus - minus) / (2 * h);
            assertThat(analytic.getDouble(i)).as("dL/dtheta[%s]", i)
                    .isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, Math.abs(numeric))));
        }
    }

    @Test
    public void aReusedPassGivesTheSameOutputAsAFreshOne() {
        VelocityModel model = model(dimension(), DataType.FLOAT, 14L);
        ModelPass pass = model.newPass(ROWS);
        INDArray t = times(15L, DataType.FLOAT);
        INDArray x = points(16L, DataType.FLOAT);
        INDArray first = pass.forward(t, x).dup();
        pass.forward(times(17L, DataType.FLOAT), points(18L, DataType.FLOAT));
        assertThat(pass.forward(t, x)).isEqualTo(first);
        assertThat(model.newPass(ROWS).forward(t, x)).isEqualTo(first);
        INDArray out = Nd4j.create(DataType.FLOAT, ROWS, dimension());
        pass.evaluate(0.25, x, out);
        INDArray common = Nd4j.valueArrayOf(new long[] {ROWS, 1}, 0.25f);
        assertThat(out).isEqualTo(pass.forward(common, x));
    }

    @Test
    public void theSameSeedGivesTheSameModelAndTheDescriptionSaysWhatItIs() {
        VelocityModel a = model(dimension(), DataType.FLOAT, 19L);
        VelocityModel b = model(dimension(), DataType.FLOAT, 19L);
        assertThat(a.parameters()).isEqualTo(b.parameters());
        assertThat(a.description()).isNotBlank();
    }
}
