package io.flowmatch.examples;

import io.flowmatch.core.FlowModel;
import io.flowmatch.solvers.OdeSolver;
import io.flowmatch.solvers.SolverStats;
import io.flowmatch.solvers.Solvers;
import io.flowmatch.solvers.StepHandler;
import io.flowmatch.solvers.TimeGrid;
import io.flowmatch.solvers.VectorField;
import io.flowmatch.viz.ProgressBar;
import io.flowmatch.viz.ProgressSolver;
import io.flowmatch.viz.ScatterPlot;
import io.flowmatch.viz.TrajectoryPlot;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Samples a saved model into a CSV file. */
@Command(name = "sample", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Draws samples from a saved model and writes them as CSV with a header line.")
final class SampleCommand implements Callable<Integer> {

    /** Paths drawn by {@code --plot}. */
    private static final int PLOT_PATHS = 300;
    /** Grid points of the plotted paths when the solver is adaptive. */
    private static final int ADAPTIVE_PLOT_STEPS = 50;

    @Spec
    CommandSpec spec;

    @Option(names = "--source", paramLabel = "NAME|FILE",
            description = "the model's source distribution, if it was trained from a custom one")
    String source;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "a model saved by 'train'")
    Path model;

    @Option(names = "--n", defaultValue = "10000", description = "number of samples")
    int n;

    @Option(names = "--solver", defaultValue = "euler",
            description = "euler, midpoint, heun, rk4, or dopri5[:ATOL,RTOL] (adaptive; tolerances 1e-5 unless given)")
    String solver;

    @Option(names = "--steps", defaultValue = "100", description = "solver steps over [0, 1] (dopri5 chooses its own)")
    int steps;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the source noise")
    long seed;

    @Option(names = "--label", paramLabel = "CLASS",
            description = "sample this class (its name, as 'train' printed it, or its number) of a model trained on "
                    + "labelled data; without it, samples of the whole data")
    String label;

    @Option(names = "--guidance", defaultValue = "1", paramLabel = "W",
            description = "with --label: classifier-free guidance scale (0: unconditional, 1: plain conditional, "
                    + "above 1: more typical of the class)")
    double guidance;

    @picocli.CommandLine.Mixin
    ThreadsOption threads;

    @Mixin
    ProgressOption progress;

    @Option(names = "--plot", description = "also write FILE.png (the samples, first two coordinates) and "
            + "FILE-trajectories.png (300 paths from noise to samples, coloured by time)")
    boolean plot;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "where to write the samples")
    Path out;

    /**
     * {@code solver}, handing its steps to the handler one at a time, holding {@code lock}: the
     * chunks of one sampling call run on several threads, and each step advances one progress
     * bar, which is meant for one thread.
     */
    static OdeSolver oneStepAtATime(OdeSolver solver, Object lock) {
        return new OdeSolver() {
            @Override
            public String name() {
                return solver.name();
            }

            @Override
            public boolean isAdaptive() {
                return solver.isAdaptive();
            }

            @Override
            public SolverStats integrate(VectorField field, INDArray state, TimeGrid grid, StepHandler handler) {
                return solver.integrate(field, state, grid, new StepHandler() {
                    @Override
                    public void init(double t0, INDArray s) {
                        synchronized (lock) {
                            handler.init(t0, s);
                        }
                    }

                    @Override
                    public Action handleStep(int step, double t, INDArray s) {
                        synchronized (lock) {
                            return handler.handleStep(step, t, s);
                        }
                    }
                });
            }
        };
    }

    @Override
    public Integer call() {
        threads.apply();
        if (n < 1) {
            throw new IllegalArgumentException("--n must be positive, got " + n);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be positive, got " + steps);
        }
        if (!Double.isFinite(guidance)) {
            throw new IllegalArgumentException("--guidance must be a finite number, got " + guidance);
        }
        if (label == null && guidance != 1.0) {
            throw new IllegalArgumentException("--guidance needs --label (the class to guide toward)");
        }
        OdeSolver ode = Solvers.parse(solver);
        FlowModel flow = FlowModels.load(model, source)
                .withThreads(threads.threads);
        int classLabel = label == null ? -1 : flow.classOf(label);
        int grid = ode.isAdaptive() ? 1 : steps;
        Optional<ProgressBar> bar = progress.bar("sample", ProgressSolver.units(n, grid), spec.commandLine().getErr());
        OdeSolver shown = bar.map(b -> ProgressSolver.wrap(oneStepAtATime(ode, b), b)).orElse(ode);
        INDArray x = label == null ? flow.sample(n, shown, grid, seed)
                : flow.sample(n, classLabel, guidance, shown, grid, seed);
        bar.ifPresent(ProgressBar::finish);
        PointsCsv.write(x, out);
        if (plot) {
            if (flow.dimension() < 2) {
                System.out.println("no plots: the model is 1-dimensional");
            } else {
                Path picture = PlotFiles.beside(out, ".png");
                Path paths = PlotFiles.beside(out, "-trajectories.png");
                String what = label == null ? "samples" : "class " + flow.classNames().get(classLabel) + ", guidance " + guidance;
                ScatterPlot.builder().titles(what + " (" + ode.name() + ", " + grid + " steps)").build().write(picture, x);
                if (label == null) {
                    TrajectoryPlot.builder().particles(PLOT_PATHS).build().write(paths,
                            flow.trajectory(Math.min(n, PLOT_PATHS), ode, ode.isAdaptive() ? ADAPTIVE_PLOT_STEPS : steps, seed));
                    System.out.println("plotted " + picture + ", " + paths);
                } else {
                    System.out.println("plotted " + picture + " (trajectories are drawn for unconditional samples only)");
                }
            }
        }
        System.out.println("wrote " + out);
        return 0;
    }
}
