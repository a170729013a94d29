package io.flowmatch.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The shape of an {@link MlpVelocityModel}: the data dimension d, the widths of the hidden layers
 * and their activation. The network maps the d + 1 inputs (x concatenated with t) through the
 * hidden layers to d outputs; every layer is affine (weights and a bias).
 *
 * <p>A class-conditional network ({@code classes} &gt; 0) also takes a class label per point: a
 * learned embedding of {@code classes} rows, each as wide as the first hidden layer, whose row
 * for the label is added to the first layer's pre-activation (the same as a one-hot input of
 * the label, without its matrix product). The null label adds nothing: it is the unconditional
 * network of classifier-free guidance (see {@link ConditionalPass}).
 *
 * @param dimension    the data dimension d, at least 1
 * @param hiddenWidths the width of each hidden layer, in order; at least one, each at least 1
 * @param activation   the nonlinearity after every hidden layer
 * @param classes      the number of class labels the network takes; 0 for an unconditional one
 */
public record MlpArchitecture(int dimension, List<Integer> hiddenWidths, Activation activation, int classes) {

    /** The largest number of classes a network takes. */
    public static final int MAX_CLASSES = 1 << 16;

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

    /** An unconditional network (no class labels). */
    public MlpArchitecture(int dimension, List<Integer> hiddenWidths, Activation activation) {
        this(dimension, hiddenWidths, activation, 0);
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
        if (classes < 0 || classes > MAX_CLASSES) {
            throw new IllegalArgumentException("classes must be in [0, " + MAX_CLASSES + "], got " + classes);
        }
        hiddenWidths = List.copyOf(hiddenWidths);
    }

    /** This network taking {@code classes} class labels (0: none). */
    public MlpArchitecture withClasses(int classes) {
        return new MlpArchitecture(dimension, hiddenWidths, activation, classes);
    }

    /** Whether the network takes class labels. */
    public boolean isConditional() {
        return classes > 0;
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

    /** The total number of parameters: weights and biases, then the class embedding. */
    public long parameterCount() {
        return embeddingOffset() + embeddingSize();
    }

    /** Where the class embedding starts in the flat parameters: after every layer's block. */
    public long embeddingOffset() {
        long n = 0;
        for (int l = 0; l < layerCount(); l++) {
            n += (long) (inputsOf(l) + 1) * outputsOf(l);
        }
        return n;
    }

    /** The number of values of the class embedding: classes times the first hidden width (0 if unconditional). */
    public long embeddingSize() {
        return (long) classes * hiddenWidths.get(0);
    }

    /** {@code mlp(d=2, hidden=[64, 64, 64], elu)}, with {@code , classes=K} for a conditional network. */
    @Override
    public String toString() {
        return "mlp(d=" + dimension + ", hidden=" + hiddenWidths + ", "
                + activation.name().toLowerCase(java.util.Locale.ROOT)
                + (classes > 0 ? ", classes=" + classes : "") + ")";
    }
}
