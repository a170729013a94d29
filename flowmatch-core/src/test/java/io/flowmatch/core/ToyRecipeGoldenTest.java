package io.flowmatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmatch.core.internal.BlasKernels;
import io.flowmatch.datasets.Datasets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Recipes#toyExperiments()} is, bit for bit, the recipe the defaults were before they were
 * chosen by measurement (issue 23): published comparisons made with the old defaults must stay
 * reproducible. The golden values were recorded on the code of commit b6216ef (the last one with
 * the old defaults) by {@link ToyRecipeTrainer} in mode {@code defaults}, with OpenBLAS's generic
 * (Prescott) kernels on one thread, which any x86-64 CPU runs and which sum in a fixed order. A
 * failure means the toy recipe no longer trains what it used to: fix the code, never the values.
 */
class ToyRecipeGoldenTest {

    /** {@code Recipe.builder().build().toMap()} at commit b6216ef. */
    static final Map<String, String> OLD_DEFAULTS = oldDefaults();

    private static Map<String, String> oldDefaults() {
        Map<String, String> m = new LinkedHashMap<>();
        String[] kv = {"model", "mlp", "hidden", "64,64,64", "activation", "elu", "path", "condot",
            "time_sampler", "uniform", "coupling", "independent", "prediction", "velocity", "source", "gaussian",
            "normalize", "true", "iterations", "5000", "batch_size", "256", "seed", "0", "learning_rate", "0.01",
            "optimizer", "adam(beta1=0.9, beta2=0.999, eps=1.0E-8, weight_decay=0.0)", "schedule", "constant",
            "clip_norm", "0.0", "ema_decay", "0.0", "divergence", "stop", "log_every", "500"};
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void theToyRecipeIsTheOldDefaultsSettingBySetting() {
        assertThat(Recipes.toyExperiments().toMap()).containsExactlyEntriesOf(OLD_DEFAULTS);
        assertThat(FlowMatcher.builder().recipe(Recipes.toyExperiments()).toRecipe()).isEqualTo(Recipes.toyExperiments());
        assertThat(Recipes.named("toy-experiments")).isEqualTo(Recipes.toyExperiments());
        assertThat(Recipes.named("TOY_EXPERIMENTS")).isEqualTo(Recipes.toyExperiments());
    }

    @ParameterizedTest(name = "{0}, {1} steps, seed {2}")
    @CsvSource({
        "moons, 400, 5, 029a2aa6924f1f86f253c0e20fa28f2e7a114e41331dabf7dabfcd8ff8e72195, "
                + "392913e5b9f83a4f02fb8616b7bd5d7d31e1a5701ce0cea4f2807c041154e5eb",
        "8gaussians, 300, 17, 31d8a0fe8f124a6c76e9825a85a87235132633e512df6359dac2ee577d44d3f8, "
                + "e2369f280c91955b5aad850387f7ed75f4c29696f2c189a6de62ad655d41b2c2"})
    void theToyRecipeTrainsTheOldDefaultsWeightsBitForBit(String data, String iterations, String seed,
            String weights, String samples) throws Exception {
        String output = trainInGenericKernelJvm("toy", data, iterations, seed);
        assertThat(output).as("the child JVM's kernels").contains("kernels PRESCOTT");
        List<String> lines = output.lines().filter(l -> l.startsWith(ToyRecipeTrainer.PREFIX))
                .map(l -> l.substring(ToyRecipeTrainer.PREFIX.length())).toList();
        assertThat(lines).as(output).containsExactly("weights " + weights, "samples " + samples, "ema false");
    }

    @Test
    void inThisJvmTheToyRecipeAndTheOldSettingsSpelledOutTrainTheSameWeights() throws Exception {
        FlowModel toy = FlowMatcher.builder().recipe(Recipes.toyExperiments()).data(Datasets.moons(0.05))
                .iterations(200).seed(3L).train();
        FlowModel spelled = FlowMatcher.builder().recipe(Recipe.fromMap(OLD_DEFAULTS)).data(Datasets.moons(0.05))
                .iterations(200).seed(3L).train();
        assertThat(ToyRecipeTrainer.sha256(toy.trainedVelocityModel().parameters()))
                .isEqualTo(ToyRecipeTrainer.sha256(spelled.trainedVelocityModel().parameters()));
        assertThat(toy.usesWeightAverage()).isFalse();
        assertThat(toy.provenance()).containsAllEntriesOf(Map.of("schedule", "constant", "ema_decay", "0.0",
                "learning_rate", "0.01"));
    }

    /** Runs {@link ToyRecipeTrainer} in a JVM forced to OpenBLAS's generic kernels, one thread; its output. */
    static String trainInGenericKernelJvm(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-D" + BlasKernels.PROPERTY + "=Prescott",
                "-cp", System.getProperty("java.class.path"), ToyRecipeTrainer.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove(BlasKernels.VARIABLE);
        builder.environment().put("OMP_NUM_THREADS", "1");
        Process child = builder.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        return output;
    }
}
