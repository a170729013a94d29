package io.flowmatch.examples;

import io.flowmatch.datasets.DataSource;
import io.flowmatch.datasets.Datasets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** Turns a {@code --data} argument into a {@link DataSource}: a built-in name or a CSV/NPY file. */
final class DataNames {

    private static final Map<String, Supplier<DataSource>> BUILT_IN = new LinkedHashMap<>();

    static {
        BUILT_IN.put("moons", () -> Datasets.moons(0.05));
        BUILT_IN.put("spiral", Datasets::spiral);
        BUILT_IN.put("annulus", Datasets::annulus);
        BUILT_IN.put("8gaussians", Datasets::eightGaussians);
        BUILT_IN.put("circles", Datasets::circles);
        BUILT_IN.put("swissroll", Datasets::swissRoll);
        BUILT_IN.put("checkerboard", Datasets::checkerboard);
    }

    private DataNames() {
    }

    /** The built-in names with a description each. */
    static Map<String, String> builtIn() {
        Map<String, String> out = new LinkedHashMap<>();
        BUILT_IN.forEach((name, s) -> out.put(name, s.get().description()));
        out.put("gaussianN", Datasets.gaussian(3).description().replace("3", "N") + " (e.g. gaussian5)");
        return out;
    }

    /**
     * Resolves a name ("moons", "gaussian3") or a path ending in .csv or .npy.
     *
     * @throws IllegalArgumentException naming the known datasets if it is neither
     */
    static DataSource resolve(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        Supplier<DataSource> builtIn = BUILT_IN.get(key);
        if (builtIn != null) {
            return builtIn.get();
        }
        if (key.matches("gaussian\\d+")) {
            return Datasets.gaussian(Integer.parseInt(key.substring("gaussian".length())));
        }
        if (key.endsWith(".csv")) {
            return Datasets.fromCsv(Path.of(name));
        }
        if (key.endsWith(".npy")) {
            return Datasets.fromNpy(Path.of(name));
        }
        throw new IllegalArgumentException("unknown dataset '" + name + "': use one of "
                + String.join(", ", BUILT_IN.keySet()) + ", gaussianN, or a .csv/.npy file");
    }
}
