package io.flowmatch.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MlpVelocityModelTest {

    @Test
    void seedRecipeHasTheExpectedShapeAndPyTorchInitialisationBounds() {
        MlpArchitecture arch = MlpArchitecture.defaults(2);
        MlpVelocityModel model = MlpVelocityModel.initialise(arch, DataType.FLOAT, 42L);
        // (3 + 1) * 64 + 2 * (64 + 1) * 64 + (64 + 1) * 2
        assertThat(model.parameterCount()).isEqualTo(4 * 64 + 2 * 65 * 64 + 65 * 2);
        INDArray first = model.layerBlock(0);
        assertThat(first.shape()).containsExactly(4, 64);
        assertThat(first.amaxNumber().doubleValue()).isLessThanOrEqualTo(1 / Math.sqrt(3)).isGreaterThan(0.5);
        INDArray hidden = model.layerBlock(1);
        assertThat(hidden.amaxNumber().doubleValue()).isLessThanOrEqualTo(1 / 8.0).isGreaterThan(0.12);
        // uniform on [-b, b] has variance b^2 / 3
        double var = hidden.castTo(DataType.DOUBLE).varNumber().doubleValue();
        assertThat(var).isCloseTo(1 / 64.0 / 3, org.assertj.core.data.Percentage.withPercentage(10));
    }

    @Test
    void sameSeedSameWeightsDifferentSeedDifferentWeights() {
        MlpArchitecture arch = MlpArchitecture.defaults(2);
        INDArray a = MlpVelocityModel.initialise(arch, DataType.FLOAT, 1L).parameters();
        INDArray b = MlpVelocityModel.initialise(arch, DataType.FLOAT, 1L).parameters();
        INDArray c = MlpVelocityModel.initialise(arch, DataType.FLOAT, 2L).parameters();
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void forwardMatchesAHandComputedNetwork() {
        // d = 1, one hidden layer of width 1 with ReLU: v = w2 * relu(wx x + wt t + b1) + b2
        MlpArchitecture arch = new MlpArchitecture(1, List.of(1), Activation.RELU);
        INDArray params = Nd4j.createFromArray(2.0f, -1.0f, 0.5f, 3.0f, 0.25f);
        MlpVelocityModel model = MlpVelocityModel.of(arch, params);
        ModelPass pass = model.newPass(2);
        INDArray x = Nd4j.createFromArray(new float[][] {{1f}, {-1f}});
        INDArray t = Nd4j.createFromArray(new float[][] {{0.5f}, {0.5f}});
        INDArray v = pass.forward(t, x);
        // row 0: relu(2 - 0.5 + 0.5) = 2 -> 3 * 2 + 0.25; row 1: relu(-2 - 0.5 + 0.5) = 0 -> 0.25
        assertThat(v.getFloat(0, 0)).isEqualTo(6.25f);
        assertThat(v.getFloat(1, 0)).isEqualTo(0.25f);
    }

    @Test
    void rejectsBadShapesAndValues() {
        MlpArchitecture arch = MlpArchitecture.defaults(2);
        MlpVelocityModel model = MlpVelocityModel.initialise(arch, DataType.FLOAT, 1L);
        ModelPass pass = model.newPass(4);
        assertThatThrownBy(() -> pass.forward(Nd4j.zeros(DataType.FLOAT, 4, 1), Nd4j.zeros(DataType.FLOAT, 4, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[4, 2]");
        assertThatThrownBy(() -> pass.forward(Nd4j.zeros(DataType.FLOAT, 3, 1), Nd4j.zeros(DataType.FLOAT, 4, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one time per row");
        assertThatThrownBy(() -> model.newPass(0)).hasMessageContaining("rows must be positive");
        assertThatThrownBy(() -> MlpVelocityModel.of(arch, Nd4j.zeros(DataType.FLOAT, 10)))
                .hasMessageContaining("needs " + arch.parameterCount());
        INDArray nan = model.parameters().dup();
        nan.putScalar(3, Float.NaN);
        assertThatThrownBy(() -> MlpVelocityModel.of(arch, nan)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> new MlpArchitecture(0, List.of(4), Activation.ELU)).hasMessageContaining("dimension");
        assertThatThrownBy(() -> new MlpArchitecture(2, List.of(), Activation.ELU)).hasMessageContaining("hidden layer");
        assertThatThrownBy(() -> Activation.parse("sigmoid")).hasMessageContaining("unknown activation 'sigmoid'");
    }

    @Test
    void backwardReadsAColumnMajorGradientAfreshOnEveryCall() {
        MlpVelocityModel model = MlpVelocityModel.initialise(MlpArchitecture.defaults(2), DataType.FLOAT, 1L);
        ModelPass pass = model.newPass(4);
        INDArray t = Nd4j.rand(DataType.FLOAT, 4, 1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 2);
        INDArray columnMajor = Nd4j.create(DataType.FLOAT, new long[] {4, 2}, 'f');
        INDArray viaCopy = Nd4j.create(DataType.FLOAT, model.parameterCount());
        INDArray direct = Nd4j.create(DataType.FLOAT, model.parameterCount());
        for (int call = 0; call < 2; call++) {
            INDArray g = Nd4j.rand(DataType.FLOAT, 4, 2);
            columnMajor.assign(g);
            pass.forward(t, x);
            pass.backward(columnMajor, viaCopy);
            pass.forward(t, x);
            pass.backward(g, direct);
            assertThat(viaCopy).as("call %s", call).isEqualTo(direct);
        }
    }

    @Test
    void viewsAndOtherTypesAsInputAreCopiedCorrectly() {
        MlpVelocityModel model = MlpVelocityModel.initialise(MlpArchitecture.defaults(2), DataType.FLOAT, 1L);
        INDArray big = Nd4j.rand(DataType.DOUBLE, 8, 2);
        INDArray view = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 6),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        ModelPass pass = model.newPass(4);
        INDArray viaView = Nd4j.create(DataType.FLOAT, 4, 2);
        pass.evaluate(0.5, view, viaView);
        INDArray dense = Nd4j.create(DataType.FLOAT, 4, 2);
        pass.evaluate(0.5, view.castTo(DataType.FLOAT).dup('c'), dense);
        assertThat(viaView).isEqualTo(dense);
    }
}
