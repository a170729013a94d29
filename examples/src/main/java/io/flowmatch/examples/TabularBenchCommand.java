package io.flowmatch.examples;

import io.flowmatch.datasets.Column;
import io.flowmatch.datasets.Table;
import io.flowmatch.datasets.Tables;
import io.flowmatch.tabular.TabularFlowMatcher;
import io.flowmatch.tabular.TabularModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** bench tabular: times the default tabular recipe on a generated mixed table. */
@Command(name = "tabular", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Generates a table of N rows with numeric columns (correlated Gaussians) and categorical columns "
                + "(each depending on a numeric one), trains the default tabular recipe on it and samples N rows; "
                + "prints train_s= and, last, sample_s=.")
final class TabularBenchCommand implements Callable<Integer> {

    @Option(names = "--rows", defaultValue = "100000", description = "rows of the generated table (and rows sampled)")
    int rows;

    @Option(names = "--numeric", defaultValue = "20", description = "numeric columns")
    int numeric;

    @Option(names = "--categorical", defaultValue = "10", description = "categorical columns")
    int categorical;

    @Option(names = "--levels", defaultValue = "5", description = "categories of each categorical column")
    int levels;

    @Option(names = "--iterations", defaultValue = "5000", description = "optimizer steps")
    long iterations;

    @Option(names = "--hidden", split = ",", description = "hidden widths (default: the recipe's)")
    int[] hidden;

    @Option(names = "--steps", description = "also time sampling with Euler and this many steps (besides the recipe's)")
    Integer steps;

    @Option(names = "--write", paramLabel = "DIR", description = "also write train.csv and fake.csv here")
    Path write;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() {
        threads.apply();
        if (rows < 2 || numeric < 1 || categorical < 0 || levels < 2) {
            throw new IllegalArgumentException("need --rows >= 2, --numeric >= 1, --categorical >= 0, --levels >= 2");
        }
        Table table = generate(rows, numeric, categorical, levels, 1L);
        TabularFlowMatcher.Builder b = TabularFlowMatcher.builder().data(table).iterations(iterations).seed(1L)
                .logEvery(Math.max(1, iterations));
        if (hidden != null) {
            b.hidden(hidden);
        }
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        TabularModel model = b.train();
        double train = (System.nanoTime() - t0) / 1e9;
        long c1 = mx.getCurrentThreadCpuTime();
        long t1 = System.nanoTime();
        Table fake = model.sample(rows, 7L);
        double sample = (System.nanoTime() - t1) / 1e9;
        long c2 = mx.getCurrentThreadCpuTime();
        if (steps != null) {
            long c3 = mx.getCurrentThreadCpuTime();
            long t3 = System.nanoTime();
            model.withSampler(io.flowmatch.solvers.Solvers.euler(), steps).sample(rows, 7L);
            System.out.printf(java.util.Locale.ROOT, "euler_%d_steps: sample_cpu_s=%.2f sample_s=%.2f%n", steps,
                    (mx.getCurrentThreadCpuTime() - c3) / 1e9, (System.nanoTime() - t3) / 1e9);
        }
        if (write != null) {
            Tables.writeCsv(table, write.resolve("train.csv"));
            Tables.writeCsv(fake, write.resolve("fake.csv"));
        }
        System.out.printf("rows=%d columns=%d coordinates=%d model=%s iterations=%d threads=%d%n", rows,
                table.columnCount(), model.encoder().dimension(), model.network().description(), iterations,
                threads.threads);
        System.out.printf(java.util.Locale.ROOT, "cpu: train_cpu_s=%.2f sample_cpu_s=%.2f (CPU time of this thread;"
                + " below it, wall-clock time, which a loaded machine inflates)%n", (c1 - c0) / 1e9, (c2 - c1) / 1e9);
        System.out.printf(java.util.Locale.ROOT, "train_s=%.2f ms_per_step=%.3f%n", train, train * 1e3 / Math.max(1, iterations));
        System.out.printf(java.util.Locale.ROOT, "sample_s=%.2f%n", sample);
        return 0;
    }

    /**
     * numeric columns x_j = z_0 + 0.5 z_j (correlated through z_0), categorical column c_j the
     * quantile bin of x_{j mod numeric} plus noise, over {@code levels} labels "L0".."L{levels-1}".
     */
    static Table generate(int rows, int numeric, int categorical, int levels, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[numeric][rows];
        for (int r = 0; r < rows; r++) {
            double common = rng.nextGaussian();
            for (int j = 0; j < numeric; j++) {
                x[j][r] = common + 0.5 * rng.nextGaussian() + j;
            }
        }
        List<Column> cols = new ArrayList<>();
        for (int j = 0; j < numeric; j++) {
            cols.add(Column.numeric("x" + j, x[j]));
        }
        List<String> labels = new ArrayList<>();
        for (int l = 0; l < levels; l++) {
            labels.add("L" + l);
        }
        for (int j = 0; j < categorical; j++) {
            int[] codes = new int[rows];
            double[] src = x[j % numeric];
            for (int r = 0; r < rows; r++) {
                double u = (src[r] - (j % numeric)) / 1.2 + 0.3 * rng.nextGaussian();
                int bin = (int) Math.floor((u + 2.5) / 5.0 * levels);
                codes[r] = Math.max(0, Math.min(levels - 1, bin));
            }
            cols.add(Column.categorical("c" + j, labels, codes));
        }
        return Table.of(cols);
    }
}
