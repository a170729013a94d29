package io.flowmatch.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class BlasKernelsTest {

    private static final String SKYLAKE = "flags\t\t: fpu sse sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl";
    private static final String HASWELL = "flags\t\t: fpu sse sse2 avx avx2 fma bmi2";

    @Test
    void theCoreTypeFollowsTheFlags() {
        assertThat(BlasKernels.coreTypeFor(BlasKernels.flagsOf(List.of("processor\t: 0", SKYLAKE)))).contains("SkylakeX");
        assertThat(BlasKernels.coreTypeFor(BlasKernels.flagsOf(List.of(HASWELL)))).contains("Haswell");
        // AVX-512 without all of its parts, or without FMA, is not enough
        assertThat(BlasKernels.coreTypeFor(List.of("avx512f", "avx2", "fma"))).contains("Haswell");
        assertThat(BlasKernels.coreTypeFor(List.of("avx512f", "avx2"))).isEmpty();
        assertThat(BlasKernels.coreTypeFor(BlasKernels.flagsOf(List.of("flags\t\t: fpu sse sse2 avx")))).isEmpty();
        assertThat(BlasKernels.flagsOf(List.of("model name\t: Intel(R) Xeon(R) Processor"))).isEmpty();
        assertThat(BlasKernels.flagsOf(List.of("flags\t\t:"))).isEmpty();
    }

    @Test
    void theDecisionSetsTheVariableOnlyWhenNobodyElseDid() {
        List<String> cpu = List.of(SKYLAKE);
        assertThat(BlasKernels.decide(null, null, cpu)).isEqualTo(
                new BlasKernels.Choice(true, "SkylakeX", "the CPU has AVX-512"));
        assertThat(BlasKernels.decide("auto", "", List.of(HASWELL)).coreType()).isEqualTo("Haswell");
        // the user's variable wins, and the opt-out keeps whatever there is
        assertThat(BlasKernels.decide(null, "Zen", cpu)).extracting(BlasKernels.Choice::set, BlasKernels.Choice::coreType)
                .containsExactly(false, "Zen");
        assertThat(BlasKernels.decide("keep", null, cpu).set()).isFalse();
        assertThat(BlasKernels.decide("KEEP", "Haswell", cpu).set()).isFalse();
        // a forced name is used as given; text that is no name is not
        assertThat(BlasKernels.decide("Haswell", null, cpu)).extracting(BlasKernels.Choice::set,
                BlasKernels.Choice::coreType).containsExactly(true, "Haswell");
        assertThat(BlasKernels.decide("Haswell; rm -rf", null, cpu).set()).isFalse();
        // nothing to go by
        assertThat(BlasKernels.decide(null, null, List.of()).set()).isFalse();
        assertThat(BlasKernels.decide(null, null, List.of("flags\t: sse2 avx")).set()).isFalse();
    }

    @Test
    void theNativeEnvironmentTakesNewAndChangedVariablesAndKeepsTheRest() {
        String path = System.getenv("PATH");
        NativeEnvironment.set("FLOWMATCH_TEST_VARIABLE", "one");
        assertThat(NativeEnvironment.get("FLOWMATCH_TEST_VARIABLE")).contains("one");
        NativeEnvironment.set("FLOWMATCH_TEST_VARIABLE", "two=2");
        assertThat(NativeEnvironment.get("FLOWMATCH_TEST_VARIABLE")).contains("two=2");
        assertThat(NativeEnvironment.get("FLOWMATCH_TEST_VARIABL")).isEmpty();
        if (path != null) {
            assertThat(NativeEnvironment.get("PATH")).contains(path);
        }
    }

    /** The core type this machine should get in a JVM where nobody set anything, if any. */
    private static Optional<String> expectedCore() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        assumeThat(Files.isReadable(cpuinfo)).as("/proc/cpuinfo").isTrue();
        assumeThat(System.getProperty(BlasKernels.PROPERTY)).as("no " + BlasKernels.PROPERTY).isNull();
        return BlasKernels.coreTypeFor(BlasKernels.flagsOf(Files.readAllLines(cpuinfo))).map(BlasKernels::upperCase);
    }

    @Test
    void thisJvmRunsTheChosenKernels() throws IOException {
        Nd4j.create(2, 2);
        Optional<String> expected = expectedCore();
        BlasKernels.Choice choice = BlasKernels.choice().orElseThrow();
        if (choice.set()) {
            assertThat(BlasKernels.activeCore()).contains(BlasKernels.upperCase(choice.coreType()));
            assertThat(expected).contains(BlasKernels.upperCase(choice.coreType()));
        } else {
            // the surrounding environment chose (OPENBLAS_CORETYPE set): OpenBLAS runs that
            assertThat(System.getenv(BlasKernels.VARIABLE)).isNotBlank();
        }
    }

    private static String probe(String mode, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BlasKernelsProbe.class.getName(), mode));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove(BlasKernels.VARIABLE);
        Process child = builder.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void aPlainJvmWhoseFirstCallIsNd4jGetsTheKernelsOfItsFlags() throws Exception {
        Optional<String> expected = expectedCore();
        assumeThat(expected).as("a CPU with AVX2 and FMA").isPresent();
        String output = probe("nd4j-first");
        assertThat(output).contains("core=" + expected.get()).contains("OpenBLAS kernels: ");
        // forcing a name works too, and keep leaves OpenBLAS's own choice (whatever it is)
        assertThat(probe("nd4j-first", "-D" + BlasKernels.PROPERTY + "=Haswell")).contains("core=HASWELL");
        assertThat(probe("nd4j-first", "-D" + BlasKernels.PROPERTY + "=keep")).doesNotContain("OpenBLAS kernels: ");
    }

    @Test
    void openBlasLoadedBeforeFlowmatchCouldActIsReportedWithTheFix() throws Exception {
        Optional<String> expected = expectedCore();
        assumeThat(expected).as("a CPU with AVX2 and FMA").isPresent();
        String output = probe("openblas-first");
        String active = output.replaceAll("(?s).*core=(\\w+).*", "$1");
        if (!active.equals(expected.get())) {
            assertThat(output).contains("WARN").contains("OpenBLAS was loaded before flowmatch could choose its kernels")
                    .contains(BlasKernels.VARIABLE + "=");
        } else {
            // OpenBLAS recognised this CPU by itself: nothing to warn about
            assertThat(output).doesNotContain("OpenBLAS was loaded before flowmatch");
        }
    }
}
