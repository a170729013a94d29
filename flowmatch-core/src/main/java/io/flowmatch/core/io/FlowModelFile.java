package io.flowmatch.core.io;

import io.flowmatch.core.FlowModel;
import io.flowmatch.core.Standardization;
import io.flowmatch.core.model.Activation;
import io.flowmatch.core.model.MlpArchitecture;
import io.flowmatch.core.model.MlpVelocityModel;
import io.flowmatch.core.model.VelocityModel;
import io.flowmatch.core.path.AffinePath;
import io.flowmatch.core.path.Paths;
import io.flowmatch.core.path.Prediction;
import io.flowmatch.core.path.ProbabilityPath;
import io.flowmatch.datasets.DataSource;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.datasets.GaussianSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reader and writer of {@link FlowModel} files: which header keys and arrays a continuous
 * flow is stored as, in the {@link ModelFile} container (format version
 * {@value ModelFile#FORMAT_VERSION}).
 *
 * <pre>
 * format=flowmatch-model
 * library.version=...
 * model.type=mlp, model.dimension, model.hidden (widths, comma-separated), model.activation
 * model.classes, class.K (K = 0, 1, ...)     only for a class-conditional model: its number of
 *                                      classes and the name of each
 * source=gaussian | gaussian_mean_cov (source.mean, source.covariance rows ';'-separated) | custom (source.description)
 * prediction, prediction.path          only for a data or noise prediction
 * sampling.seed
 * standardization.mean, standardization.scale   only for a model trained on standardized data
 * provenance.KEY                       the model's provenance: its recipe's text form and what the run measured
 * arrays: parameters, ema_parameters (when sampling uses a weight average)
 * </pre>
 *
 * <p>Files written by every earlier version of the library load and sample bit-identically
 * (the golden-file tests check it).
 */
public final class FlowModelFile {

    private FlowModelFile() {
    }

    /**
     * Writes {@code model} to {@code path} atomically.
     *
     * @throws UnsupportedOperationException if the velocity model is not an {@link MlpVelocityModel}
     * @throws java.io.UncheckedIOException  if the file cannot be written
     */
    public static void write(FlowModel model, Path path) {
        new ModelFile(header(model), arrays(model)).write(path);
    }

    /**
     * The bytes {@link #write} would write, e.g. to ship a model to another process.
     *
     * @throws UnsupportedOperationException as for {@link #write}
     */
    public static byte[] toBytes(FlowModel model) {
        return new ModelFile(header(model), arrays(model)).encode();
    }

    /**
     * The model in {@code bytes}, as {@link #toBytes} made them.
     *
     * @param source the source the model was trained from, or null to use the saved one
     * @throws ModelFormatException as for {@link #read}
     */
    public static FlowModel fromBytes(byte[] bytes, DataSource source) {
        return decode(ModelFile.decode(bytes, "model bytes"), "model bytes", source);
    }

    private static Map<String, String> header(FlowModel model) {
        if (!(model.trainedVelocityModel() instanceof MlpVelocityModel mlp)) {
            throw new UnsupportedOperationException("only MLP velocity models can be saved, not "
                    + model.trainedVelocityModel().description());
        }
        MlpArchitecture arch = mlp.architecture();
        Map<String, String> header = new LinkedHashMap<>();
        header.put("format", "flowmatch-model");
        header.put("library.version", FlowModel.LIBRARY_VERSION);
        header.put("model.type", "mlp");
        header.put("model.dimension", Integer.toString(arch.dimension()));
        header.put("model.hidden", joinWidths(arch.hiddenWidths()));
        header.put("model.activation", arch.activation().name().toLowerCase(Locale.ROOT));
        if (arch.isConditional()) {
            header.put("model.classes", Integer.toString(arch.classes()));
            for (int k = 0; k < arch.classes(); k++) {
                header.put("class." + k, model.classNames().get(k));
            }
        }
        putSource(model, header);
        if (model.prediction() != Prediction.VELOCITY) {
            header.put("prediction", model.prediction().description());
            header.put("prediction.path", model.predictionPath().description());
        }
        header.put("sampling.seed", Long.toString(model.seed()));
        model.standardization().ifPresent(st -> {
            header.put("standardization.mean", joinDoubles(st.mean()));
            header.put("standardization.scale", joinDoubles(st.scale()));
        });
        model.provenance().forEach((k, v) -> header.putIfAbsent("provenance." + k, v.replace('\n', ' ').replace('\r', ' ')));
        return header;
    }

    private static Map<String, float[]> arrays(FlowModel model) {
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put("parameters", model.trainedVelocityModel().parameters().toFloatVector());
        if (model.usesWeightAverage()) {
            arrays.put("ema_parameters", model.velocityModel().parameters().toFloatVector());
        }
        return arrays;
    }

    /**
     * Reads a model file.
     *
     * @param source the source the model was trained from, or null to use the saved one
     * @throws java.io.UncheckedIOException if the file cannot be read
     * @throws ModelFormatException         if it is not a valid flowmatch model file, if the
     *                                      model was trained from a custom source and none is
     *                                      given, or if {@code source} has another dimension
     */
    public static FlowModel read(Path path, DataSource source) {
        return decode(ModelFile.read(path), path.toString(), source);
    }

    private static FlowModel decode(ModelFile file, String name, DataSource source) {
        Map<String, String> h = file.header();
        if (!"flowmatch-model".equals(h.get("format"))) {
            throw new ModelFormatException(name + " is not a flowmatch model (format=" + h.get("format") + ")");
        }
        if (!"mlp".equals(h.get("model.type"))) {
            throw new ModelFormatException(name + " holds an unsupported model type '" + h.get("model.type") + "'");
        }
        MlpArchitecture arch;
        long seed;
        try {
            arch = new MlpArchitecture(Integer.parseInt(required(h, "model.dimension", name)),
                    parseWidths(required(h, "model.hidden", name)),
                    Activation.parse(required(h, "model.activation", name)),
                    h.containsKey("model.classes") ? Integer.parseInt(h.get("model.classes").trim()) : 0);
            if (h.containsKey("model.classes") && arch.classes() < 1) {
                throw new IllegalArgumentException("model.classes must be at least 1, got " + arch.classes());
            }
            seed = Long.parseLong(required(h, "sampling.seed", name));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name + " has an invalid header: " + e.getMessage(), e);
        }
        float[] params = file.arrays().get("parameters");
        if (params == null) {
            throw new ModelFormatException(name + " has no parameters");
        }
        VelocityModel trained = mlp(arch, params, name);
        float[] ema = file.arrays().get("ema_parameters");
        VelocityModel averaged = ema == null ? null : mlp(arch, ema, name);
        Map<String, String> provenance = new LinkedHashMap<>();
        h.forEach((k, v) -> {
            if (k.startsWith("provenance.")) {
                provenance.put(k.substring("provenance.".length()), v);
            }
        });
        DataSource saved;
        try {
            saved = readSource(h, arch.dimension(), name);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name + " has an invalid source: " + e.getMessage(), e);
        }
        DataSource chosen = source != null ? source : saved;
        if (chosen == null) {
            throw new ModelFormatException(name + " was trained from the custom source '"
                    + h.get("source.description") + "': load it with FlowModel.load(path, source)");
        }
        if (chosen.dimension() != arch.dimension()) {
            throw new ModelFormatException("the given source has dimension " + chosen.dimension() + " but "
                    + name + " holds a model of dimension " + arch.dimension());
        }
        Prediction prediction = Prediction.VELOCITY;
        AffinePath predictionPath = null;
        if (h.containsKey("prediction")) {
            try {
                prediction = Prediction.parse(h.get("prediction"));
                ProbabilityPath p = Paths.parse(required(h, "prediction.path", name));
                if (!(p instanceof AffinePath affine)) {
                    throw new IllegalArgumentException("path " + p.description() + " is not affine");
                }
                predictionPath = affine;
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(name + " has an invalid prediction: " + e.getMessage(), e);
            }
        }
        Standardization standardization = null;
        if (h.containsKey("standardization.mean") || h.containsKey("standardization.scale")) {
            try {
                standardization = Standardization.of(
                        parseDoubles(required(h, "standardization.mean", name), arch.dimension()),
                        parseDoubles(required(h, "standardization.scale", name), arch.dimension()));
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(name + " has an invalid standardization: " + e.getMessage(), e);
            }
        }
        FlowModel model = FlowModel.of(new FlowModel.Contents(trained, averaged, seed, chosen, prediction,
                predictionPath, provenance, standardization));
        if (!arch.isConditional()) {
            return model;
        }
        List<String> classNames = new ArrayList<>(arch.classes());
        for (int k = 0; k < arch.classes(); k++) {
            classNames.add(required(h, "class." + k, name));
        }
        try {
            return model.withClassNames(classNames);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name + " has invalid class names: " + e.getMessage(), e);
        }
    }

    /** Writes how to rebuild the source: standard, a Gaussian by its numbers, or a custom one by name. */
    private static void putSource(FlowModel model, Map<String, String> header) {
        DataSource source = model.source();
        if (model.hasStandardSource()) {
            header.put("source", "gaussian");
        } else if (source instanceof GaussianSource g) {
            header.put("source", "gaussian_mean_cov");
            header.put("source.mean", joinDoubles(g.mean()));
            StringBuilder rows = new StringBuilder();
            for (double[] row : g.covariance()) {
                rows.append(rows.length() > 0 ? ";" : "").append(joinDoubles(row));
            }
            header.put("source.covariance", rows.toString());
        } else {
            header.put("source", "custom");
            header.put("source.description", source.description().replace('\n', ' ').replace('\r', ' '));
        }
    }

    private static String joinDoubles(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            sb.append(sb.length() > 0 ? "," : "").append(v);
        }
        return sb.toString();
    }

    private static double[] parseDoubles(String text, int expected) {
        String[] parts = text.split(",");
        if (parts.length != expected) {
            throw new IllegalArgumentException("expected " + expected + " numbers, got " + parts.length);
        }
        double[] out = new double[expected];
        for (int i = 0; i < expected; i++) {
            out[i] = Double.parseDouble(parts[i].trim());
        }
        return out;
    }

    /** Rebuilds the saved source; null for a custom one (the caller must supply it). */
    private static DataSource readSource(Map<String, String> h, int d, String name) {
        String kind = h.getOrDefault("source", "gaussian");
        switch (kind) {
            case "gaussian":
                return Datasets.gaussian(d);
            case "gaussian_mean_cov": {
                double[] mean = parseDoubles(required(h, "source.mean", name), d);
                String[] rows = required(h, "source.covariance", name).split(";");
                if (rows.length != d) {
                    throw new IllegalArgumentException("source covariance has " + rows.length + " rows, expected " + d);
                }
                double[][] cov = new double[d][];
                for (int i = 0; i < d; i++) {
                    cov[i] = parseDoubles(rows[i], d);
                }
                return Datasets.gaussian(mean, cov);
            }
            case "custom":
                return null;
            default:
                throw new IllegalArgumentException("unknown source kind '" + kind + "'");
        }
    }

    private static MlpVelocityModel mlp(MlpArchitecture arch, float[] values, String name) {
        if (values.length != arch.parameterCount()) {
            throw new ModelFormatException(name + " has " + values.length + " parameters but " + arch
                    + " needs " + arch.parameterCount());
        }
        try {
            return MlpVelocityModel.of(arch, Nd4j.createFromArray(values));
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

    private static String joinWidths(List<Integer> widths) {
        StringBuilder sb = new StringBuilder();
        for (int w : widths) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(w);
        }
        return sb.toString();
    }

    private static List<Integer> parseWidths(String text) {
        List<Integer> widths = new ArrayList<>();
        String[] parts = text.split(",");
        if (parts.length > 1024) {
            throw new IllegalArgumentException("too many hidden layers: " + parts.length);
        }
        for (String p : parts) {
            int w = Integer.parseInt(p.trim());
            if (w < 1 || w > 1 << 16) {
                throw new IllegalArgumentException("hidden width out of range: " + w);
            }
            widths.add(w);
        }
        return widths;
    }
}
