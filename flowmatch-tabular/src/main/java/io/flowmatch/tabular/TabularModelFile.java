package io.flowmatch.tabular;

import io.flowmatch.core.io.ModelFile;
import io.flowmatch.core.io.ModelFormatException;
import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.model.MlpVelocityModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The tabular model's file: the {@link ModelFile} container with
 * <pre>
 * format=flowmatch-tabular-model
 * tabular_format=1
 * recipe.hidden=256,256,256   (every key of TabularRecipe.toMap(), prefixed)
 * encoder.columns=5           (every key of TableEncoder.toMap(), prefixed)
 * encoder.column.0.name=sepal_length ...
 * condition_categories=3
 * parameter_count=...
 * provenance.final_loss=...   (what training measured)
 * </pre>
 * and one array, {@code parameters}, the network's weights. Every field is checked on reading
 * (format, version, the recipe and encoder, the parameter count against the architecture),
 * naming the file and the problem.
 */
final class TabularModelFile {

    static final String FORMAT = "flowmatch-tabular-model";
    static final int VERSION = 1;

    private TabularModelFile() {
    }

    static void write(TabularModel model, Path path) {
        file(model).write(path);
    }

    static byte[] toBytes(TabularModel model) {
        return file(model).toBytes();
    }

    static TabularModel fromBytes(byte[] bytes) {
        return decode(ModelFile.fromBytes(bytes, "tabular model bytes"), "tabular model bytes");
    }

    private static ModelFile file(TabularModel model) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("format", FORMAT);
        h.put("tabular_format", Integer.toString(VERSION));
        model.recipe().toMap().forEach((k, v) -> h.put("recipe." + k, v));
        model.encoder().toMap().forEach((k, v) -> h.put("encoder." + k, v));
        h.put("condition_categories", Integer.toString(model.conditionCategories().size()));
        h.put("parameter_count", Long.toString(model.network().parameterCount()));
        model.measured().forEach((k, v) -> h.put("provenance." + k, v.replace('\n', ' ').replace('\r', ' ')));
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put("parameters", model.network().parameters().toFloatVector());
        return new ModelFile(h, arrays);
    }

    static TabularModel read(Path path) {
        return decode(ModelFile.read(path), path.toString());
    }

    private static TabularModel decode(ModelFile file, String name) {
        Map<String, String> h = file.header();
        if (!FORMAT.equals(h.get("format"))) {
            throw new ModelFormatException(name + " is not a flowmatch tabular model (format=" + h.get("format") + ")");
        }
        String version = h.get("tabular_format");
        if (!Integer.toString(VERSION).equals(version)) {
            throw new ModelFormatException(name + ": unsupported tabular model version " + version
                    + " (this library reads " + VERSION + ")");
        }
        TabularRecipe recipe;
        TableEncoder encoder;
        try {
            Map<String, String> written = section(h, "recipe.");
            // files written before the key existed generated their categories on the continuous path
            written.putIfAbsent("categorical", CategoricalCoding.CONTINUOUS.description());
            recipe = TabularRecipe.fromMap(written);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name + ": in the recipe.* entries: " + e.getMessage(), e);
        }
        try {
            encoder = TableEncoder.fromMap(section(h, "encoder."));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name + ": in the encoder.* entries: " + e.getMessage(), e);
        }
        int k = 0;
        if (recipe.condition() != null) {
            TableEncoder.ColumnCoding c = encoder.column(recipe.condition());
            if (c == null || !c.type().isCategorical()) {
                throw new ModelFormatException(name + ": condition column '" + recipe.condition()
                        + "' is not a label column of the model");
            }
            k = c.categories().size();
        }
        if (!Integer.toString(k).equals(h.get("condition_categories"))) {
            throw new ModelFormatException(name + ": condition_categories=" + h.get("condition_categories")
                    + " but the encoder gives " + k);
        }
        MlpArchitecture arch = recipe.architecture(encoder.dimension() + k);
        float[] params = file.arrays().get("parameters");
        if (params == null) {
            throw new ModelFormatException(name + " has no 'parameters' array");
        }
        if (params.length != arch.parameterCount() || !Long.toString(params.length).equals(h.get("parameter_count"))) {
            throw new ModelFormatException(name + ": 'parameters' holds " + params.length + " values, but " + arch
                    + " needs " + arch.parameterCount() + " (header parameter_count=" + h.get("parameter_count") + ")");
        }
        MlpVelocityModel network;
        try {
            network = MlpVelocityModel.of(arch, Nd4j.createFromArray(params));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name + ": " + e.getMessage(), e);
        }
        return new TabularModel(recipe, encoder, network, section(h, "provenance."));
    }

    private static Map<String, String> section(Map<String, String> h, String prefix) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : h.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                m.put(e.getKey().substring(prefix.length()), e.getValue());
            }
        }
        return m;
    }
}
