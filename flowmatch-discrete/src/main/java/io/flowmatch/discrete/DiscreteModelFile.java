package io.flowmatch.discrete;

import io.flowmatch.core.internal.RecipeText;
import io.flowmatch.core.io.ModelFile;
import io.flowmatch.core.io.ModelFormatException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reader and writer of {@link DiscreteFlowModel} files, in core's {@link ModelFile}
 * container (magic, version, CRC, atomic write, size checks):
 *
 * <pre>
 * format=flowmatch-discrete-model
 * model.length, model.vocabulary       the sequences' shape
 * recipe.KEY                           the recipe's text form ({@link DiscreteRecipe#toMap()}): network shape,
 *                                      source, scheduler, loss, training loop
 * run.KEY                              the rest of the provenance (data, steps_done, final_loss, ...)
 * arrays: parameters, ema_parameters (when sampling uses a weight average)
 * </pre>
 * The network, source and scheduler are rebuilt from the recipe, so the file says in text
 * exactly how the model was made.
 */
final class DiscreteModelFile {

    static final String FORMAT = "flowmatch-discrete-model";
    private static final String RECIPE = "recipe.";
    private static final String RUN = "run.";

    private DiscreteModelFile() {
    }

    static void write(DiscreteFlowModel model, Path path) {
        if (!(model.trainedPosteriorModel() instanceof TokenMlp mlp)) {
            throw new UnsupportedOperationException("only TokenMlp networks can be saved, not "
                    + model.trainedPosteriorModel().description());
        }
        Map<String, String> header = new LinkedHashMap<>();
        header.put("format", FORMAT);
        header.put("model.length", Integer.toString(mlp.length()));
        header.put("model.vocabulary", Integer.toString(mlp.vocabulary()));
        Map<String, String> recipe = model.recipe().toMap();
        recipe.forEach((k, v) -> header.put(RECIPE + k, v));
        model.provenance().forEach((k, v) -> {
            if (!recipe.containsKey(k)) {
                header.put(RUN + k, RecipeText.singleLine(v));
            }
        });
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put("parameters", mlp.parameters().toFloatVector());
        if (model.usesWeightAverage()) {
            arrays.put("ema_parameters", model.posteriorModel().parameters().toFloatVector());
        }
        new ModelFile(header, arrays).write(path);
    }

    static DiscreteFlowModel read(Path path) {
        ModelFile file = ModelFile.read(path);
        String name = path.toString();
        Map<String, String> h = file.header();
        if (!FORMAT.equals(h.get("format"))) {
            throw new ModelFormatException(name + " is not a discrete flow model (format=" + h.get("format") + ")");
        }
        Map<String, String> recipeMap = new LinkedHashMap<>();
        Map<String, String> provenance = new LinkedHashMap<>();
        h.forEach((k, v) -> {
            if (k.startsWith(RECIPE)) {
                recipeMap.put(k.substring(RECIPE.length()), v);
            }
        });
        provenance.putAll(recipeMap);
        h.forEach((k, v) -> {
            if (k.startsWith(RUN)) {
                provenance.put(k.substring(RUN.length()), v);
            }
        });
        DiscreteRecipe recipe;
        TokenMlpArchitecture architecture;
        try {
            recipe = DiscreteRecipe.fromMap(recipeMap);
            if (recipe.hasCustomModel()) {
                throw new IllegalArgumentException("it names a custom network");
            }
            architecture = recipe.architecture(Integer.parseInt(required(h, "model.length", name)),
                    Integer.parseInt(required(h, "model.vocabulary", name)));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name + " has an invalid header: " + e.getMessage(), e);
        }
        TokenMlp trained = network(architecture, file.arrays().get("parameters"), "parameters", name);
        float[] ema = file.arrays().get("ema_parameters");
        TokenMlp averaged = ema == null ? null : network(architecture, ema, "ema_parameters", name);
        return new DiscreteFlowModel(trained, averaged, recipe, provenance);
    }

    private static TokenMlp network(TokenMlpArchitecture architecture, float[] values, String array, String name) {
        if (values == null) {
            throw new ModelFormatException(name + " has no '" + array + "' array");
        }
        if (values.length != architecture.parameterCount()) {
            throw new ModelFormatException(name + " has " + values.length + " values in '" + array + "' but "
                    + architecture.description() + " needs " + architecture.parameterCount());
        }
        try {
            return TokenMlp.of(architecture, values);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name + ": " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> h, String key, String name) {
        String v = h.get(key);
        if (v == null) {
            throw new ModelFormatException(name + " has no '" + key + "' in its header");
        }
        return v;
    }
}
