package io.flowmatch.discrete;

import io.flowmatch.core.internal.RecipeText;
import io.flowmatch.core.model.Activation;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains and scores one configuration on a toy whose distribution is known exactly, for the
 * measurements in the README (not a test): {@code java ... DiscreteExperiment data=checker
 * source=mask loss=cross_entropy iterations=5000 ...}. Prints one line of key=value figures.
 */
final class DiscreteExperiment {

    private DiscreteExperiment() {
    }

    public static void main(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        String data = a.getOrDefault("data", "checker");
        int n = Integer.parseInt(a.getOrDefault("n", data.equals("checker") ? "100000" : "10000"));
        int steps = Integer.parseInt(a.getOrDefault("steps", "64"));
        long seed = Long.parseLong(a.getOrDefault("seed", "1"));
        int trainRows = Integer.parseInt(a.getOrDefault("train", "200000"));
        SplittableRandom rng = new SplittableRandom(seed + 100);
        int vocabulary;
        int[][] train;
        if (data.equals("checker")) {
            vocabulary = Integer.parseInt(a.getOrDefault("side", "128"));
            train = Toys.checkerboard(trainRows, vocabulary, rng);
        } else {
            vocabulary = Toys.CHAIN_TOKENS;
            train = Toys.markov(trainRows, Integer.parseInt(a.getOrDefault("length", "32")), rng);
        }
        DiscreteFlowMatcher.Builder b = DiscreteFlowMatcher.builder().data(train, vocabulary)
                .source(DiscreteSources.parse(a.getOrDefault("source", "mask")))
                .seed(seed).logEvery(1_000_000);
        if (a.containsKey("loss")) {
            b.loss(DiscreteLoss.parse(a.get("loss")));
        }
        if (a.containsKey("iterations")) {
            b.iterations(Long.parseLong(a.get("iterations")));
        }
        if (a.containsKey("batch")) {
            b.batchSize(Integer.parseInt(a.get("batch")));
        }
        if (a.containsKey("lr")) {
            b.learningRate(Double.parseDouble(a.get("lr")));
        }
        if (a.containsKey("hidden")) {
            b.hidden(RecipeText.parseWidths(a.get("hidden")));
        }
        if (a.containsKey("activation")) {
            b.activation(Activation.parse(a.get("activation")));
        }
        if (a.containsKey("scheduler")) {
            b.scheduler(ConvexSchedulers.parse(a.get("scheduler")));
        }
        if (a.containsKey("window")) {
            b.window(Integer.parseInt(a.get("window")));
        }
        if (a.containsKey("ema")) {
            b.ema(Double.parseDouble(a.get("ema")));
        }
        if (a.containsKey("schedule")) {
            b.schedule(io.flowmatch.core.train.LearningRateSchedules.parse(a.get("schedule")));
        }
        long start = System.nanoTime();
        DiscreteFlowModel model = a.containsKey("load") ? DiscreteFlowModel.load(java.nio.file.Path.of(a.get("load"))) : b.train();
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        if (a.containsKey("save")) {
            model.save(java.nio.file.Path.of(a.get("save")));
        }
        DiscreteSampler sampler = DiscreteSampler.euler(steps).withCorrector(Double.parseDouble(a.getOrDefault("corrector", "0")));
        start = System.nanoTime();
        int[][] samples = model.sample(n, sampler, seed + 7);
        double sampleSeconds = (System.nanoTime() - start) / 1e9;
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s train_s=%.1f ms_per_step=%.2f sample_s=%.2f loss=%s", a, trainSeconds,
                1000 * trainSeconds / Math.max(1, model.recipe().training().iterations()), sampleSeconds,
                model.provenance().get("final_loss")));
        SplittableRandom fresh = new SplittableRandom(seed + 999);
        if (data.equals("checker")) {
            int[][] truth = Toys.checkerboard(n, vocabulary, fresh);
            out.append(String.format(Locale.ROOT, " support=%.4f tv=%.4f tv_true=%.4f ratio=%.3f marg=%.4f",
                    Toys.checkerboardSupport(samples, vocabulary), Toys.checkerboardTv(samples, vocabulary),
                    Toys.checkerboardTv(truth, vocabulary),
                    Toys.checkerboardTv(samples, vocabulary) / Toys.checkerboardTv(truth, vocabulary),
                    Toys.worstMarginalTv(samples, vocabulary)));
        } else {
            int[][] truth = Toys.markov(n, train[0].length, fresh);
            out.append(String.format(Locale.ROOT, " bigram_tv=%.4f bigram_tv_true=%.4f valid=%.4f marg=%.4f",
                    Toys.bigramTv(samples), Toys.bigramTv(truth), Toys.markovValid(samples),
                    Toys.worstMarginalTv(samples, vocabulary)));
        }
        System.out.println(out);
    }
}
