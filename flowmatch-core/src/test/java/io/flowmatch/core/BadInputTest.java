package io.flowmatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.model.MlpVelocityModel;
import io.flowmatch.core.path.Paths;
import io.flowmatch.core.train.TrainingConfig;
import io.flowmatch.core.train.TrainingDivergedException;
import io.flowmatch.core.train.TrainingSession;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Degenerate and hostile inputs that the loaders' own tests do not cover: data that are legal but
 * extreme (one point, zero variance, 1e30), mismatched dimensions, files too large to be models.
 */
class BadInputTest {

    @TempDir
    Path dir;

    /** The largest distance of a sample from {@code point}. */
    private static double maxDistance(INDArray samples, float[] point) {
        INDArray centre = Nd4j.createFromArray(point).reshape(1, point.length).castTo(DataType.FLOAT);
        return samples.subRowVector(centre).norm2(1).maxNumber().doubleValue();
    }

    @Test
    void aSinglePointIsLearnedAsAPointMass() {
        float[] point = {3f, -1f};
        FlowModel model = FlowMatcher.builder().data(Datasets.of(Nd4j.createFromArray(new float[][] {point})))
                .iterations(1000).batchSize(64).seed(1L).logEvery(10_000).train();
        INDArray samples = model.sample(500, Solvers.midpoint(), 50);
        assertThat(samples.isInfinite().any() || samples.isNaN().any()).isFalse();
        // noise of scale 1 is carried to within a small radius of the point (an untrained flow
        // leaves it spread over a radius of about 3)
        assertThat(maxDistance(samples, point)).isLessThan(0.5);
    }

    @Test
    void constantDataOfZeroVarianceTrainsToItsValue() {
        float[] point = {0.5f, 0.5f, 0.5f};
        INDArray same = Nd4j.createFromArray(point).reshape(1, 3).repeat(0, 200);
        FlowModel model = FlowMatcher.builder().data(Datasets.of(same)).iterations(1000).batchSize(64).seed(2L)
                .logEvery(10_000).train();
        assertThat(maxDistance(model.sample(500, Solvers.midpoint(), 50), point)).isLessThan(0.5);
    }

    @Test
    void absurdMagnitudesInAFileStopAtTheFirstStepWithAHintUnlessStandardized() throws Exception {
        Path csv = dir.resolve("huge.csv");
        Files.writeString(csv, "x,y\n1e30,2e30\n-1e30,5e29\n3e30,-1e30\n");
        assertThatThrownBy(() -> FlowMatcher.builder().data(Datasets.fromCsv(csv)).normalize(false).iterations(10)
                .train())
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("diverged at step 1").hasMessageContaining("normalising the data");
        // standardized by default, the same file trains, and samples come back in its units
        INDArray samples = FlowMatcher.builder().data(Datasets.fromCsv(csv)).iterations(10).train()
                .sample(50, io.flowmatch.solvers.Solvers.euler(), 5, 1L);
        assertThat(samples.isNaN().any() || samples.isInfinite().any()).isFalse();
        assertThat(samples.amaxNumber().doubleValue()).isGreaterThan(1e28);
    }

    @Test
    void aSourceOfAnotherDimensionIsRejected() {
        MlpVelocityModel model = MlpVelocityModel.initialise(MlpArchitecture.defaults(2), DataType.FLOAT, 1L);
        assertThatThrownBy(() -> new FlowMatchingObjective(Recipe.builder().build(), model, Datasets.moons(0.05),
                Datasets.gaussian(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source has dimension 3 but the model has dimension 2");
        assertThatThrownBy(() -> new FlowMatchingObjective(Recipe.builder().build(), model, Datasets.gaussian(4),
                Datasets.gaussian(2)))
                .hasMessageContaining("data has dimension 4 but the model has dimension 2");
    }

    @Test
    void velocityOfPointsOfAnotherDimensionIsRejected() {
        FlowModel model = FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(1).train();
        assertThatThrownBy(() -> model.velocity(0.5, Nd4j.zeros(DataType.FLOAT, 4, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x must have shape [n, 2]");
        assertThatThrownBy(() -> model.velocity(Double.NaN, Nd4j.zeros(DataType.FLOAT, 4, 2)))
                .hasMessageContaining("t must be finite");
    }

    @Test
    void aFileLargerThanAnyModelIsRefusedWithoutBeingRead() throws Exception {
        Path big = dir.resolve("big.flow");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(3L << 30); // sparse on the usual file systems: no disk is used
        }
        assertThatThrownBy(() -> FlowModel.load(big)).isInstanceOf(io.flowmatch.core.io.ModelFormatException.class)
                .hasMessageContaining("larger than any flowmatch model file");
        // a large file of another kind is refused at its first bytes
        Path other = dir.resolve("other.flow");
        try (RandomAccessFile f = new RandomAccessFile(other.toFile(), "rw")) {
            f.setLength(1L << 30);
        }
        long allocated = allocatedBytesDuring(() -> assertThatThrownBy(() -> FlowModel.load(other))
                .hasMessageContaining("wrong magic"));
        assertThat(allocated).isLessThan(1L << 20);
    }

    /** Heap bytes the current thread allocates while running {@code work} (HotSpot only). */
    private static long allocatedBytesDuring(Runnable work) {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        org.assertj.core.api.Assumptions.assumeThat(bean).isInstanceOf(com.sun.management.ThreadMXBean.class);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        org.assertj.core.api.Assumptions.assumeThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        work.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }
}
