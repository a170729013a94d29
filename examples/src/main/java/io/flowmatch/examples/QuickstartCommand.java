package io.flowmatch.examples;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.metrics.SampleDistances;
import io.flowmatch.datasets.DataSource;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import io.flowmatch.solvers.Trajectory;
import io.flowmatch.viz.FlowAnimation;
import io.flowmatch.viz.LossCurvePlot;
import io.flowmatch.viz.LossRecorder;
import io.flowmatch.viz.ScatterPlot;
import io.flowmatch.viz.SnapshotPlot;
import io.flowmatch.viz.TrainingProgressBar;
import io.flowmatch.viz.TrajectoryPlot;
import io.flowmatch.viz.VectorFieldPlot;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Trains the default recipe ({@link io.flowmatch.core.Recipes#defaults()}: the model of the
 * two-moons example of Lipman et al.'s Flow Matching Guide and Code, trained as the defaults study
 * chose) on two moons, writes samples, the model and pictures of the flow, and scores them.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Trains on two moons with the defaults and writes into the output folder: samples.csv, "
                + "moons.flow, samples.png (samples beside the data), trajectories.png (paths coloured by time), "
                + "snapshots.png, vector-field.png, loss.png and flow.gif (the samples flowing from t = 0 to 1).",
            "Prints the energy distance and W2 to fresh true samples last."})
final class QuickstartCommand implements Callable<Integer> {

    /** The files quickstart writes, in the order it writes them. */
    static final List<String> FILES = List.of("samples.csv", "moons.flow", "samples.png", "trajectories.png",
            "snapshots.png", "vector-field.png", "loss.png", "flow.gif");

    /** Points in the trajectory behind the snapshots and the animation (the first 300 make the path plot). */
    private static final int FLOW_POINTS = 1000;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "flowmatch-out", description = "output folder")
    Path out;

    @Option(names = "--iterations", defaultValue = "5000", description = "optimizer steps")
    long iterations;

    @Option(names = "--seed", defaultValue = "42", description = "seed")
    long seed;

    @Option(names = "--n", defaultValue = "2000", description = "samples to write and score")
    int n;

    @Mixin
    ThreadsOption threads;

    @Mixin
    ProgressOption progress;

    @Override
    public Integer call() {
        if (n < 2) {
            throw new IllegalArgumentException("--n must be at least 2, got " + n);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("--iterations must be positive, got " + iterations);
        }
        threads.apply();
        DataSource moons = Datasets.moons(0.05);
        LossRecorder losses = new LossRecorder();
        FlowMatcher.Builder builder = FlowMatcher.builder().data(moons).iterations(iterations).batchSize(256).seed(seed)
                .listener(losses);
        progress.style().ifPresent(style -> builder.listener(new TrainingProgressBar(spec.commandLine().getErr(), style)));
        long start = System.nanoTime();
        FlowModel model = builder.train();
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        INDArray samples = model.sample(n, Solvers.euler(), 100, seed + 1);
        INDArray truth = moons.sample(n, seed + 2);
        PointsCsv.write(samples, out.resolve("samples.csv"));
        model.save(out.resolve("moons.flow"));

        long drawStart = System.nanoTime();
        ScatterPlot.builder().titles("two moons (data)", "flowmatch samples (Euler, 100 steps)").build()
                .write(out.resolve("samples.png"), truth, samples);
        Trajectory flow = model.trajectory(FLOW_POINTS, Solvers.euler(), 100, seed + 4);
        TrajectoryPlot.builder().particles(300).build().write(out.resolve("trajectories.png"), flow);
        SnapshotPlot.builder().build().write(out.resolve("snapshots.png"), flow);
        VectorFieldPlot.builder().times(0, 0.5, 0.9).build().write(out.resolve("vector-field.png"), model::velocity, truth);
        LossCurvePlot.builder().build().write(out.resolve("loss.png"), losses.losses());
        FlowAnimation.builder().size(360).maxFrames(41).build().write(out.resolve("flow.gif"), flow, truth);
        double drawSeconds = (System.nanoTime() - drawStart) / 1e9;

        double energy = SampleDistances.energyDistance(samples, truth);
        double w2 = SampleDistances.wasserstein2(samples, truth);
        double floorW2 = SampleDistances.wasserstein2(moons.sample(n, seed + 3), truth);
        System.out.printf("trained %d steps in %.1f s, final loss %s; drew the pictures in %.1f s%n", iterations,
                trainSeconds, model.provenance().get("final_loss"), drawSeconds);
        System.out.printf("wrote %s (%s): energy=%.5f w2=%.4f (data-vs-data w2=%.4f, n=%d)%n",
                out.toAbsolutePath(), String.join(", ", FILES), energy, w2, floorW2, n);
        return 0;
    }
}
