package io.flowmatch.core.io;

import io.flowmatch.core.FlowModel;
import io.flowmatch.solvers.Solvers;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Run in a fresh JVM by {@link GoldenModelFileTest}, with the OpenBLAS kernels the golden samples
 * were made with: loads a model file and prints the samples the test compares, as blocks of hex
 * float bits in the golden files' format (each line after {@link #PREFIX}), on the given number of threads.
 */
public final class GoldenSampler {

    /** Starts every line of the samples, to tell them from log lines. */
    static final String PREFIX = "golden: ";

    private GoldenSampler() {
    }

    /** {@code GoldenSampler FILE THREADS}. */
    public static void main(String[] args) {
        FlowModel model = FlowModel.load(Path.of(args[0])).withThreads(Integer.parseInt(args[1]));
        print("euler-10-seed-7", model.sample(64, Solvers.euler(), 10, 7L));
        print("default-16", model.sample(16));
        System.out.println("kernels " + io.flowmatch.core.internal.BlasKernels.activeCore().orElse("unknown"));
    }

    private static void print(String label, INDArray x) {
        StringBuilder out = new StringBuilder(PREFIX + label + " " + x.rows() + " " + x.columns() + "\n");
        for (int i = 0; i < x.rows(); i++) {
            out.append(PREFIX);
            for (int j = 0; j < x.columns(); j++) {
                out.append(j == 0 ? "" : " ").append(String.format("%08x", Float.floatToIntBits(x.getFloat(i, j))));
            }
            out.append('\n');
        }
        System.out.print(out);
    }
}
