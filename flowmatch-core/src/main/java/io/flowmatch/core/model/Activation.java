package io.flowmatch.core.model;

/**
 * The elementwise nonlinearity between the hidden layers of an {@link MlpVelocityModel}.
 *
 * <p>Each constant gives the function a = f(z) and its derivative f'(z), expressed through both
 * the pre-activation z and the output a so that implementations can use whichever is cheaper.
 * These double-precision definitions are the reference; the float32 training kernels are tested
 * against them.
 */
public enum Activation {

    /** Exponential linear unit with alpha = 1: z for z &gt; 0, e^z - 1 otherwise (PyTorch's ELU default). */
    ELU {
        @Override
        public double apply(double z) {
            return z > 0 ? z : Math.expm1(z);
        }

        @Override
        public double derivative(double z, double a) {
            return z > 0 ? 1.0 : a + 1.0;
        }
    },

    /**
     * Gaussian error linear unit in its tanh form, 0.5 z (1 + tanh(sqrt(2/pi) (z + 0.044715 z^3))),
     * as PyTorch's {@code GELU(approximate='tanh')}.
     */
    GELU {
        @Override
        public double apply(double z) {
            return 0.5 * z * (1.0 + Math.tanh(GELU_C * (z + GELU_K * z * z * z)));
        }

        @Override
        public double derivative(double z, double a) {
            double th = Math.tanh(GELU_C * (z + GELU_K * z * z * z));
            return 0.5 * (1.0 + th) + 0.5 * z * (1.0 - th * th) * GELU_C * (1.0 + 3.0 * GELU_K * z * z);
        }
    },

    /** Sigmoid linear unit (swish): z * sigmoid(z). */
    SILU {
        @Override
        public double apply(double z) {
            return z / (1.0 + Math.exp(-z));
        }

        @Override
        public double derivative(double z, double a) {
            double s = 1.0 / (1.0 + Math.exp(-z));
            return s * (1.0 + z * (1.0 - s));
        }
    },

    /** Rectified linear unit: max(z, 0); its derivative at 0 is taken as 0. */
    RELU {
        @Override
        public double apply(double z) {
            return z > 0 ? z : 0.0;
        }

        @Override
        public double derivative(double z, double a) {
            return z > 0 ? 1.0 : 0.0;
        }
    },

    /** Hyperbolic tangent. */
    TANH {
        @Override
        public double apply(double z) {
            return Math.tanh(z);
        }

        @Override
        public double derivative(double z, double a) {
            return 1.0 - a * a;
        }
    };

    static final double GELU_C = Math.sqrt(2.0 / Math.PI);
    static final double GELU_K = 0.044715;

    /** f(z). */
    public abstract double apply(double z);

    /**
     * f'(z), given the pre-activation {@code z} and the output {@code a = f(z)}.
     */
    public abstract double derivative(double z, double a);

    /**
     * Parses a name case-insensitively ("elu", "GELU", "silu", "relu", "tanh").
     *
     * @throws IllegalArgumentException naming the known activations if {@code name} is not one
     */
    public static Activation parse(String name) {
        for (Activation a : values()) {
            if (name != null && a.name().equalsIgnoreCase(name.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "', expected one of "
                + java.util.Arrays.toString(values()).toLowerCase(java.util.Locale.ROOT));
    }
}
