package io.flowmatch.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ParallelChunksTest {

    @Test
    void everyChunkRunsExactlyOnceWithOneStatePerThread() {
        for (int threads : new int[] {1, 2, 5, 64}) {
            AtomicIntegerArray runs = new AtomicIntegerArray(37);
            AtomicInteger states = new AtomicInteger();
            ParallelChunks.run(threads, 37, () -> new int[] {states.incrementAndGet()}, (state, c) -> runs.incrementAndGet(c));
            for (int c = 0; c < 37; c++) {
                assertThat(runs.get(c)).as("chunk %d on %d threads", c, threads).isEqualTo(1);
            }
            assertThat(states.get()).isBetween(1, Math.min(threads, 37));
        }
        ParallelChunks.run(4, 0, () -> {
            throw new AssertionError("no chunk, no state");
        }, (state, c) -> {
        });
    }

    @Test
    void theFirstFailureIsThrownAndTheNativeThreadLimitsComeBack() {
        int blas = Nd4j.factory().blas().getMaxThreads();
        int nd4j = Nd4j.getEnvironment().maxThreads();
        assertThatThrownBy(() -> ParallelChunks.run(3, 50, Object::new, (state, c) -> {
            if (c == 7) {
                throw new IllegalStateException("chunk 7 failed");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("chunk 7 failed");
        assertThat(Nd4j.factory().blas().getMaxThreads()).isEqualTo(blas);
        assertThat(Nd4j.getEnvironment().maxThreads()).isEqualTo(nd4j);
    }

    @Test
    void nativePoolsRunOneThreadInsideWorkersAndNestedCallsFinish() {
        AtomicInteger seenBlas = new AtomicInteger(-1);
        AtomicInteger inner = new AtomicInteger();
        ParallelChunks.run(2, 4, Object::new, (state, c) -> {
            seenBlas.set(Nd4j.factory().blas().getMaxThreads());
            ParallelChunks.run(2, 3, Object::new, (s, k) -> inner.incrementAndGet());
        });
        assertThat(seenBlas.get()).isEqualTo(1);
        assertThat(inner.get()).isEqualTo(12);
        assertThatThrownBy(() -> ParallelChunks.run(0, 3, Object::new, (s, c) -> {
        })).hasMessageContaining("threads must be positive, got 0");
    }
}
