package io.flowmatch.viz;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import io.flowmatch.solvers.Trajectory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The README's Java example (README.md, section "Seeing the flow"), with fewer steps and points, so that it keeps compiling and working. */
class ReadmeExampleTest {

    @TempDir
    Path dir;

    @Test
    void theReadmeExampleWritesEveryPicture() throws Exception {
        StringBuilder err = new StringBuilder();
        LossRecorder losses = new LossRecorder();
        FlowModel model = FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(60).batchSize(64)
                .listener(losses)
                .listener(new TrainingProgressBar(err, ProgressBar.Style.forConsole()))
                .train();

        INDArray data = Datasets.moons(0.05).sample(500, 1L);
        INDArray samples = model.sample(500);
        Trajectory paths = model.trajectory(200, Solvers.euler(), 20, 7L);

        ScatterPlot.builder().build().write(dir.resolve("samples.png"), data, samples);
        TrajectoryPlot.builder().particles(300).build().write(dir.resolve("trajectories.png"), paths);
        SnapshotPlot.builder().times(0, 0.25, 0.5, 0.75, 1).build().write(dir.resolve("snapshots.png"), paths);
        VectorFieldPlot.builder().times(0, 0.5, 0.9).build().write(dir.resolve("field.png"), model::velocity, data);
        LossCurvePlot.builder().logScale(true).build().write(dir.resolve("loss.png"), losses.losses());
        FlowAnimation.builder().build().write(dir.resolve("flow.gif"), paths, data);

        Pixels.readPng(dir.resolve("samples.png"), 960, 480);
        Pixels.readPng(dir.resolve("trajectories.png"), 560, 560);
        Pixels.readPng(dir.resolve("snapshots.png"), 1500, 300);
        Pixels.readPng(dir.resolve("field.png"), 1080, 360);
        Pixels.readPng(dir.resolve("loss.png"), 720, 400);
        assertThat(javax.imageio.ImageIO.read(dir.resolve("flow.gif").toFile()).getWidth()).isEqualTo(400);
        assertThat(err.toString()).contains("train").contains("60/60");
    }
}
