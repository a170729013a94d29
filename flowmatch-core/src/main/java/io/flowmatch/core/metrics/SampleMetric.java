package io.flowmatch.core.metrics;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A named distance between generated samples and reference points, lower is better: what a
 * validation run tracks (see {@link io.flowmatch.core.train.Validation}). The built-in ones wrap
 * {@link SampleDistances}.
 */
public interface SampleMetric {

    /** A short name for logs, files and the CLI, e.g. {@code "energy"}. */
    String name();

    /**
     * The distance between {@code samples} [n, d] and {@code reference} [m, d].
     *
     * @throws IllegalArgumentException on invalid input, as the wrapped method documents
     */
    double compute(INDArray samples, INDArray reference);

    /** Whether the metric needs samples of equal size (exact W2 does). */
    default boolean needsEqualSizes() {
        return false;
    }

    /** {@link SampleDistances#energyDistance}. */
    static SampleMetric energyDistance() {
        return of("energy", SampleDistances::energyDistance, false);
    }

    /** {@link SampleDistances#mmdSquared(INDArray, INDArray)} with the median-heuristic bandwidth. */
    static SampleMetric mmd() {
        return of("mmd2", SampleDistances::mmdSquared, false);
    }

    /** {@link SampleDistances#slicedWasserstein2(INDArray, INDArray)} (500 directions, seed 0). */
    static SampleMetric slicedWasserstein2() {
        return of("sw2", SampleDistances::slicedWasserstein2, false);
    }

    /** {@link SampleDistances#wasserstein2} (equal sizes, at most 5000 points). */
    static SampleMetric wasserstein2() {
        return of("w2", SampleDistances::wasserstein2, true);
    }

    /** {@link SampleDistances#meanDistance}. */
    static SampleMetric meanDistance() {
        return of("mean", SampleDistances::meanDistance, false);
    }

    /** {@link SampleDistances#covarianceDistance}. */
    static SampleMetric covarianceDistance() {
        return of("cov", SampleDistances::covarianceDistance, false);
    }

    /** The built-in metrics by name, in a fixed order. */
    static Map<String, SampleMetric> builtIn() {
        Map<String, SampleMetric> all = new LinkedHashMap<>();
        for (Supplier<SampleMetric> s : java.util.List.<Supplier<SampleMetric>>of(SampleMetric::energyDistance,
                SampleMetric::mmd, SampleMetric::slicedWasserstein2, SampleMetric::wasserstein2,
                SampleMetric::meanDistance, SampleMetric::covarianceDistance)) {
            SampleMetric m = s.get();
            all.put(m.name(), m);
        }
        return all;
    }

    /**
     * The built-in metric with this name (case-insensitive): energy, mmd2, sw2, w2, mean or cov.
     *
     * @throws IllegalArgumentException naming the text and the known metrics otherwise
     */
    static SampleMetric parse(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        SampleMetric m = builtIn().get(key);
        if (m == null) {
            throw new IllegalArgumentException("unknown metric '" + name + "', expected one of "
                    + String.join(", ", builtIn().keySet()));
        }
        return m;
    }

    /**
     * The built-in metric with this name.
     *
     * @deprecated the factories of this library all read text with {@code parse}: use {@link #parse(String)}
     */
    @Deprecated
    static SampleMetric byName(String name) {
        return parse(name);
    }

    /** A metric from a name and a function. */
    static SampleMetric of(String name, BiFunction<INDArray, INDArray, Double> distance, boolean equalSizes) {
        if (name == null || name.isBlank() || distance == null) {
            throw new IllegalArgumentException("a metric needs a name and a function");
        }
        return new SampleMetric() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double compute(INDArray samples, INDArray reference) {
                return distance.apply(samples, reference);
            }

            @Override
            public boolean needsEqualSizes() {
                return equalSizes;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
