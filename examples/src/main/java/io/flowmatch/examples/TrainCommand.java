package io.flowmatch.examples;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.datasets.DataSource;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import io.flowmatch.viz.LossCurvePlot;
import io.flowmatch.viz.LossRecorder;
import io.flowmatch.viz.ScatterPlot;
import io.flowmatch.viz.TrainingProgressBar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Trains a model on a named dataset or a points file and saves it: the recipe named by
 * {@code --recipe} (default: the library's defaults), changed by the options given.
 */
@Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Trains a flow on a dataset and saves the model.")
final class TrainCommand implements Callable<Integer> {

    /** Points drawn from the data and from the model for the {@code --plot} picture. */
    private static final int PLOT_POINTS = 2000;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "NAME|FILE",
            description = "a built-in dataset (see 'datasets'; labelled(8gaussians) and labelled(moons) carry labels) "
                    + "or a .csv/.npy file of points")
    String data;

    @Option(names = "--label-column", paramLabel = "COLUMN",
            description = "the --data CSV's column of class labels (by its header name): trains a class-conditional "
                    + "model with classifier-free guidance (see 'sample --label --guidance'); every other column is a "
                    + "coordinate")
    String labelColumn;

    @Option(names = "--label-dropout", defaultValue = "0.1", paramLabel = "P",
            description = "for labelled data: probability of training a point with the null label (the unconditional "
                    + "model that guidance needs)")
    double labelDropout;

    @Option(names = "--iterations", paramLabel = "N", description = "optimizer steps (default: the recipe's, 5000)")
    Long iterations;

    @Option(names = "--batch", paramLabel = "B", description = "points per step (default: the recipe's, 256)")
    Integer batch;

    @Option(names = "--seed", defaultValue = "42", description = "seed of weights, batches and sampling")
    long seed;

    @picocli.CommandLine.Mixin
    RecipeOptions recipe;

    @picocli.CommandLine.Mixin
    ThreadsOption threads;

    @Mixin
    ProgressOption progress;

    @Option(names = "--plot", description = "also write MODEL-loss.png (the loss curve) and, for data of 2 or more "
            + "dimensions, MODEL-samples.png (samples beside the data, first two coordinates)")
    boolean plot;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "where to save the model")
    Path out;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "checkpoint file (default: the --resume file, else MODEL.ckpt); written every "
                    + "--checkpoint-every steps, on Ctrl-C and on divergence")
    Path checkpoint;

    @Option(names = "--checkpoint-every", defaultValue = "0", paramLabel = "N",
            description = "steps between checkpoints (0: only on Ctrl-C and on divergence)")
    long checkpointEvery;

    @Option(names = "--resume", paramLabel = "FILE",
            description = "continue from this checkpoint (same settings and data; --iterations may be larger)")
    Path resume;

    /** Exit status after Ctrl-C, as shells report a process ended by SIGINT. */
    static final int INTERRUPTED = 130;

    @Override
    public Integer call() {
        threads.apply();
        OutputFiles.requireFile("--out", out);
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("--checkpoint-every must not be negative, got " + checkpointEvery);
        }
        Path checkpointFile = checkpoint != null ? checkpoint
                : resume != null ? resume : out.resolveSibling(out.getFileName() + ".ckpt");
        DataSource source;
        if (labelColumn != null) {
            if (!data.trim().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
                throw new IllegalArgumentException("--label-column needs a .csv file for --data, got '" + data + "'");
            }
            source = Datasets.fromCsv(Path.of(data.trim()), labelColumn);
        } else {
            source = Datasets.parse(data);
        }
        LossRecorder losses = new LossRecorder();
        FlowMatcher.Builder builder = recipe.applyTo(FlowMatcher.builder())
                .data(source)
                .seed(seed)
                .labelDropout(labelDropout)
                .checkpoints(checkpointFile, checkpointEvery);
        if (iterations != null) {
            builder.iterations(iterations);
        }
        if (batch != null) {
            builder.batchSize(batch);
        }
        if (resume != null) {
            builder.resumeFrom(resume);
        }
        if (plot) {
            builder.listener(losses);
        }
        progress.style().ifPresent(style -> builder.listener(new TrainingProgressBar(spec.commandLine().getErr(), style)));
        // on Ctrl-C the hook waits until this block is done: a stopped run has its checkpoint, a
        // finished one its model
        try (InterruptCheckpoint interrupt = new InterruptCheckpoint(checkpointFile, System.err, Duration.ofMinutes(2))) {
            FlowModel model = builder.listener(interrupt.install().signal()).train();
            if (interrupt.stoppedEarly()) {
                return INTERRUPTED; // the hook reports the checkpoint; the JVM is exiting
            }
            model.save(out);
            if (plot) {
                Path lossFile = PlotFiles.beside(out, "-loss.png");
                LossCurvePlot.builder().build().write(lossFile, losses.losses());
                String written = lossFile.toString();
                if (model.dimension() >= 2) {
                    Path samplesFile = PlotFiles.beside(out, "-samples.png");
                    ScatterPlot.builder().titles("data: " + data, "samples (midpoint, 50 steps)").build().write(
                            samplesFile, source.sample(PLOT_POINTS, seed + 1),
                            model.sample(PLOT_POINTS, Solvers.midpoint(), 50, seed + 2));
                    written += ", " + samplesFile;
                }
                System.out.println("plotted " + written);
            }
            if (model.classes() > 0) {
                System.out.println("classes: " + String.join(", ", model.classNames()));
            }
            System.out.printf("saved %s (loss %s, %s s)%n", out, model.provenance().get("final_loss"),
                    model.provenance().get("train_seconds"));
            return 0;
        }
    }
}
