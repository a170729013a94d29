package io.flowmatch.examples;

import io.flowmatch.datasets.Table;
import io.flowmatch.datasets.Tables;
import io.flowmatch.tabular.CategoricalCoding;
import io.flowmatch.tabular.TabularFlowMatcher;
import io.flowmatch.tabular.TabularModel;
import io.flowmatch.viz.TrainingProgressBar;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Trains a tabular flow on a CSV table and writes synthetic rows with the same header. */
@Command(name = "synth", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Trains a tabular flow on a CSV table (header line; numeric, integer, binary and categorical "
                + "columns inferred; empty or NA cells missing) and writes N synthetic rows with the same header.")
final class SynthCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "TRAIN.csv", description = "the training table")
    Path data;

    @Option(names = "--n", required = true, paramLabel = "N", description = "synthetic rows to write",
            showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER)
    int n;

    @Option(names = "--out", required = true, paramLabel = "FAKE.csv", description = "where to write them")
    Path out;

    @Option(names = "--condition", paramLabel = "COL",
            description = "a binary or categorical column to condition on (label dropout, classifier-free guidance)")
    String condition;

    @Option(names = "--guidance", defaultValue = "1.0", paramLabel = "W",
            description = "with --condition: classifier-free guidance scale of the rows' labels, which are drawn in "
                    + "the training proportions (0: unconditional, 1: plain conditional)")
    double guidance;

    @Option(names = "--categorical", split = ",", paramLabel = "COL",
            description = "columns to read as categorical even if they look like numbers")
    String[] categorical = new String[0];

    @Option(names = "--coding", paramLabel = "continuous|discrete",
            description = "how categorical columns are generated: one-hot on the continuous path (the default) or"
                    + " masked tokens of a discrete flow")
    String coding;

    @Option(names = "--steps", paramLabel = "K", description = "sampler steps (default: the recipe's, 12)")
    Integer steps;

    @Option(names = "--iterations", defaultValue = "5000", description = "optimizer steps")
    long iterations;

    @Option(names = "--seed", defaultValue = "0", description = "seed of training and of the synthetic rows")
    long seed;

    @Option(names = "--model-out", paramLabel = "M", description = "also save the trained model here")
    Path modelOut;

    @Mixin
    ThreadsOption threads;

    @Mixin
    ProgressOption progress;

    @Override
    public Integer call() {
        threads.apply();
        OutputFiles.requireFile("--out", out);
        OutputFiles.requireFile("--model-out", modelOut);
        if (n < 1) {
            throw new IllegalArgumentException("--n must be positive, got " + n);
        }
        if (!Double.isFinite(guidance)) {
            throw new IllegalArgumentException("--guidance must be a finite number, got " + guidance);
        }
        if (condition == null && guidance != 1.0) {
            throw new IllegalArgumentException("--guidance needs --condition (the column whose labels it guides toward)");
        }
        Table train = Tables.csv(data).categorical(categorical).read();
        TabularFlowMatcher.Builder builder = TabularFlowMatcher.builder().data(train).iterations(iterations).seed(seed);
        if (condition != null) {
            builder.condition(condition);
        }
        if (coding != null) {
            builder.categorical(CategoricalCoding.parse(coding));
        }
        if (steps != null) {
            builder.sampler(io.flowmatch.solvers.Solvers.euler(), steps);
        }
        progress.style().ifPresent(style -> builder.listener(new TrainingProgressBar(spec.commandLine().getErr(), style)));
        long start = System.nanoTime();
        TabularModel model = builder.train();
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        if (modelOut != null) {
            model.save(modelOut);
            System.out.println("saved " + modelOut);
        }
        Table fake = model.sample(n, Map.of(), guidance, seed + 1);
        Tables.writeCsv(fake, out);
        System.out.printf(java.util.Locale.ROOT, "trained on %d rows x %d columns in %.1f s (final loss %s)%n",
                train.rowCount(), train.columnCount(), trainSeconds, model.provenance().get("final_loss"));
        System.out.println("wrote " + out);
        return 0;
    }
}
