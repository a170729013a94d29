package io.flowmatch.image;

import io.flowmatch.core.FlowModel;
import io.flowmatch.core.io.ModelFile;
import io.flowmatch.core.io.ModelFormatException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reader and writer of {@link ImageFlowModel} files: which header keys and arrays an image
 * flow is stored as, in core's {@link ModelFile} container (magic, version, CRC-32, sizes
 * checked against the bytes present before anything is allocated; written atomically; no Java
 * serialization).
 *
 * <pre>
 * format=flowmatch-image-model
 * library.version=...
 * model.type=unet
 * model.architecture=unet(28x28, classes=10, channels=32/64, ...)   see UNetArchitecture#parse
 * model.parameter_count=193028
 * recipe.KEY            the recipe's text form (ImageRecipe#toMap)
 * provenance.KEY        what the run measured (data, steps, loss, time, ...)
 * arrays: parameters (the last weights), ema_parameters (the weight average, when kept)
 * </pre>
 *
 * <p>Reading checks that the architecture, the parameter count, the recipe's model and both
 * arrays agree before any model is built.
 */
final class ImageModelFile {

    /** The value of the {@code format} header key. */
    static final String FORMAT = "flowmatch-image-model";

    private static final String RECIPE = "recipe.";
    private static final String PROVENANCE = "provenance.";

    private ImageModelFile() {
    }

    static void write(ImageFlowModel model, Path path) {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("format", FORMAT);
        header.put("library.version", FlowModel.LIBRARY_VERSION);
        header.put("model.type", "unet");
        header.put("model.architecture", model.architecture().toString());
        header.put("model.parameter_count", Long.toString(model.architecture().parameterCount()));
        Map<String, String> recipe = model.recipe().toMap();
        recipe.forEach((k, v) -> header.put(RECIPE + k, v));
        model.provenance().forEach((k, v) -> {
            if (!recipe.containsKey(k)) {
                header.put(PROVENANCE + k, v);
            }
        });
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put("parameters", model.trainedVelocityModel().parameters().toFloatVector());
        if (model.usesWeightAverage()) {
            arrays.put("ema_parameters", model.velocityModel().parameters().toFloatVector());
        }
        new ModelFile(header, arrays).write(path);
    }

    static ImageFlowModel read(Path path) {
        String name = path.toString();
        ModelFile file = ModelFile.read(path);
        Map<String, String> h = file.header();
        if (!FORMAT.equals(h.get("format"))) {
            throw new ModelFormatException(name + " is not a flowmatch image model (format=" + h.get("format") + ")");
        }
        if (!"unet".equals(h.get("model.type"))) {
            throw new ModelFormatException(name + " holds an unsupported image model type '" + h.get("model.type") + "'");
        }
        UNetArchitecture architecture;
        long declared;
        ImageRecipe recipe;
        Map<String, String> recipeMap = new LinkedHashMap<>();
        Map<String, String> provenance = new LinkedHashMap<>();
        h.forEach((k, v) -> {
            if (k.startsWith(RECIPE)) {
                recipeMap.put(k.substring(RECIPE.length()), v);
            } else if (k.startsWith(PROVENANCE)) {
                provenance.put(k.substring(PROVENANCE.length()), v);
            }
        });
        try {
            architecture = UNetArchitecture.parse(required(h, "model.architecture", name));
            declared = Long.parseLong(required(h, "model.parameter_count", name).trim());
            recipe = ImageRecipe.fromMap(recipeMap);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name + " has an invalid header: " + e.getMessage(), e);
        }
        if (declared != architecture.parameterCount()) {
            throw new ModelFormatException(name + " declares " + declared + " parameters but " + architecture
                    + " has " + architecture.parameterCount());
        }
        if (!recipe.architecture().equals(architecture)) {
            throw new ModelFormatException(name + " holds a " + architecture + " but its recipe names "
                    + recipe.architecture());
        }
        float[] parameters = file.arrays().get("parameters");
        if (parameters == null) {
            throw new ModelFormatException(name + " has no parameters");
        }
        UNetVelocityModel trained = unet(architecture, parameters, "parameters", name);
        float[] ema = file.arrays().get("ema_parameters");
        UNetVelocityModel averaged = ema == null ? null : unet(architecture, ema, "ema_parameters", name);
        Map<String, String> all = new LinkedHashMap<>(recipe.toMap());
        all.putAll(provenance);
        return ImageFlowModel.of(trained, averaged, recipe, all);
    }

    private static UNetVelocityModel unet(UNetArchitecture architecture, float[] values, String array, String name) {
        if (values.length != architecture.parameterCount()) {
            throw new ModelFormatException(name + " has " + values.length + " values in '" + array + "' but "
                    + architecture + " needs " + architecture.parameterCount());
        }
        try {
            return UNetVelocityModel.of(architecture, Nd4j.createFromArray(values));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name + ": '" + array + "' " + e.getMessage(), e);
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
