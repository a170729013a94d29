package io.flowmatch.examples;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.model.Activation;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Trains a model on a named dataset or a points file and saves it. */
@Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Trains a flow on a dataset and saves the model.")
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "NAME|FILE",
            description = "a built-in dataset (see 'datasets') or a .csv/.npy file of points")
    String data;

    @Option(names = "--iterations", defaultValue = "5000", description = "optimizer steps")
    long iterations;

    @Option(names = "--batch", defaultValue = "256", description = "points per step")
    int batch;

    @Option(names = "--seed", defaultValue = "42", description = "seed of weights, batches and sampling")
    long seed;

    @Option(names = "--lr", defaultValue = "0.01", description = "Adam learning rate")
    double learningRate;

    @Option(names = "--hidden", defaultValue = "64,64,64", split = ",", description = "hidden layer widths")
    int[] hidden;

    @Option(names = "--activation", defaultValue = "elu", description = "elu, gelu, silu, relu or tanh")
    String activation;

    @Option(names = "--ema", defaultValue = "0", description = "EMA decay of the weights for sampling (0: off)")
    double ema;

    @picocli.CommandLine.Mixin
    RecipeOptions recipe;

    @picocli.CommandLine.Mixin
    ThreadsOption threads;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "where to save the model")
    Path out;

    @Override
    public Integer call() {
        threads.apply();
        FlowModel model = recipe.applyTo(FlowMatcher.builder())
                .data(DataNames.resolve(data))
                .iterations(iterations)
                .batchSize(batch)
                .seed(seed)
                .learningRate(learningRate)
                .hidden(hidden)
                .activation(Activation.parse(activation))
                .ema(ema)
                .train();
        model.save(out);
        System.out.printf("saved %s (loss %s, %s s)%n", out, model.provenance().get("final_loss"),
                model.provenance().get("train_seconds"));
        return 0;
    }
}
