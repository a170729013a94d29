package io.flowmatch.examples;

import io.flowmatch.core.model.Activation;
import io.flowmatch.discrete.ConvexSchedulers;
import io.flowmatch.discrete.DiscreteFlowMatcher;
import io.flowmatch.discrete.DiscreteFlowModel;
import io.flowmatch.discrete.DiscreteLoss;
import io.flowmatch.discrete.DiscreteSources;
import io.flowmatch.discrete.TokenCsv;
import io.flowmatch.viz.TrainingProgressBar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Trains a discrete flow on a CSV of integer token sequences and saves it. */
@Command(name = "train-discrete", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Trains a discrete flow (discrete flow matching, Gat et al. 2024) on token sequences and saves the model.")
final class TrainDiscreteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "TOKENS.csv",
            description = "one sequence a row, comma-separated integer tokens, optional header line")
    Path data;

    @Option(names = "--vocabulary", required = true, paramLabel = "V", description = "tokens are in [0, V)",
            showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER)
    int vocabulary;

    @Option(names = "--source", defaultValue = "mask", description = "mask or uniform")
    String source;

    @Option(names = "--scheduler", defaultValue = "polynomial(n=1.0)", description = "kappa(t): poly:N (t^N, N >= 1) or linear")
    String scheduler;

    @Option(names = "--loss", defaultValue = "cross_entropy", description = "cross_entropy or generalized_kl")
    String loss;

    @Option(names = "--iterations", defaultValue = "5000", description = "optimizer steps")
    long iterations;

    @Option(names = "--batch", defaultValue = "256", description = "sequences per step")
    int batch;

    @Option(names = "--seed", defaultValue = "42", description = "seed of weights and batches")
    long seed;

    @Option(names = "--lr", defaultValue = "0.002", description = "Adam learning rate (cosine-decayed)")
    double learningRate;

    @Option(names = "--hidden", defaultValue = "128,128", split = ",", description = "hidden layer widths")
    int[] hidden;

    @Option(names = "--activation", defaultValue = "relu", description = "relu, elu, gelu, silu or tanh")
    String activation;

    @Option(names = "--window", defaultValue = "2",
            description = "reach of the network's local skip: each position's logits see the tokens this close (0: plain MLP)")
    int window;

    @Option(names = "--ema", defaultValue = "0", description = "EMA decay of the weights for sampling (0: off)")
    double ema;

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

    @Mixin
    ThreadsOption threads;

    @Mixin
    ProgressOption progress;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "where to save the model")
    Path out;

    @Override
    public Integer call() {
        threads.apply();
        OutputFiles.requireFile("--out", out);
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("--checkpoint-every must not be negative, got " + checkpointEvery);
        }
        if (vocabulary < 2) {
            throw new IllegalArgumentException("--vocabulary must be at least 2, got " + vocabulary);
        }
        int[][] tokens = TokenCsv.read(data);
        requireInVocabulary(tokens);
        Path checkpointFile = checkpoint != null ? checkpoint
                : resume != null ? resume : out.resolveSibling(out.getFileName() + ".ckpt");
        DiscreteFlowMatcher.Builder builder = DiscreteFlowMatcher.builder()
                .data(tokens, vocabulary)
                .source(DiscreteSources.parse(source))
                .scheduler(ConvexSchedulers.parse(scheduler))
                .loss(DiscreteLoss.parse(loss))
                .iterations(iterations)
                .batchSize(batch)
                .seed(seed)
                .learningRate(learningRate)
                .hidden(hidden)
                .activation(Activation.parse(activation))
                .window(window)
                .ema(ema)
                .checkpoints(checkpointFile, checkpointEvery);
        if (resume != null) {
            builder.resumeFrom(resume);
        }
        progress.style().ifPresent(style -> builder.listener(new TrainingProgressBar(spec.commandLine().getErr(), style)));
        try (InterruptCheckpoint interrupt = new InterruptCheckpoint(checkpointFile, System.err, Duration.ofMinutes(2))) {
            DiscreteFlowModel model = builder.listener(interrupt.install().signal()).train();
            if (interrupt.stoppedEarly()) {
                return TrainCommand.INTERRUPTED;
            }
            model.save(out);
            System.out.printf("saved %s (%d sequences of %d tokens, loss %s, %s s)%n", out, tokens.length,
                    model.length(), model.provenance().get("final_loss"), model.provenance().get("train_seconds"));
            return 0;
        }
    }

    /**
     * A token outside [0, V) named by the file, its sequence and position counted from 1 (the
     * library's own check counts rows from 0 and does not know the file).
     */
    private void requireInVocabulary(int[][] tokens) {
        for (int r = 0; r < tokens.length; r++) {
            for (int c = 0; c < tokens[r].length; c++) {
                int t = tokens[r][c];
                if (t < 0 || t >= vocabulary) {
                    throw new IllegalArgumentException(data + ": sequence " + (r + 1) + ", token " + (c + 1) + ": "
                            + t + " is outside the vocabulary [0, " + vocabulary + ")");
                }
            }
        }
    }
}
