package io.flowmatch.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Chooses OpenBLAS's kernel family from the CPU's feature flags.
 *
 * <p>The OpenBLAS that ND4J 1.0.0-M2.1 ships (0.3.19) picks its kernels by CPU model number. On
 * virtual machines that report a generic model ("Intel Xeon Processor") it falls back to
 * generic kernels, about four times slower in sgemm (measured here: 620 us against 170 us for a
 * 2048x65 by 65x64 product). The flags ({@code avx512f}, {@code avx2}, {@code fma}) do say what
 * the CPU can run, so the command line sets {@code OPENBLAS_CORETYPE} from them. OpenBLAS reads
 * the variable only when it loads, hence the restart in {@link FlowmatchCli}.
 */
final class BlasCoreType {

    /** The variable OpenBLAS reads at start-up. */
    static final String VARIABLE = "OPENBLAS_CORETYPE";

    private BlasCoreType() {
    }

    /** The core type for this machine's CPU, if /proc/cpuinfo says enough to choose one. */
    static Optional<String> detect() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return Optional.empty();
        }
        try {
            return fromCpuInfo(Files.readAllLines(cpuinfo));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The core type for the first "flags" line of a /proc/cpuinfo listing: {@code SkylakeX} with
     * AVX-512 (F, BW, DQ, VL, CD), {@code Haswell} with AVX2 and FMA, nothing otherwise (OpenBLAS's
     * own choice stands).
     */
    static Optional<String> fromCpuInfo(List<String> lines) {
        for (String line : lines) {
            if (line.startsWith("flags")) {
                List<String> flags = List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
                if (flags.containsAll(List.of("avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd", "avx2", "fma"))) {
                    return Optional.of("SkylakeX");
                }
                if (flags.containsAll(List.of("avx2", "fma"))) {
                    return Optional.of("Haswell");
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
