package io.flowmatch.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The shape of an {@link MlpVelocityModel}: the data dimension d, the widths of the hidden layers
 * and their activation. The network maps the d + 1 inputs (x concatenated with t) through the
 * hidden layers to d outputs; every layer is affine (weights and a bias).
 *
 * @param dimension    the data dimension d, at least 1
 * @param hiddenWidths the width of each hidden layer, in order; at least one, each at least 1
 * @param activation   the nonlinearity after every hidden layer
 */
public record MlpArchitecture(int dimension, List<Integer> hiddenWidths, Activation activation) {

    /**
     * Three hidden layers of 64 with ELU: the network of the two-moons example of Lipman et al.'s
     * Flow Matching Guide and Code (Meta's {@code flow_matching} library).
     */
    public static MlpArchitecture defaults(int dimension) {
        return new MlpArchitecture(dimension, List.of(64, 64, 64), Activation.ELU);
    }

    /**
     * Hidden widths given as numbers (a builder's or a command line's {@code hidden(64, 64)}),
     * checked and copied into an unmodifiable list.
     *
     * @throws IllegalArgumentException if none is given or one is below 1
     */
    public static List<Integer> widths(int... widths) {
        if (widths == null || widths.length == 0) {
            throw new IllegalArgumentException("give at least one hidden width");
        }
        List<Integer> list = new ArrayList<>(widths.length);
        for (int w : widths) {
            if (w < 1) {
                throw new IllegalArgumentException("hidden widths must be at least 1, got "
                        + Arrays.toString(widths));
            }
            list.add(w);
        }
        return List.copyOf(list);
    }

    /** Validates and copies the widths. */
    public MlpArchitecture {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1, got " + dimension);
        }
        if (hiddenWidths == null || hiddenWidths.isEmpty()) {
            throw new IllegalArgumentException("an MLP needs at least one hidden layer");
        }
        for (Integer w : hiddenWidths) {
            if (w == null || w < 1) {
                throw new IllegalArgumentException("hidden widths must be at least 1, got " + hiddenWidths);
            }
        }
        if (activation == null) {
            throw new IllegalArgumentException("activation must not be null");
        }
        hiddenWidths = List.copyOf(hiddenWidths);
    }

    /** The number of affine layers (hidden layers + the output layer). */
    public int layerCount() {
        return hiddenWidths.size() + 1;
    }

    /** The number of inputs of affine layer {@code l} (0-based), excluding the bias. */
    public int inputsOf(int l) {
        return l == 0 ? dimension + 1 : hiddenWidths.get(l - 1);
    }

    /** The number of outputs of affine layer {@code l} (0-based). */
    public int outputsOf(int l) {
        return l == hiddenWidths.size() ? dimension : hiddenWidths.get(l);
    }

    /** The total number of parameters, weights and biases. */
    public long parameterCount() {
        long n = 0;
        for (int l = 0; l < layerCount(); l++) {
            n += (long) (inputsOf(l) + 1) * outputsOf(l);
        }
        return n;
    }

    @Override
    public String toString() {
        return "mlp(d=" + dimension + ", hidden=" + hiddenWidths + ", "
                + activation.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
