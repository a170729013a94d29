package io.flowmatch.core.internal;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Run in a fresh JVM by {@link BlasKernelsTest}: touches ND4J or OpenBLAS the way an application
 * might, then prints the kernels OpenBLAS runs as {@code core=NAME}.
 */
public final class BlasKernelsProbe {

    private BlasKernelsProbe() {
    }

    /** {@code nd4j-first}: the first call is the application's own Nd4j.create; {@code openblas-first}: OpenBLAS is loaded by someone else, then flowmatch runs. */
    public static void main(String[] args) throws Exception {
        if (args[0].equals("openblas-first")) {
            Class.forName("org.bytedeco.openblas.global.openblas");
            BlasKernels.ensureChosen();
        } else {
            Nd4j.create(DataType.FLOAT, 4, 4).addi(1);
        }
        System.out.println("core=" + BlasKernels.activeCore().orElse("none"));
    }
}
