package io.flowmatch.discrete;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.core.model.Activation;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The TokenMlp's forward pass against a plain one-hot MLP, partial batches, and an allocation-free step. */
class TokenMlpTest {

    private static final TokenMlpArchitecture ARCH = new TokenMlpArchitecture(3, 5, 6, List.of(7, 4), Activation.ELU, 2, 2);

    /** The same network written naively: one-hot input, double precision, one layer at a time. */
    private static double[] reference(TokenMlp mlp, int[] x, float t) {
        float[] p = mlp.parameters().toFloatVector();
        int h0 = ARCH.hidden().get(0);
        float[] features = new float[ARCH.timeFeatures()];
        TokenMlpPass.timeFeatures(t, features);
        double[] input = new double[ARCH.inputRows()];
        for (int l = 0; l < ARCH.length(); l++) {
            input[l * ARCH.states() + x[l]] = 1;
        }
        for (int k = 0; k < features.length; k++) {
            input[ARCH.length() * ARCH.states() + k] = features[k];
        }
        input[input.length - 1] = 1;
        double[] a = input;
        for (int b = 0; b < ARCH.blockCount(); b++) {
            int rows = ARCH.blockRows(b);
            int cols = ARCH.blockColumns(b);
            int offset = (int) ARCH.blockOffset(b);
            double[] in = b == 0 ? a : Arrays.copyOf(a, rows);
            if (b > 0) {
                in[rows - 1] = 1;
            }
            double[] z = new double[cols];
            for (int c = 0; c < cols; c++) {
                for (int r = 0; r < rows; r++) {
                    z[c] += in[r] * p[offset + r * cols + c];
                }
            }
            if (b < ARCH.blockCount() - 1) {
                for (int c = 0; c < cols; c++) {
                    z[c] = Activation.ELU.apply(z[c]);
                }
            }
            a = z;
        }
        assertThat(h0).isPositive();
        int mask = ARCH.vocabulary(); // ARCH has states = vocabulary + 1
        for (int l = 0; l < ARCH.length(); l++) {
            for (int side = -1; side <= 1; side += 2) {
                for (int step = 1; step <= ARCH.window() && l + side * step >= 0 && l + side * step < ARCH.length(); step++) {
                    int m = l + side * step;
                    int row = (int) ARCH.localOffset() + ARCH.localTable(l, side * step) + x[m] * ARCH.vocabulary();
                    for (int v = 0; v < ARCH.vocabulary(); v++) {
                        a[l * ARCH.vocabulary() + v] += p[row + v];
                    }
                    if (x[m] != mask) {
                        break;
                    }
                }
            }
        }
        return a;
    }

    @Test
    void forwardIsTheOneHotMlpPlusTheLocalSkip() {
        TokenMlp mlp = withRandomSkip(TokenMlp.initialise(ARCH, 4L));
        PosteriorPass pass = mlp.newPass(5);
        SplittableRandom rng = new SplittableRandom(1L);
        int[] tokens = new int[5 * 3];
        float[] times = new float[5];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = rng.nextInt(6);
        }
        for (int r = 0; r < 5; r++) {
            times[r] = (float) rng.nextDouble();
        }
        float[] logits = pass.forward(tokens, times, 5).clone();
        for (int r = 0; r < 5; r++) {
            double[] expected = reference(mlp, Arrays.copyOfRange(tokens, r * 3, r * 3 + 3), times[r]);
            for (int o = 0; o < expected.length; o++) {
                assertThat((double) logits[r * 15 + o]).as("row %d logit %d", r, o).isCloseTo(expected[o],
                        org.assertj.core.data.Offset.offset(1e-4));
            }
        }
        // a partial batch gives the same rows (to rounding: BLAS may block a product of fewer rows differently)
        float[] partial = pass.forward(tokens, times, 2);
        for (int i = 0; i < 30; i++) {
            assertThat(partial[i]).isCloseTo(logits[i], org.assertj.core.data.Offset.offset(1e-6f));
        }
        assertThatThrownBy(() -> pass.forward(tokens, times, 6)).isInstanceOf(IllegalArgumentException.class);
        int[] bad = tokens.clone();
        bad[4] = 6;
        assertThatThrownBy(() -> pass.forward(bad, times, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token 6 at row 1, position 1");
    }

    /** The network with the (zero-initialised) local skip set to random values. */
    static TokenMlp withRandomSkip(TokenMlp mlp) {
        TokenMlpArchitecture arch = mlp.architecture();
        float[] p = mlp.parameters().toFloatVector();
        SplittableRandom rng = new SplittableRandom(6L);
        for (int i = (int) arch.localOffset(); i < p.length; i++) {
            assertThat(p[i]).isZero();
            p[i] = (float) rng.nextDouble(-1, 1);
        }
        return TokenMlp.of(arch, p);
    }

    @Test
    void withParametersCopies() {
        TokenMlp mlp = TokenMlp.initialise(ARCH, 4L);
        TokenMlp copy = mlp.withParameters(mlp.parameters());
        mlp.parameters().addi(1f);
        assertThat(copy.parameters()).isNotEqualTo(mlp.parameters());
        assertThatThrownBy(() -> TokenMlp.of(ARCH, new float[3])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3");
    }

    @Test
    void aTrainingStepAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = threadBean();
        int[][] data = Toys.checkerboard(1_000, 16, new SplittableRandom(1L));
        DiscreteRecipe recipe = DiscreteRecipe.builder().source(DiscreteSources.uniform()).loss(DiscreteLoss.GENERALIZED_KL)
                .hidden(32, 32).batchSize(64).build();
        TokenMlp mlp = TokenMlp.initialise(recipe.architecture(2, 16), 1L);
        DiscreteFlowObjective objective = new DiscreteFlowObjective(recipe, mlp, TokenData.of(data, 16));
        INDArray gradient = Nd4j.create(DataType.FLOAT, mlp.parameters().length());
        SplittableRandom[] generators = new SplittableRandom[60];
        for (int i = 0; i < generators.length; i++) {
            generators[i] = new SplittableRandom(i);
        }
        for (int i = 0; i < 30; i++) {
            objective.lossAndGradient(generators[i], gradient); // warm-up, JIT
        }
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 30; i < 60; i++) {
            objective.lossAndGradient(generators[i], gradient);
        }
        long perStep = (threads.getThreadAllocatedBytes(id) - before) / 30;
        // ND4J's JNI calls may allocate a few small objects; the step's buffers are all preallocated
        assertThat(perStep).as("bytes allocated per step").isLessThan(2_000);
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeThat(bean).isInstanceOf(com.sun.management.ThreadMXBean.class);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        Assumptions.assumeThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        return threads;
    }
}
