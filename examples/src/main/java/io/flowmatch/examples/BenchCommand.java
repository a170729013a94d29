package io.flowmatch.examples;

import io.flowmatch.core.FlowMatchingObjective;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.Recipe;
import io.flowmatch.core.model.Activation;
import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.model.MlpVelocityModel;
import io.flowmatch.core.train.Trainer;
import io.flowmatch.core.train.TrainingListener;
import io.flowmatch.core.train.TrainingProgress;
import io.flowmatch.core.train.TrainingSession;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.OdeSolver;
import io.flowmatch.solvers.Solvers;
import io.flowmatch.core.internal.BlasKernels;
import io.flowmatch.datasets.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times the hot paths: the training step and sampling. The figure is the last line printed.
 *
 * <p>{@code --embedded} runs the same measurement the way an application that depends on
 * flowmatch would: in a new JVM started with {@code java -cp} on {@link EmbeddedBench}, without
 * the command line's launcher, and with {@code OPENBLAS_CORETYPE}, {@code OMP_NUM_THREADS},
 * {@code OPENBLAS_NUM_THREADS} and {@code MKL_NUM_THREADS} removed from its environment.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Times the training step (point, image) or sampling, after a warm-up, or a tabular run.",
        subcommands = {BenchCommand.TrainStep.class, BenchCommand.Sample.class, BenchCommand.ImageStep.class,
                TabularBenchCommand.class})
