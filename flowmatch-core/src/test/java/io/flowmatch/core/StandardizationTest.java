package io.flowmatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.likelihood.LogLikelihood;
import io.flowmatch.core.metrics.SampleDistances;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Per-coordinate standardization: data in any units train as well as data near unit scale. */
class StandardizationTest {

    private static final double[] SCALE = {1000.0, 0.01};

    private static INDArray scaled(INDArray points) {
        INDArray out = points.castTo(DataType.FLOAT).dup();
        out.getColumn(0).muli(SCALE[0]);
        out.getColumn(1).muli(SCALE[1]);
        return out;
    }

    private static INDArray unscaled(INDArray points) {
        INDArray out = points.castTo(DataType.FLOAT).dup();
        out.getColumn(0).divi(SCALE[0]);
        out.getColumn(1).divi(SCALE[1]);
        return out;
    }

    @Test
    void dataInThousandsAndHundredthsTrainAsWellAsUnitScaleData() {
        INDArray train = Datasets.moons(0.05).sample(8_000, 1L);
        INDArray truth = Datasets.moons(0.05).sample(1_500, 2L);
        FlowModel plain = FlowMatcher.builder().data(Datasets.of(train)).iterations(2_000).seed(3L).train();
        FlowModel standardized = FlowMatcher.builder().data(Datasets.of(scaled(train))).iterations(2_000).seed(3L).train();
        FlowModel raw = FlowMatcher.builder().data(Datasets.of(scaled(train))).normalize(false)
                .iterations(300).seed(3L).train();
        double w2Plain = SampleDistances.wasserstein2(plain.sample(1_500, Solvers.midpoint(), 50, 4L), truth);
        double w2Standardized = SampleDistances.wasserstein2(
                unscaled(standardized.sample(1_500, Solvers.midpoint(), 50, 4L)), truth);
        double w2Raw = SampleDistances.wasserstein2(unscaled(raw.sample(1_500, Solvers.midpoint(), 50, 4L)), truth);
        System.err.printf("W2 in moons units: unit-scale data %.4f, scaled data standardized %.4f, raw %.4f%n",
                w2Plain, w2Standardized, w2Raw);
        assertThat(w2Standardized).isLessThan(1.2 * w2Plain);
        assertThat(w2Raw).as("without standardization the scaled data are not learned").isGreaterThan(3 * w2Plain);
        assertThat(standardized.provenance()).containsEntry("normalize", "true");
    }

    @Test
    void aConstantColumnIsCentredNotDividedByZero() {
        INDArray train = Datasets.moons(0.05).sample(2_000, 1L);
        INDArray withConstant = Nd4j.hstack(train.castTo(DataType.FLOAT), Nd4j.valueArrayOf(new long[] {2_000, 1}, 7.5f));
        FlowModel model = FlowMatcher.builder().data(Datasets.of(withConstant)).iterations(300).seed(1L).train();
        Standardization units = model.standardization().orElseThrow();
        assertThat(units.scale()[2]).isEqualTo(1.0);
        assertThat(units.mean()[2]).isEqualTo(7.5);
        INDArray samples = model.sample(500, Solvers.midpoint(), 20, 2L);
        assertThat(samples.isNaN().any()).isFalse();
        assertThat(samples.getColumn(2).meanNumber().doubleValue()).isCloseTo(7.5, org.assertj.core.data.Offset.offset(0.5));
    }

    @Test
    void velocitiesAreInTheDataUnits() {
        FlowModel model = FlowMatcher.builder().data(Datasets.of(scaled(Datasets.moons(0.05).sample(2_000, 1L))))
                .iterations(200).seed(1L).train();
        Standardization units = model.standardization().orElseThrow();
        INDArray z0 = model.source().sample(new SplittableRandom(5L), 100);
        INDArray x0 = z0.castTo(DataType.FLOAT).dup();
        units.restoreInPlace(x0);
        // one Euler step in data units must land where one Euler step of the sampler lands
        INDArray stepped = x0.add(model.velocity(0.0, x0));
        INDArray sampled = model.sample(100, Solvers.euler(), 1, 5L);
        for (int k = 0; k < 2; k++) {
            double tolerance = 1e-4 * SCALE[k] * 10;
            for (int i = 0; i < 100; i++) {
                assertThat(stepped.getDouble(i, k)).isCloseTo(sampled.getDouble(i, k),
                        org.assertj.core.data.Offset.offset(tolerance));
            }
        }
    }

    @Test
    void theLogDensityInDataUnitsIncludesTheLogDeterminantOfTheScaling() {
        FlowModel model = FlowMatcher.builder().data(Datasets.of(scaled(Datasets.moons(0.05).sample(2_000, 1L))))
                .iterations(300).seed(1L).train();
        Standardization units = model.standardization().orElseThrow();
        INDArray x = scaled(Datasets.moons(0.05).sample(20, 9L));
        double[] inData = LogLikelihood.builder(model).build().logDensity(x);
        double[] inNetworkUnits = LogLikelihood.builder(model.withStandardization(null)).build()
                .logDensity(units.standardize(x));
        assertThat(Math.abs(units.logScaleSum())).as("the test needs a scaling with a visible log-determinant")
                .isGreaterThan(0.5);
        assertThat(units.logScaleSum()).isCloseTo(Math.log(units.scale()[0]) + Math.log(units.scale()[1]),
                org.assertj.core.data.Offset.offset(1e-12));
        for (int i = 0; i < x.rows(); i++) {
            assertThat(inData[i]).isCloseTo(inNetworkUnits[i] - units.logScaleSum(),
                    org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void aStandardizedModelSavesAndLoadsBitIdentically(@TempDir Path dir) {
        FlowModel model = FlowMatcher.builder().data(Datasets.of(scaled(Datasets.moons(0.05).sample(1_000, 1L))))
                .iterations(100).seed(1L).train();
        Path file = dir.resolve("scaled.flow");
        model.save(file);
        FlowModel again = FlowModel.load(file);
        assertThat(again.standardization()).isEqualTo(model.standardization());
        assertThat(again.sample(200, Solvers.euler(), 10, 3L)).isEqualTo(model.sample(200, Solvers.euler(), 10, 3L));
    }

    @Test
    void standardizationNeedsTheStandardSourceAndIsOffWithAnother() {
        assertThat(Recipe.builder().build().normalize()).isTrue();
        assertThat(Recipe.builder().source(Datasets.eightGaussians()).build().normalize()).isFalse();
        assertThatThrownBy(() -> Recipe.builder().source(Datasets.eightGaussians()).normalize(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("standard Gaussian source");
        assertThat(Recipe.fromMap(Recipe.builder().normalize(false).build().toMap()).normalize()).isFalse();
        assertThat(FlowMatcher.builder().data(Datasets.moons(0.05)).normalize(false).iterations(1).train()
                .standardization()).isEmpty();
    }

    @Test
    void badMomentsAreRejected() {
        assertThatThrownBy(() -> Standardization.of(new double[] {0, 1}, new double[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("coordinate 1");
        assertThatThrownBy(() -> Standardization.fit(Nd4j.createFromArray(new double[][] {{1e308, 1}, {-1e308, 2}})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column 0");
    }
}
