package io.flowmatch.manifold;

import io.flowmatch.core.FlowModel;
import io.flowmatch.core.io.ModelFile;
import io.flowmatch.core.io.ModelFormatException;
import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.model.MlpVelocityModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reader and writer of {@link RiemannianFlowModel} files, in flowmatch-core's
 * {@link ModelFile} container (magic, version, CRC, atomic write, checked sizes):
 * <pre>
 * format=flowmatch-riemannian-model
 * library.version=...
 * manifold=sphere:3 | torus:K           (repeated from the recipe, for a reader's eye)
 * model.type=mlp, model.width (features: the network's input and output width)
 * recipe.KEY                            the recipe's text form ({@link RiemannianRecipe#toMap()})
 * provenance.KEY                        the model's provenance
 * arrays: parameters, ema_parameters (when sampling uses a weight average)
 * </pre>
 * The network's shape is rebuilt from the recipe and checked against model.width and the
 * number of parameters. Internal.
 */
final class RiemannianModelFile {

    static final String FORMAT = "flowmatch-riemannian-model";

    private RiemannianModelFile() {
    }

    static void write(RiemannianFlowModel model, Path path) {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("format", FORMAT);
        header.put("library.version", FlowModel.LIBRARY_VERSION);
        header.put("manifold", model.manifold().description());
        header.put("model.type", "mlp");
        header.put("model.width", Integer.toString(model.trainedVelocityModel().dimension()));
        model.recipe().toMap().forEach((k, v) -> header.put("recipe." + k, v));
        model.provenance().forEach((k, v) -> header.put("provenance." + k, v.replace('\n', ' ').replace('\r', ' ')));
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put("parameters", model.trainedVelocityModel().parameters().toFloatVector());
        if (model.usesWeightAverage()) {
            arrays.put("ema_parameters", model.velocityModel().parameters().toFloatVector());
        }
        new ModelFile(header, arrays).write(path);
    }

    static RiemannianFlowModel read(Path path) {
        String name = path.toString();
        ModelFile file = ModelFile.read(path);
        Map<String, String> h = file.header();
        if (!FORMAT.equals(h.get("format"))) {
            throw new ModelFormatException(name + " is not a Riemannian flow model (format=" + h.get("format")
                    + "; expected " + FORMAT + ")");
        }
        if (!"mlp".equals(h.get("model.type"))) {
            throw new ModelFormatException(name + " holds an unsupported model type '" + h.get("model.type") + "'");
        }
        Map<String, String> recipeMap = new LinkedHashMap<>();
        Map<String, String> provenance = new LinkedHashMap<>();
        h.forEach((k, v) -> {
            if (k.startsWith("recipe.")) {
                recipeMap.put(k.substring("recipe.".length()), v);
            } else if (k.startsWith("provenance.")) {
                provenance.put(k.substring("provenance.".length()), v);
            }
        });
        RiemannianRecipe recipe;
        try {
            recipe = RiemannianRecipe.fromMap(recipeMap);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ModelFormatException(name + " has an invalid recipe: " + e.getMessage(), e);
        }
        if (!recipe.manifold().description().equals(h.get("manifold"))) {
            throw new ModelFormatException(name + " names the manifold " + h.get("manifold") + " but its recipe has "
                    + recipe.manifold().description());
        }
        MlpArchitecture arch = recipe.architecture();
        String width = h.get("model.width");
        if (width == null || !width.equals(Integer.toString(arch.dimension()))) {
            throw new ModelFormatException(name + " declares a network of width " + width + " but "
                    + recipe.manifold().description() + " with " + recipe.features().label() + " features needs "
                    + arch.dimension());
        }
        float[] params = file.arrays().get("parameters");
        if (params == null) {
            throw new ModelFormatException(name + " has no parameters");
        }
        MlpVelocityModel trained = mlp(arch, params, name, "parameters");
        float[] ema = file.arrays().get("ema_parameters");
        MlpVelocityModel averaged = ema == null ? null : mlp(arch, ema, name, "ema_parameters");
        return RiemannianFlowModel.of(recipe, trained, averaged, provenance);
    }

    private static MlpVelocityModel mlp(MlpArchitecture arch, float[] values, String name, String array) {
        if (values.length != arch.parameterCount()) {
            throw new ModelFormatException(name + " has " + values.length + " values in '" + array + "' but " + arch
                    + " needs " + arch.parameterCount());
        }
        try {
            return MlpVelocityModel.of(arch, Nd4j.createFromArray(values));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name + ": " + e.getMessage(), e);
        }
    }
}
