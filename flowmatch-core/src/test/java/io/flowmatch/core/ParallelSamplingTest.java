package io.flowmatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.model.ModelPass;
import io.flowmatch.core.model.VelocityModel;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.OdeSolver;
import io.flowmatch.solvers.Solvers;
import io.flowmatch.solvers.TimeGrid;
import io.flowmatch.solvers.Trajectory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sampling, transport and trajectories give the same bits on any number of threads, and really
 * do run on several.
 */
class ParallelSamplingTest {

    /** Four chunks, the last one shorter. */
    private static final int N = 3 * FlowModel.CHUNK_ROWS + 17;

    private static final FlowModel TRAINED = FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(100)
            .batchSize(128).seed(5L).logEvery(1000).train();

    /** A velocity model that notes the threads its passes are made on. */
    private static final class Recording implements VelocityModel {
        private final VelocityModel inner;
        private final Set<String> threads;

        Recording(VelocityModel inner, Set<String> threads) {
            this.inner = inner;
            this.threads = threads;
        }

        @Override
        public int dimension() {
            return inner.dimension();
        }

        @Override
        public DataType dataType() {
            return inner.dataType();
        }

        @Override
        public INDArray parameters() {
            return inner.parameters();
        }

        @Override
        public long parameterCount() {
            return inner.parameterCount();
        }

        @Override
        public ModelPass newPass(int rows) {
            threads.add(Thread.currentThread().getName());
            return inner.newPass(rows);
        }

        @Override
        public VelocityModel withParameters(INDArray parameters) {
            return new Recording(inner.withParameters(parameters), threads);
        }

        @Override
        public String description() {
            return inner.description();
        }
    }

    private static FlowModel recording(Set<String> threads) {
        return FlowModel.of(new FlowModel.Contents(new Recording(TRAINED.velocityModel(), threads), null, 5L, null,
                TRAINED.prediction(), null, Map.of("test", "recording")));
    }

    private static float[] bits(INDArray a) {
        return a.dup().data().asFloat();
    }

    @Test
    void samplesAreBitIdenticalOnOneTwoAndThreeThreadsWithEverySolver() {
        for (OdeSolver solver : List.of(Solvers.euler(), Solvers.midpoint(), Solvers.rk4(), Solvers.dopri5(1e-4, 1e-4))) {
            float[] one = bits(TRAINED.withThreads(1).sample(N, solver, 8, 11L));
            for (int threads : new int[] {2, 3}) {
                assertThat(bits(TRAINED.withThreads(threads).sample(N, solver, 8, 11L)))
                        .as("%s on %d threads", solver.name(), threads).containsExactly(one);
            }
        }
    }

    @Test
    void transportAndTrajectoriesAreBitIdenticalAcrossThreadCounts() {
        INDArray x0 = TRAINED.source().sample(new SplittableRandom(3L), N);
        TimeGrid grid = TimeGrid.uniform(0, 1, 6);
        float[] one = bits(TRAINED.withThreads(1).transport(x0, Solvers.heun(), grid));
        assertThat(bits(TRAINED.withThreads(2).transport(x0, Solvers.heun(), grid))).containsExactly(one);

        Trajectory single = TRAINED.withThreads(1).trajectory(N, Solvers.euler(), 5, 4L);
        Trajectory parallel = TRAINED.withThreads(3).trajectory(N, Solvers.euler(), 5, 4L);
        assertThat(parallel.times()).containsExactly(single.times());
        assertThat(bits(parallel.asTensor())).containsExactly(bits(single.asTensor()));
        // the last state of a trajectory is the sample of that seed
        assertThat(bits(single.states().get(5))).containsExactly(bits(TRAINED.sample(N, Solvers.euler(), 5, 4L)));
    }

    /**
     * A source whose draw of n points is not the concatenation of its draws of fewer (it fills
     * the first coordinate of every point before the second), so only a trajectory that draws
     * its noise chunk by chunk, as the sampler does, ends where the sample ends.
     */
    private static final class ColumnMajorGaussian implements io.flowmatch.datasets.DataSource {
        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public void sample(java.util.random.RandomGenerator rng, float[] out, int n) {
            for (int j = 0; j < 2; j++) {
                for (int i = 0; i < n; i++) {
                    out[i * 2 + j] = (float) rng.nextGaussian();
                }
            }
        }

        @Override
        public String description() {
            return "column_major_gaussian";
        }
    }

    @Test
    void aTrajectoryOfManyChunksEndsInTheSampleForAnySource() {
        FlowModel model = FlowMatcher.builder().data(Datasets.moons(0.05)).source(new ColumnMajorGaussian())
                .iterations(20).batchSize(64).seed(6L).logEvery(1000).train();
        Trajectory path = model.withThreads(2).trajectory(N, Solvers.euler(), 3, 8L);
        assertThat(bits(path.states().get(3))).containsExactly(bits(model.sample(N, Solvers.euler(), 3, 8L)));
    }

    @Test
    void severalThreadsReallyWorkAndOneStaysOnTheCaller() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        recording(threads).withThreads(1).sample(N, Solvers.euler(), 3, 1L);
        assertThat(threads).containsExactly(Thread.currentThread().getName());

        threads.clear();
        // chunks are handed out as threads come free: retry in the unlikely case one thread took all
        for (int attempt = 0; attempt < 5 && threads.size() < 2; attempt++) {
            recording(threads).withThreads(3).sample(8 * FlowModel.CHUNK_ROWS, Solvers.euler(), 20, 1L);
        }
        assertThat(threads).hasSizeGreaterThan(1).allMatch(name -> name.equals(Thread.currentThread().getName())
                || name.startsWith("flowmatch-worker-"));
    }

    @Test
    void theThreadCountIsAPropertyOfTheModelView() {
        assertThat(TRAINED.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        FlowModel two = TRAINED.withThreads(2);
        assertThat(two.threads()).isEqualTo(2);
        assertThat(two.velocityModel()).isSameAs(TRAINED.velocityModel());
        assertThat(two.provenance()).isEqualTo(TRAINED.provenance());
        assertThat(two.withThreads(2)).isSameAs(two);
        assertThatThrownBy(() -> TRAINED.withThreads(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threads must be positive, got 0");
    }
}
