package io.flowmatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.OdeSolver;
import io.flowmatch.solvers.Solvers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One {@link FlowModel} sampled from 8 threads at once gives, for every seed, exactly the points
 * it gives when sampled alone: no call shares a scratch buffer with another.
 */
class ConcurrentSamplingTest {

    private static final int THREADS = 8;
    private static final int ROUNDS = 3;

    /** One sampling call: its kind, its seed and what it returns. */
    private record Call(String what, long seed) {
        INDArray run(FlowModel model) {
            OdeSolver solver = switch ((int) (seed % 3)) {
                case 0 -> Solvers.euler();
                case 1 -> Solvers.rk4();
                default -> Solvers.dopri5(1e-4, 1e-4);
            };
            return switch (what) {
                // more than one chunk of FlowModel.CHUNK_ROWS rows
                case "sample" -> model.sample(FlowModel.CHUNK_ROWS + 300, solver, 8, seed);
                case "trajectory" -> model.trajectory(200, solver, 5, seed).asTensor();
                default -> model.velocity(0.3, Datasets.gaussian(2).sample(500, seed));
            };
        }
    }

    @Test
    void eightThreadsSamplingOneModelGetTheSingleThreadedResults() throws Exception {
        FlowModel model = FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(200).batchSize(128).seed(4L)
                .ema(0.9).logEvery(1000).train();
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            calls.add(new Call(i % 4 == 3 ? "velocity" : i % 4 == 2 ? "trajectory" : "sample", 100 + i));
        }
        List<INDArray> alone = new ArrayList<>();
        for (Call call : calls) {
            alone.add(call.run(model));
        }

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Future<List<INDArray>>> futures = new ArrayList<>();
            for (Call call : calls) {
                Callable<List<INDArray>> task = () -> {
                    List<INDArray> results = new ArrayList<>();
                    for (int round = 0; round < ROUNDS; round++) {
                        start.await(60, TimeUnit.SECONDS);
                        results.add(call.run(model));
                    }
                    return results;
                };
                futures.add(pool.submit(task));
            }
            for (int i = 0; i < THREADS; i++) {
                for (INDArray result : futures.get(i).get(5, TimeUnit.MINUTES)) {
                    assertThat(result.data().asFloat()).as("%s", calls.get(i)).containsExactly(alone.get(i).data().asFloat());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        // and the calls differ from one another, so that mixing them up would have been seen
        assertThat(alone.get(0).data().asFloat()).isNotEqualTo(alone.get(1).data().asFloat());
    }
}
