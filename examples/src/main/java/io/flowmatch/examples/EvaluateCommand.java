package io.flowmatch.examples;

import io.flowmatch.core.FlowModel;
import io.flowmatch.core.likelihood.DivergenceEstimator;
import io.flowmatch.core.likelihood.LogLikelihood;
import io.flowmatch.core.metrics.SampleDistances;
import io.flowmatch.core.metrics.SampleMetric;
import io.flowmatch.datasets.DataSource;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.datasets.PointSet;
import io.flowmatch.solvers.OdeSolver;
import io.flowmatch.solvers.Solvers;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Scores a saved model against data: every sample metric and the mean log-likelihood. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Samples a saved model and prints every sample metric against the data, then the mean "
                + "log-likelihood of data points under the model (nats; higher is better). With --label, a "
                + "labelled model's class: its samples against the data (give the class's points) and the mean "
                + "log p(x | class).")
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--source", paramLabel = "NAME|FILE",
            description = "the model's source distribution, if it was trained from a custom one")
    String flowSource;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "a model saved by 'train'")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "NAME|FILE",
            description = "a built-in dataset (see 'datasets') or a .csv/.npy file of points")
    String data;

    @Option(names = "--n", defaultValue = "2000",
            description = "samples and data points for the metrics (exact W2 uses at most 5000)")
    int n;

    @Option(names = "--solver", defaultValue = "midpoint", description = "sampling solver: euler, midpoint, heun, rk4, or dopri5[:ATOL,RTOL] (adaptive; tolerances 1e-5 unless given)")
    String solver;

    @Option(names = "--steps", defaultValue = "50", description = "sampling solver steps over [0, 1] (dopri5 chooses its own)")
    int steps;

    @Option(names = "--likelihood-n", defaultValue = "1000", description = "data points for the log-likelihood (0: skip)")
    int likelihoodN;

    @Option(names = "--divergence", defaultValue = "exact",
            description = "exact, hutchinson, rademacher:K or gaussian:K")
    String divergence;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the samples, the data draw and the probes")
    long seed;

    @Option(names = "--label", paramLabel = "CLASS",
            description = "evaluate this class (its name or number) of a model trained on labelled data: samples of "
                    + "the class, and log p(x | class); give the class's points as --data")
    String label;

    @Option(names = "--guidance", defaultValue = "1", paramLabel = "W",
            description = "with --label: classifier-free guidance scale of the samples and of the density")
    double guidance;

    @picocli.CommandLine.Mixin
    ThreadsOption threads;

    @Override
    public Integer call() {
        threads.apply();
        if (n < 2) {
            throw new IllegalArgumentException("--n must be at least 2, got " + n);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be positive, got " + steps);
        }
        if (likelihoodN < 0) {
            throw new IllegalArgumentException("--likelihood-n must be at least 0, got " + likelihoodN);
        }
        OdeSolver ode = Solvers.parse(solver);
        DivergenceEstimator div = DivergenceEstimator.parse(divergence);
        DataSource source = Datasets.parse(data);
        FlowModel flow = FlowModels.load(model, flowSource).withThreads(threads.threads);
        if (flow.dimension() != source.dimension()) {
            throw new IllegalArgumentException("the model has dimension " + flow.dimension() + " but " + data
                    + " has dimension " + source.dimension());
        }
        if (label == null && guidance != 1.0) {
            throw new IllegalArgumentException("--guidance needs --label (the class to evaluate)");
        }
        int classLabel = label == null ? -1 : flow.classOf(label);
        int size = source instanceof PointSet set ? Math.min(n, set.size()) : n;
        INDArray reference = points(source, size, seed + 1);
        int sampleSteps = ode.isAdaptive() ? 1 : steps;
        INDArray samples = label == null ? flow.sample(size, ode, sampleSteps, seed)
                : flow.sample(size, classLabel, guidance, ode, sampleSteps, seed);
        System.out.printf("model %s, data %s, %d points, %s with %d steps%s%n", flow.velocityModel().description(),
                source.description(), size, ode.name(), sampleSteps, label == null ? ""
                        : ", class " + flow.classNames().get(classLabel) + ", guidance " + guidance);
        for (Map.Entry<String, SampleMetric> m : SampleMetric.builtIn().entrySet()) {
            INDArray s = samples;
            INDArray r = reference;
            if (m.getKey().equals("w2") && size > SampleDistances.MAX_EXACT_W2_POINTS) {
                s = samples.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, SampleDistances.MAX_EXACT_W2_POINTS),
                        org.nd4j.linalg.indexing.NDArrayIndex.all());
                r = reference.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, SampleDistances.MAX_EXACT_W2_POINTS),
                        org.nd4j.linalg.indexing.NDArrayIndex.all());
            }
            System.out.printf("%-6s %.6g%n", m.getKey(), m.getValue().compute(s, r));
        }
        if (likelihoodN > 0) {
            int count = source instanceof PointSet set ? Math.min(likelihoodN, set.size()) : likelihoodN;
            INDArray x = points(source, count, seed + 2);
            LogLikelihood.Builder likelihood = LogLikelihood.builder(flow).divergence(div).seed(seed)
                    .threads(threads.threads);
            if (label != null) {
                likelihood.label(classLabel).guidance(guidance);
            }
            double mean = likelihood.build().meanLogDensity(x);
            System.out.printf("mean log-likelihood%s %.5f nats over %d points (%s divergence)%n", label == null ? ""
                    : " given class " + flow.classNames().get(classLabel), mean, count, div);
        }
        return 0;
    }

    /** {@code count} points: a draw from a generator, or a seeded subset without repeats of a file's points. */
    private static INDArray points(DataSource source, int count, long seed) {
        if (source instanceof PointSet set) {
            return subset(set, count, seed);
        }
        return source.sample(count, seed);
    }

    private static INDArray subset(PointSet set, int count, long seed) {
        INDArray all = set.toINDArray();
        int m = set.size();
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            int j = i + rng.nextInt(m - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return all.getRows(java.util.Arrays.copyOf(order, count));
    }
}
