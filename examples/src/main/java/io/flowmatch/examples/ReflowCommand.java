package io.flowmatch.examples;

import io.flowmatch.core.FlowModel;
import io.flowmatch.core.reflow.Reflow;
import io.flowmatch.core.reflow.ReflowResult;
import io.flowmatch.core.reflow.RoundReport;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Straightens a trained flow by reflow rounds and saves the student. */
@Command(name = "reflow", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Rectified-flow reflow: integrates the model to pair noise with samples, trains a "
                + "student on the pairs, repeats; prints straightness and 1/2/4-step W2 per round.")
final class ReflowCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "the trained teacher")
    Path model;

    @Option(names = "--source", paramLabel = "NAME|FILE",
            description = "the teacher's source distribution, if it was trained from a custom one")
    String source;

    @Option(names = "--rounds", defaultValue = "1", description = "reflow rounds")
    int rounds;

    @Option(names = "--pairs", defaultValue = "20000", description = "(x0, x1) pairs generated per round")
    int pairs;

    @Option(names = "--teacher-solver", defaultValue = "rk4", description = "solver integrating the teacher")
    String solver;

    @Option(names = "--teacher-steps", defaultValue = "20", description = "steps integrating the teacher")
    int steps;

    @Option(names = "--iterations", defaultValue = "3000", description = "student optimizer steps per round")
    long iterations;

    @Option(names = "--batch", defaultValue = "256", description = "student batch size")
    int batch;

    @Option(names = "--lr", defaultValue = "0.001", description = "student learning rate")
    double learningRate;

    @Option(names = "--reference", paramLabel = "NAME|FILE",
            description = "true data to measure W2 against (default: the teacher's own samples)")
    String reference;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the pairs and the student's batches")
    long seed;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "where to save the student")
    Path out;

    @Override
    public Integer call() {
        threads.apply();
        OutputFiles.requireFile("--out", out);
        FlowModel teacher = FlowModels.load(model, source);
        Reflow reflow = Reflow.from(teacher).rounds(rounds).pairs(pairs).teacherSolver(Solvers.parse(solver), steps)
                .iterations(iterations).batchSize(batch).learningRate(learningRate).seed(seed);
        if (reference != null) {
            reflow.reference(Datasets.parse(reference));
        }
        ReflowResult result = reflow.run();
        System.out.println("round  straightness  W2@1    W2@2    W2@4    seconds");
        for (RoundReport r : result.reports()) {
            System.out.printf("%5d  %12.5f  %.4f  %.4f  %.4f  %7.1f%n", r.round(), r.straightness(), r.w2OneStep(),
                    r.w2TwoSteps(), r.w2FourSteps(), r.seconds());
        }
        result.model().save(out);
        System.out.printf("saved %s%n", out);
        return 0;
    }
}
