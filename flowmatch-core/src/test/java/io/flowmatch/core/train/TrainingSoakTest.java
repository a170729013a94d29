package io.flowmatch.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.memory.AllocationsTracker;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long run holds its memory flat: 100k training steps (with a checkpoint every 5000) and then
 * repeated sampling, reading the heap after a full GC and the native memory (JavaCPP's tracked
 * off-heap bytes and the process's physical memory) at intervals. Not in the default suite:
 * {@code mvn -B -o verify -pl flowmatch-core -am -Psoak} (add {@code -Dsoak.steps=N} to shorten).
 * The table goes to standard output and {@code flowmatch-core/target/soak-report.txt}.
 */
@Tag("soak")
class TrainingSoakTest {

    private static final long MIB = 1L << 20;

    @TempDir
    Path dir;

    /** One reading. */
    private record Reading(String phase, long step, double seconds, long heapUsed, long nd4jTracked,
            long javacppTracked, long physical) {
        String row() {
            return String.format(Locale.ROOT, "%-8s %8d %8.1f %10.1f %12.2f %14.2f %10.1f", phase, step, seconds,
                    heapUsed / (double) MIB, nd4jTracked / (double) MIB, javacppTracked / (double) MIB,
                    physical / (double) MIB);
        }
    }

    private static Reading read(String phase, long step, long start) {
        System.gc();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new Reading(phase, step, (System.nanoTime() - start) / 1e9, heap,
                AllocationsTracker.getInstance().bytesOnDevice(0), Pointer.totalBytes(), Pointer.physicalBytes());
    }

    @Test
    void heapAndNativeMemoryStayFlatOverALongRun() throws Exception {
        long steps = Long.getLong("soak.steps", 100_000L);
        long every = Math.max(1, steps / 10);
        long start = System.nanoTime();
        List<Reading> readings = new ArrayList<>();
        TrainingListener meter = new TrainingListener() {
            @Override
            public void onStep(TrainingProgress p) {
                if (p.step() % every == 0) {
                    readings.add(read("train", p.step(), start));
                }
            }
        };
        FlowModel model = FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(steps).batchSize(256).seed(1L)
                .ema(0.999).logEvery(every).checkpoints(dir.resolve("soak.ckpt"), 5000).listener(meter).train();
        int sampleRounds = Integer.getInteger("soak.sampleRounds", 100);
        for (int i = 1; i <= sampleRounds; i++) {
            model.sample(10_000, Solvers.euler(), 20, i);
            if (i % Math.max(1, sampleRounds / 10) == 0) {
                readings.add(read("sample", i, start));
            }
        }

        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "soak: %d training steps (batch 256, checkpoint every 5000), then %d x "
                + "sample(10000, euler, 20); MiB", steps, sampleRounds));
        lines.add("phase        step  seconds  heap_used  nd4j_native  javacpp_total  physical");
        readings.forEach(r -> lines.add(r.row()));
        lines.forEach(System.out::println);
        Files.write(Path.of("target", "soak-report.txt"), lines);

        // after the first interval (warm-up: JIT, buffers, thread pools) nothing may keep growing
        Reading first = readings.get(0);
        Reading last = readings.get(readings.size() - 1);
        assertThat(last.heapUsed() - first.heapUsed()).as("heap growth").isLessThan(64 * MIB);
        assertThat(last.nd4jTracked() - first.nd4jTracked()).as("ND4J native growth").isLessThan(64 * MIB);
        assertThat(last.javacppTracked() - first.javacppTracked()).as("JavaCPP native growth").isLessThan(64 * MIB);
        assertThat(last.physical() - first.physical()).as("physical memory growth").isLessThan(256 * MIB);
    }
}