final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing bench: train-step, sample, image-step or tabular");
    }

    private static void requirePositive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** Set in the JVM that {@code --embedded} starts. */
    static boolean embeddedChild;

    /** The variables an application's environment would not have: none of the setup is done for it. */
    private static final List<String> SETUP_VARIABLES = List.of(BlasKernels.VARIABLE, "OMP_NUM_THREADS",
            "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS");

    /**
     * Runs {@code EmbeddedBench args} in a new JVM with a plain environment and this class path,
     * its output passed through; its exit status.
     */
    private static int runEmbedded(List<String> args) {
        String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(launcher, "-cp", System.getProperty("java.class.path"),
                EmbeddedBench.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        SETUP_VARIABLES.forEach(builder.environment()::remove);
        try {
            Process child = builder.start();
            // its figures, through this JVM's standard output
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                lines.lines().forEach(System.out::println);
            }
            return child.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded benchmark: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** How this measurement ran, and the kernels OpenBLAS ran. */
    private static void printMode() {
        System.out.printf("mode=%s blas_core=%s%n", embeddedChild ? "embedded" : "cli",
                BlasKernels.activeCore().orElse("unknown"));
    }

    /** bench train-step. */
    @Command(name = "train-step", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = "Times one training step (batch, forward, backward, Adam) of the default model on moons "
                    + "(with --dim other than 2: on standard normal points of that dimension); "
                    + "prints native memory before and after, bytes_per_step= (heap allocated per step between the "
                    + "first and the last timed step), setup_bytes= (the run's setup) and, last, ms_per_step= "
                    + "(the whole timed run, setup included, over its steps).")
    static final class TrainStep implements Callable<Integer> {
        @Option(names = "--batch", defaultValue = "256", description = "points per step")
        int batch;
        @Option(names = "--dim", defaultValue = "2", description = "data dimension (2: moons; otherwise random normal data)")
        int dim;
        @Option(names = "--hidden", defaultValue = "64", description = "width of each hidden layer")
        int hidden;
        @Option(names = "--layers", defaultValue = "3", description = "number of hidden layers")
        int layers;
        @Option(names = "--steps", defaultValue = "1000", description = "timed steps")
        int steps;
        @Option(names = "--warmup", defaultValue = "300", description = "untimed steps first")
        int warmup;
        @Option(names = "--classes", defaultValue = "0", description = "class labels (0: none): with K > 0, each point "
                + "gets a random label in [0, K) and the model is class-conditional, trained with label dropout")
        int classes;
        @Option(names = "--embedded", description = "run as an application would: a new JVM, no launcher, no environment")
        boolean embedded;
        @picocli.CommandLine.Mixin
        ThreadsOption threads;

        @Override
        public Integer call() {
            if (classes < 0) {
                throw new IllegalArgumentException("--classes must not be negative, got " + classes);
            }
            requirePositive("--batch", batch);
            requirePositive("--dim", dim);
            requirePositive("--hidden", hidden);
            requirePositive("--layers", layers);
            requirePositive("--steps", steps);
            if (steps < 2) {
                throw new IllegalArgumentException("--steps must be at least 2, got " + steps);
            }
            if (embedded) {
                return runEmbedded(List.of("train-step", "--batch", Integer.toString(batch), "--dim", Integer.toString(dim),
                        "--hidden", Integer.toString(hidden), "--layers", Integer.toString(layers), "--steps",
                        Integer.toString(steps), "--warmup", Integer.toString(warmup), "--threads",
                        Integer.toString(threads.threads), "--classes", Integer.toString(classes)));
            }
            threads.apply();
            MlpArchitecture arch = new MlpArchitecture(dim, Collections.nCopies(layers, hidden), Activation.ELU, classes);
            MlpVelocityModel model = MlpVelocityModel.initialise(arch, DataType.FLOAT, 0L);
            DataSource points = dim == 2 ? Datasets.moons(0.05) : Datasets.gaussian(dim);
            DataSource data = classes == 0 ? points : randomlyLabelled(points, classes);
            Recipe base = Recipe.builder().batchSize(batch).logEvery(Long.MAX_VALUE).build();
            train(base.toBuilder().iterations(Math.max(1, warmup)).build(), model, data, new TrainingListener() {
            });
            Recipe timed = base.toBuilder().iterations(steps).seed(1L).build();
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long thread = Thread.currentThread().getId();
            long native0 = org.bytedeco.javacpp.Pointer.totalBytes();
            long rss0 = org.bytedeco.javacpp.Pointer.physicalBytes();
            long bytes0 = mx.getThreadAllocatedBytes(thread);
            long[] firstAndLast = new long[2];
            TrainingListener meter = new TrainingListener() {
                @Override
                public void onStep(TrainingProgress progress) {
                    firstAndLast[progress.step() == 1 ? 0 : 1] = mx.getThreadAllocatedBytes(thread);
                }
            };
            long t0 = System.nanoTime();
            train(timed, model, data, meter);
            long t1 = System.nanoTime();
            long bytes1 = mx.getThreadAllocatedBytes(thread);
            long perStep = (firstAndLast[1] - firstAndLast[0]) / (steps - 1);
            long native1 = org.bytedeco.javacpp.Pointer.totalBytes();
            long rss1 = org.bytedeco.javacpp.Pointer.physicalBytes();
            printMode();
            System.out.printf("batch=%d dim=%d hidden=%d layers=%d steps=%d threads=%d classes=%d%n", batch, dim, hidden,
                    layers, steps, threads.threads, classes);
            System.out.printf("offheap_bytes_before=%d offheap_bytes_after=%d rss_before=%d rss_after=%d%n",
                    native0, native1, rss0, rss1);
            System.out.printf("bytes_per_step=%d setup_bytes=%d%n", perStep, bytes1 - bytes0 - perStep * (steps - 1));
            System.out.printf("ms_per_step=%.4f%n", (t1 - t0) / 1e6 / steps);
            return 0;
        }

        /** {@code points}, each with a label drawn uniformly from [0, classes) after it. */
        private static io.flowmatch.datasets.LabelledDataSource randomlyLabelled(DataSource points, int classes) {
            return new io.flowmatch.datasets.LabelledDataSource() {
                @Override
                public int classes() {
                    return classes;
                }

                @Override
                public void sample(java.util.random.RandomGenerator rng, float[] out, int[] labels, int n) {
                    points.sample(rng, out, n);
                    for (int i = 0; i < n; i++) {
                        labels[i] = rng.nextInt(classes);
                    }
                }

                @Override
                public int dimension() {
                    return points.dimension();
                }

                @Override
                public void sample(java.util.random.RandomGenerator rng, float[] out, int n) {
                    points.sample(rng, out, n);
                }

                @Override
                public String description() {
                    return "labelled(" + points.description() + ", " + classes + " random classes)";
                }
            };
        }

        /** Runs {@code recipe} on {@code data} through the shared loop, as FlowMatcher does, with one listener. */
        private static void train(Recipe recipe, MlpVelocityModel model, DataSource data, TrainingListener listener) {
            TrainingSession session = new TrainingSession(recipe.training(),
                    new FlowMatchingObjective(recipe, model, data, null), 0L);
            new Trainer(recipe.training()).run(session, List.of(listener));
        }
    }

    /** bench sample. */
    @Command(name = "sample", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = "Times sampling N points with K steps of a solver from an untrained default model, on "
                    + "--threads threads; prints ms= last.")
    static final class Sample implements Callable<Integer> {
        @Option(names = "--n", defaultValue = "10000", description = "points")
        int n;
        @Option(names = "--steps", defaultValue = "100", description = "solver steps")
        int steps;
        @Option(names = "--solver", defaultValue = "euler", description = "euler, midpoint, heun, rk4 or dopri5")
        String solver;
        @Option(names = "--embedded", description = "run as an application would: a new JVM, no launcher, no environment")
        boolean embedded;
        @picocli.CommandLine.Mixin
        ThreadsOption threads;

        @Override
        public Integer call() {
            requirePositive("--n", n);
            requirePositive("--steps", steps);
            OdeSolver ode = Solvers.parse(solver);
            if (embedded) {
                return runEmbedded(List.of("sample", "--n", Integer.toString(n), "--steps", Integer.toString(steps),
                        "--solver", solver, "--threads", Integer.toString(threads.threads)));
            }
            threads.apply();
            FlowModel model = io.flowmatch.core.FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(0).train()
                    .withThreads(threads.threads);
            model.sample(Math.min(n, 1000), ode, 4, 1L);
            model.sample(n, ode, steps, 2L);
            long t0 = System.nanoTime();
            model.sample(n, ode, steps, 3L);
            long t1 = System.nanoTime();
            printMode();
            System.out.printf("n=%d steps=%d solver=%s threads=%d%n", n, steps, ode.name(), threads.threads);
            System.out.printf("ms=%.3f%n", (t1 - t0) / 1e6);
            return 0;
        }
    }

    /** bench image-step. */
    @Command(name = "image-step", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = "Times one training step (batch, U-Net forward and backward, Adam, EMA) of the default image "
                    + "model on 28x28 shapes; --threads Java threads share each batch's --split parts, BLAS runs "
                    + "single-threaded in each; prints ms_per_step= last.")
    static final class ImageStep implements Callable<Integer> {
        @Option(names = "--batch", defaultValue = "32", description = "images per step")
        int batch;
        @Option(names = "--split", defaultValue = "2", description = "parts each batch is computed in")
        int split;
        @Option(names = "--steps", defaultValue = "50", description = "timed steps")
        int steps;
        @Option(names = "--warmup", defaultValue = "10", description = "untimed steps first")
        int warmup;
        @Option(names = "--threads", defaultValue = "1", description = "Java threads sharing a batch's parts")
        int threads;
        @Option(names = "--blas-threads", defaultValue = "1", description = "native (ND4J/BLAS) threads")
        int blasThreads;

        @Override
        public Integer call() {
            requirePositive("--batch", batch);
            requirePositive("--steps", steps);
            requirePositive("--threads", threads);
            io.flowmatch.core.NativeThreads.limit(blasThreads);
            io.flowmatch.image.LabelledImages images = io.flowmatch.image.Shapes.generate(2000, 1L);
            io.flowmatch.image.UNetArchitecture arch = io.flowmatch.image.UNetArchitecture.defaults(28, 28, 10);
            io.flowmatch.image.ImageRecipe recipe = io.flowmatch.image.ImageRecipe.of(
                    io.flowmatch.image.ImageRecipe.DEFAULT_TRAINING.toBuilder().batchSize(batch)
                            .iterations(warmup + steps).logEvery(Long.MAX_VALUE).build(), arch, 0.1, split);
            io.flowmatch.image.UNetVelocityModel model = io.flowmatch.image.UNetVelocityModel.initialise(arch,
                    DataType.FLOAT, 0L);
            try (io.flowmatch.image.ConditionalImageObjective objective =
                    new io.flowmatch.image.ConditionalImageObjective(recipe, model, images, threads)) {
                TrainingSession session = new TrainingSession(recipe.training(), objective, 0L);
                for (int i = 0; i < warmup; i++) {
                    session.step();
                }
                double[] ms = new double[steps];
                for (int i = 0; i < steps; i++) {
                    long t0 = System.nanoTime();
                    session.step();
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                double[] sorted = ms.clone();
                java.util.Arrays.sort(sorted);
                System.out.printf("batch=%d split=%d threads=%d blas_threads=%d steps=%d min=%.2f max=%.2f%n", batch,
                        split, objective.threads(), blasThreads, steps, sorted[0], sorted[steps - 1]);
                System.out.printf("ms_per_step=%.2f (median)%n", sorted[steps / 2]);
            }
            return 0;
        }
    }
}
