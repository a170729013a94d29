package io.flowmatch.discrete;

import io.flowmatch.core.model.Activation;

/**
 * The hidden layers' activation and its derivative over heap float arrays, one flat loop each
 * so that the JIT compiles them to straight-line (and, for ReLU, SIMD) code. ReLU and ELU have
 * float loops of their own; the others go through {@link Activation}'s double formulas.
 */
final class Activations {

    private Activations() {
    }

    /** a[i] = f(z[i]) for i in [0, n). */
    static void apply(Activation f, float[] z, float[] a, int n) {
        switch (f) {
            case RELU:
                for (int i = 0; i < n; i++) {
                    a[i] = Math.max(z[i], 0f);
                }
                break;
            case ELU:
                for (int i = 0; i < n; i++) {
                    float v = z[i];
                    a[i] = Math.max(v, 0f) + ((float) Math.exp(Math.min(v, 0f)) - 1f);
                }
                break;
            default:
                for (int i = 0; i < n; i++) {
                    a[i] = (float) f.apply(z[i]);
                }
        }
    }

    /** g[i] *= f'(z[i]) for i in [0, n), given a[i] = f(z[i]). */
    static void multiplyByDerivative(Activation f, float[] z, float[] a, float[] g, int n) {
        switch (f) {
            case RELU:
                for (int i = 0; i < n; i++) {
                    g[i] = z[i] > 0f ? g[i] : 0f;
                }
                break;
            case ELU:
                for (int i = 0; i < n; i++) {
                    g[i] *= 1f + Math.min(a[i], 0f);
                }
                break;
            default:
                for (int i = 0; i < n; i++) {
                    g[i] *= (float) f.derivative(z[i], a[i]);
                }
        }
    }
}
