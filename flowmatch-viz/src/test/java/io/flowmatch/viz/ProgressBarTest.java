package io.flowmatch.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The progress bar on a fake clock, its training listener and its solver wrapper. */
class ProgressBarTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void barRedrawsInPlaceAtMostTenTimesASecondWithRateLossAndTimeLeft() {
        AtomicLong now = new AtomicLong();
        StringBuilder out = new StringBuilder();
        ProgressBar bar = ProgressBar.builder("train", 100).out(out).style(ProgressBar.Style.BAR).clock(now::get).build();
        now.set(SECOND / 20);
        bar.update(1, 0.5);
        assertThat(out).as("too soon to draw").isEmpty();
        now.set(4 * SECOND);
        bar.update(40, 0.25);
        // 40 steps in 4 s: 10 it/s, 60 left take 6 s
        assertThat(out.toString()).startsWith("\rtrain  40% [############..................]  40/100")
                .contains(" 10.0 it/s").contains("loss 0.2500").contains("0:04 elapsed, 0:06 left").doesNotContain("\n");
        now.set(5 * SECOND);
        bar.update(100, 0.125);
        bar.finish();
        bar.finish();
        String[] draws = out.toString().split("\r", -1);
        assertThat(draws).hasSize(4);
        assertThat(draws[3]).contains("100% [##############################] 100/100").contains("20.0 it/s")
                .contains("0:05 total").endsWith(System.lineSeparator());
        bar.update(50, 1);
        assertThat(out.toString().split("\r", -1)).as("nothing after finish").hasSize(4);
    }

    @Test
    void linesStylePrintsPlainLinesAtTheIntervalAndAtTheEnd() {
        AtomicLong now = new AtomicLong();
        StringBuilder out = new StringBuilder();
        ProgressBar bar = ProgressBar.builder("sample", 1200).out(out).style(ProgressBar.Style.LINES).lineInterval(5)
                .clock(now::get).build();
        for (int s = 1; s <= 12; s++) {
            now.set(s * SECOND);
            bar.update(100L * s, Double.NaN);
        }
        bar.finish();
        String[] lines = out.toString().split(System.lineSeparator());
        assertThat(out.toString()).doesNotContain("\r").doesNotContain("loss");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo("sample 500/1200 (41%)    100 it/s  0:05 elapsed, 0:07 left");
        assertThat(lines[1]).startsWith("sample 1000/1200 (83%)");
        assertThat(lines[2]).isEqualTo("sample 1200/1200 (100%)    100 it/s  0:12 total");
    }

    @Test
    void clockTimeReadsAsMinutesOrHours() {
        assertThat(ProgressBar.clockTime(0)).isEqualTo("0:00");
        assertThat(ProgressBar.clockTime(61.4)).isEqualTo("1:01");
        assertThat(ProgressBar.clockTime(3 * 3600 + 62)).isEqualTo("3:01:02");
        assertThat(ProgressBar.clockTime(Double.NaN)).isEqualTo("?");
    }

    @Test
    void trainingListenerEndsWithTheLastStepAndTheLoss() {
        StringBuilder out = new StringBuilder();
        FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(25).batchSize(16).seed(2L)
                .listener(new TrainingProgressBar(out, ProgressBar.Style.LINES)).train();
        String[] lines = out.toString().split(System.lineSeparator());
        assertThat(lines[lines.length - 1]).startsWith("train 25/25 (100%)").containsPattern("loss [0-9]+\\.[0-9]{4}")
                .contains("total");
    }

    @Test
    void solverWrapperCountsEveryGridPointAndChangesNothing() {
        FlowModel model = FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(0).seed(3L).train();
        int n = FlowModel.CHUNK_ROWS + 10;
        ProgressBar bar = ProgressBar.builder("sample", ProgressSolver.units(n, 7)).out(new StringBuilder()).build();
        INDArray tracked = model.sample(n, ProgressSolver.wrap(Solvers.heun(), bar), 7, 9L);
        INDArray plain = model.sample(n, Solvers.heun(), 7, 9L);
        assertThat(ProgressSolver.units(n, 7)).isEqualTo(14);
        assertThat(bar.done()).isEqualTo(14);
        assertThat(tracked).isEqualTo(plain);
        assertThat(ProgressSolver.wrap(Solvers.dopri5(1e-4, 1e-4), bar).isAdaptive()).isTrue();
        assertThat(ProgressSolver.wrap(Solvers.rk4(), bar).name()).isEqualTo("rk4");
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> ProgressBar.builder("x", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("total");
        assertThatThrownBy(() -> ProgressBar.builder("x", 5).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("out");
        assertThatThrownBy(() -> ProgressSolver.units(0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrainingProgressBar(null, ProgressBar.Style.BAR)).isInstanceOf(IllegalArgumentException.class);
    }
}
