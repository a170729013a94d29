package io.flowmatch.core.train;

import io.flowmatch.core.internal.NativeBuffers;
import java.nio.FloatBuffer;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam (Kingma and Ba) with bias correction, and AdamW (Loshchilov and Hutter: weight decay
 * decoupled from the gradient), exactly as PyTorch's {@code torch.optim.Adam} / {@code AdamW}:
 *
 * <pre>
 * m = b1 m + (1 - b1) g;   v = b2 v + (1 - b2) g^2
 * theta -= lr * (m / (1 - b1^k)) / (sqrt(v / (1 - b2^k)) + eps)
 * </pre>
 *
 * <p>With weight decay w, Adam adds w theta to g (L2 regularisation) while AdamW first shrinks
 * theta by lr w. One fused pass over the flat parameter vector per step.
 */
public final class Adam implements Optimizer {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final boolean decoupled;

    private Adam(double beta1, double beta2, double epsilon, double weightDecay, boolean decoupled) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("Adam epsilon must be positive and finite, got " + epsilon);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be non-negative and finite, got " + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    /** Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public static Adam adam() {
        return new Adam(0.9, 0.999, 1e-8, 0.0, false);
    }

    /** Adam with the given hyper-parameters; {@code weightDecay} is added to the gradient (L2). */
    public static Adam adam(double beta1, double beta2, double epsilon, double weightDecay) {
        return new Adam(beta1, beta2, epsilon, weightDecay, false);
    }

    /** AdamW with PyTorch's defaults except the given decoupled weight decay. */
    public static Adam adamW(double weightDecay) {
        return new Adam(0.9, 0.999, 1e-8, weightDecay, true);
    }

    /** AdamW with every hyper-parameter given. */
    public static Adam adamW(double beta1, double beta2, double epsilon, double weightDecay) {
        return new Adam(beta1, beta2, epsilon, weightDecay, true);
    }

    @Override
    public String description() {
        return (decoupled ? "adamw" : "adam") + "(beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + epsilon
                + ", weight_decay=" + weightDecay + ")";
    }

    @Override
    public Update bind(INDArray parameters, INDArray gradients) {
        if (parameters.length() != gradients.length()) {
            throw new IllegalArgumentException("parameters and gradients differ in length: "
                    + parameters.length() + " vs " + gradients.length());
        }
        return new State(parameters, gradients);
    }

    /** Adam's two moment vectors and the fused update over native float buffers. */
    private final class State implements Update {
        private final FloatBuffer theta;
        private final FloatBuffer grad;
        private final FloatBuffer m;
        private final FloatBuffer v;
        private final int n;
        private final INDArray[] moments;

        State(INDArray parameters, INDArray gradients) {
            this.n = Math.toIntExact(parameters.length());
            this.theta = NativeBuffers.floats(parameters);
            this.grad = NativeBuffers.floats(gradients);
            INDArray mArr = Nd4j.zeros(DataType.FLOAT, n);
            INDArray vArr = Nd4j.zeros(DataType.FLOAT, n);
            this.moments = new INDArray[] {mArr, vArr};
            this.m = NativeBuffers.floats(mArr);
            this.v = NativeBuffers.floats(vArr);
        }

        @Override
        public List<INDArray> state() {
            return List.of(moments);
        }

        @Override
        public void apply(long step, double learningRate, double gradientScale) {
            float b1 = (float) beta1;
            float b2 = (float) beta2;
            float c1 = (float) (1 - beta1);
            float c2 = (float) (1 - beta2);
            double bias1 = 1 - Math.pow(beta1, step);
            double bias2 = 1 - Math.pow(beta2, step);
            // theta -= stepSize * m / (sqrt(v) / sqrt(bias2) + eps), PyTorch's arrangement
            float stepSize = (float) (learningRate / bias1);
            float invSqrtBias2 = (float) (1 / Math.sqrt(bias2));
            float eps = (float) epsilon;
            float scale = (float) gradientScale;
            float l2 = decoupled ? 0f : (float) weightDecay;
            float shrink = decoupled ? (float) (1 - learningRate * weightDecay) : 1f;
            for (int i = 0; i < n; i++) {
                float p = theta.get(i);
                float g = grad.get(i) * scale + l2 * p;
                float mi = b1 * m.get(i) + c1 * g;
                float vi = b2 * v.get(i) + c2 * g * g;
                m.put(i, mi);
                v.put(i, vi);
                theta.put(i, p * shrink - stepSize * mi / ((float) Math.sqrt(vi) * invSqrtBias2 + eps));
            }
        }
    }
}
