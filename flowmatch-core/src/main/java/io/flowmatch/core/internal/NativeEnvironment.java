package io.flowmatch.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The process environment as native libraries see it (the C library's {@code environ}), read and
 * extended through JavaCPP, so that a variable a native library reads when it loads (such as
 * {@code OPENBLAS_CORETYPE}) can be set inside a running JVM, before that library loads, without
 * restarting the JVM and without JNI code of our own.
 *
 * <p>{@link System#getenv} is a copy taken when the JVM started and does not see these changes;
 * child processes started by {@link ProcessBuilder} do not inherit them either. Setting a variable
 * does what the C library's {@code setenv} does with an environment it did not allocate: it builds
 * a new NULL-terminated array (the old entries, the changed one) and stores its address in
 * {@code environ}. The new array and its string are never freed (they are the environment now);
 * the C library's own later {@code setenv} calls copy a foreign array rather than reallocate it.
 *
 * <p>Needs JavaCPP (a dependency of ND4J's native backends); callers check for it first. Loaded
 * only when used. Internal to flowmatch.
 */
public final class NativeEnvironment {

    /** The arrays and strings that now make up the environment: kept reachable forever. */
    private static final List<Pointer> KEPT = new ArrayList<>();

    private NativeEnvironment() {
    }

    /** The address of the C library's {@code char **environ} variable. */
    private static PointerPointer<BytePointer> variable() {
        Pointer address = Loader.addressof("environ");
        if (address == null || address.isNull()) {
            throw new IllegalStateException("the C library's environ variable was not found");
        }
        return new PointerPointer<>(address);
    }

    /** The current entries ("NAME=value"), in order. */
    private static List<Pointer> entries(PointerPointer<BytePointer> variable) {
        Pointer array = variable.get(0);
        List<Pointer> entries = new ArrayList<>();
        if (array == null || array.isNull()) {
            return entries;
        }
        PointerPointer<BytePointer> list = new PointerPointer<>(array);
        for (long i = 0;; i++) {
            Pointer entry = list.get(i);
            if (entry == null || entry.isNull()) {
                return entries;
            }
            entries.add(entry);
        }
    }

    private static String text(Pointer entry) {
        return new BytePointer(entry).getString();
    }

    /** The value of {@code name} in the native environment, if set. */
    public static synchronized Optional<String> get(String name) {
        String prefix = name + "=";
        for (Pointer entry : entries(variable())) {
            String text = text(entry);
            if (text.startsWith(prefix)) {
                return Optional.of(text.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    /**
     * Sets {@code name} to {@code value} in the native environment (replacing an earlier value).
     * Takes effect for native code that reads the variable afterwards; a library that has already
     * read it keeps what it read.
     *
     * @throws IllegalArgumentException if the name is empty or contains '=' or a NUL, or the
     *                                  value contains a NUL
     */
    public static synchronized void set(String name, String value) {
        if (name == null || name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not an environment variable name: '" + name + "'");
        }
        if (value == null || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not an environment value: '" + value + "'");
        }
        PointerPointer<BytePointer> variable = variable();
        List<Pointer> entries = entries(variable);
        BytePointer entry = new BytePointer(name + "=" + value);
        String prefix = name + "=";
        PointerPointer<Pointer> array = new PointerPointer<>(entries.size() + 2L);
        int n = 0;
        boolean replaced = false;
        for (Pointer old : entries) {
            if (!replaced && text(old).startsWith(prefix)) {
                array.put(n++, entry);
                replaced = true;
            } else if (!text(old).startsWith(prefix)) {
                array.put(n++, old);
            }
        }
        if (!replaced) {
            array.put(n++, entry);
        }
        array.put(n, (Pointer) null);
        KEPT.add(entry);
        KEPT.add(array);
        variable.put(0, array);
    }

    /**
     * Whether OpenBLAS is already loaded into the process (then it has read its environment
     * variables).
     */
    public static boolean isOpenBlasLoaded() {
        Pointer gotoblas = Loader.addressof("gotoblas");
        return gotoblas != null && !gotoblas.isNull();
    }

    /** The names of the kernel tables of OpenBLAS 0.3.x's DYNAMIC_ARCH builds for x86-64. */
    private static final String[] CORES = {"SKYLAKEX", "COOPERLAKE", "SAPPHIRERAPIDS", "HASWELL", "ZEN",
        "SANDYBRIDGE", "NEHALEM", "CORE2", "PENRYN", "DUNNINGTON", "PRESCOTT", "ATOM", "BARCELONA", "BULLDOZER",
        "PILEDRIVER", "STEAMROLLER", "EXCAVATOR", "OPTERON", "OPTERON_SSE3", "ATHLON", "BANIAS", "KATMAI",
        "COPPERMINE", "NORTHWOOD", "NANO"};

    /**
     * The kernel family the loaded OpenBLAS runs, upper case as in its sources ("SKYLAKEX",
     * "HASWELL", "PRESCOTT" for the generic fallback), read from which of its kernel tables its
     * {@code gotoblas} pointer points to; empty if OpenBLAS is not loaded or not a DYNAMIC_ARCH
     * build.
     */
    public static Optional<String> openBlasCore() {
        Pointer gotoblas = Loader.addressof("gotoblas");
        if (gotoblas == null || gotoblas.isNull()) {
            return Optional.empty();
        }
        Pointer current = new PointerPointer<>(gotoblas).get(0);
        if (current == null || current.isNull()) {
            return Optional.empty();
        }
        for (String core : CORES) {
            Pointer table = Loader.addressof("gotoblas_" + core);
            if (table != null && table.address() == current.address()) {
                return Optional.of(core);
            }
        }
        return Optional.empty();
    }
}
