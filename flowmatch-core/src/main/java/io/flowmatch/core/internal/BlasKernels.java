package io.flowmatch.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses OpenBLAS's kernels inside the JVM, before ND4J loads it, so that an application gets
 * fast matrix products without setting anything up.
 *
 * <p>The OpenBLAS that ND4J 1.0.0-M2.1 ships (0.3.19, a DYNAMIC_ARCH build) picks its kernels by
 * CPU model number. Virtual machines and containers often report a generic model ("Intel Xeon
 * Processor"); OpenBLAS then falls back to its generic Prescott kernels, about four times slower
 * in sgemm than the AVX-512 ones the CPU can run. The CPU's feature flags do say what it can run,
 * and OpenBLAS reads {@code OPENBLAS_CORETYPE} from the environment once, when it loads. So
 * {@link #ensureChosen()} derives the core type from the flags ({@link #coreTypeFor}) and puts it
 * into the process's native environment ({@link NativeEnvironment}) before OpenBLAS loads.
 *
 * <p>It runs when ND4J looks for its backends ({@link BlasCoreHook}, before any native library
 * loads, whichever code touches ND4J first) and again, as a no-op or a check, when flowmatch's
 * entry points are first used. It leaves things alone when the environment already sets
 * {@code OPENBLAS_CORETYPE}, when the system property {@value #PROPERTY} is {@code keep}, and
 * when the flags show neither AVX-512 nor AVX2 with FMA. {@code -D}{@value #PROPERTY}{@code =Haswell}
 * (any OpenBLAS core name) forces a choice. If OpenBLAS was loaded before flowmatch could act
 * (ND4J initialised in a class loader without flowmatch, or a fat jar that dropped flowmatch's
 * service file), one WARN line says so and how to fix it.
 *
 * <p>Internal to flowmatch: not part of the supported API.
 */
public final class BlasKernels {

    /** The variable OpenBLAS reads when it loads. */
    public static final String VARIABLE = "OPENBLAS_CORETYPE";
    /** The system property: {@code keep} leaves OpenBLAS's own choice, a core name forces one. */
    public static final String PROPERTY = "flowmatch.blas.coretype";

    private static final Logger LOG = LoggerFactory.getLogger(BlasKernels.class);
    private static final List<String> AVX512 = List.of("avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd",
            "avx2", "fma");
    private static final List<String> AVX2 = List.of("avx2", "fma");

    private static boolean done;
    private static Choice choice;

    private BlasKernels() {
    }

    /**
     * What to do about {@code OPENBLAS_CORETYPE}: set it to {@link #coreType()} or leave it.
     *
     * @param set      whether to set the variable
     * @param coreType the core type to set, or the one already set by the user; null when none
     * @param reason   why, for the log
     */
    public record Choice(boolean set, String coreType, String reason) {
    }

    /**
     * The OpenBLAS core type for a CPU with these feature flags (as in /proc/cpuinfo):
     * {@code SkylakeX} with AVX-512 (F, BW, DQ, VL, CD) plus AVX2 and FMA, {@code Haswell} with
     * AVX2 and FMA, nothing otherwise (OpenBLAS's own choice stands).
     */
    public static Optional<String> coreTypeFor(Collection<String> flags) {
        Set<String> set = new HashSet<>(flags);
        if (set.containsAll(AVX512)) {
            return Optional.of("SkylakeX");
        }
        if (set.containsAll(AVX2)) {
            return Optional.of("Haswell");
        }
        return Optional.empty();
    }

    /** The flags of the first "flags" line of a /proc/cpuinfo listing; empty if there is none. */
    public static List<String> flagsOf(List<String> cpuInfo) {
        for (String line : cpuInfo) {
            if (line.startsWith("flags")) {
                int colon = line.indexOf(':');
                String list = colon < 0 ? "" : line.substring(colon + 1).trim();
                return list.isEmpty() ? List.of() : Arrays.asList(list.split("\\s+"));
            }
        }
        return List.of();
    }

    /**
     * The decision, as a pure function of what it depends on.
     *
     * @param property    the value of {@value #PROPERTY}, or null
     * @param environment the value of {@code OPENBLAS_CORETYPE} in the environment, or null
     * @param cpuInfo     the lines of /proc/cpuinfo (empty where there is none)
     */
    public static Choice decide(String property, String environment, List<String> cpuInfo) {
        String forced = property == null ? "" : property.trim();
        if (forced.equalsIgnoreCase("keep")) {
            return new Choice(false, environment, "-D" + PROPERTY + "=keep");
        }
        if (environment != null && !environment.isBlank()) {
            return new Choice(false, environment, VARIABLE + " is set in the environment");
        }
        if (!forced.isEmpty() && !forced.equalsIgnoreCase("auto")) {
            if (!forced.matches("[A-Za-z0-9_]+")) {
                return new Choice(false, null, "-D" + PROPERTY + "=" + forced + " is not an OpenBLAS core name");
            }
            return new Choice(true, forced, "-D" + PROPERTY + "=" + forced);
        }
        List<String> flags = flagsOf(cpuInfo);
        Optional<String> core = coreTypeFor(flags);
        if (core.isEmpty()) {
            return new Choice(false, null, flags.isEmpty() ? "no CPU flags to go by"
                    : "the CPU shows neither AVX-512 nor AVX2 with FMA");
        }
        return new Choice(true, core.get(), core.get().equals("SkylakeX")
                ? "the CPU has AVX-512" : "the CPU has AVX2 and FMA");
    }

    /**
     * Sets {@code OPENBLAS_CORETYPE} in the native environment from the CPU's flags, unless
     * OpenBLAS is loaded already, the variable is set, or {@value #PROPERTY} says otherwise.
     * Runs once per JVM; later calls return at once. Never throws.
     */
    public static synchronized void ensureChosen() {
        if (done) {
            return;
        }
        done = true;
        try {
            Class.forName("org.bytedeco.javacpp.Loader", false, BlasKernels.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.debug("no JavaCPP on the class path: OpenBLAS's kernels are left to OpenBLAS");
            return;
        }
        try {
            choose();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("could not choose OpenBLAS's kernels: {}", e.toString());
        }
    }

    private static void choose() {
        String environment = NativeEnvironment.get(VARIABLE).orElse(System.getenv(VARIABLE));
        choice = decide(System.getProperty(PROPERTY), environment, cpuInfo());
        if (!choice.set()) {
            LOG.debug("OpenBLAS kernels left to OpenBLAS: {}", choice.reason());
            return;
        }
        if (NativeEnvironment.isOpenBlasLoaded()) {
            String active = NativeEnvironment.openBlasCore().orElse("unknown");
            if (!active.equalsIgnoreCase(choice.coreType())) {
                LOG.warn("OpenBLAS was loaded before flowmatch could choose its kernels: it runs its {} kernels, where"
                        + " this CPU can run {} (matrix products up to 4x faster). Set {}={} in the environment, or"
                        + " call flowmatch (e.g. FlowMatcher.builder()) before the first ND4J call.",
                        active, choice.coreType(), VARIABLE, choice.coreType());
            }
            return;
        }
        NativeEnvironment.set(VARIABLE, choice.coreType());
        LOG.info("OpenBLAS kernels: {} ({}; -D{}=keep leaves OpenBLAS's own choice)", choice.coreType(),
                choice.reason(), PROPERTY);
    }

    private static List<String> cpuInfo() {
        Path path = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(path)) {
            return List.of();
        }
        try (var lines = Files.lines(path)) {
            // the first processor's block is enough
            return lines.takeWhile(line -> !line.isBlank()).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** What {@link #ensureChosen()} decided; empty before it ran or when it could not run. */
    public static synchronized Optional<Choice> choice() {
        return Optional.ofNullable(choice);
    }

    /**
     * The kernel family the loaded OpenBLAS runs, upper case ("SKYLAKEX", "HASWELL", "PRESCOTT"),
     * if OpenBLAS is loaded through JavaCPP and tells.
     */
    public static Optional<String> activeCore() {
        try {
            return NativeEnvironment.openBlasCore();
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** The core type in OpenBLAS's upper-case spelling, as {@link #activeCore()} reports it. */
    public static String upperCase(String coreType) {
        return coreType.toUpperCase(Locale.ROOT);
    }
}
