package io.flowmatch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlasCoreTypeTest {

    @Test
    void choosesTheKernelFamilyFromTheFlags() {
        String skylake = "flags\t\t: fpu sse sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl";
        String haswell = "flags\t\t: fpu sse sse2 avx avx2 fma bmi2";
        String old = "flags\t\t: fpu sse sse2 avx";
        assertThat(BlasCoreType.fromCpuInfo(List.of("processor\t: 0", skylake))).contains("SkylakeX");
        assertThat(BlasCoreType.fromCpuInfo(List.of(haswell))).contains("Haswell");
        assertThat(BlasCoreType.fromCpuInfo(List.of("flags\t\t: avx512f avx2"))).isEmpty(); // no fma
        assertThat(BlasCoreType.fromCpuInfo(List.of(old))).isEmpty();
        assertThat(BlasCoreType.fromCpuInfo(List.of("model name\t: Intel(R) Xeon(R) Processor"))).isEmpty();
    }

    @Test
    void threadsArgumentIsFoundInEitherSpellingAndDefaultsToOne() {
        assertThat(FlowmatchCli.threadsArgument(new String[] {"bench", "sample", "--threads", "2"})).isEqualTo(2);
        assertThat(FlowmatchCli.threadsArgument(new String[] {"bench", "sample", "--threads=3"})).isEqualTo(3);
        assertThat(FlowmatchCli.threadsArgument(new String[] {"quickstart"})).isEqualTo(1);
        assertThat(FlowmatchCli.threadsArgument(new String[] {"train", "--threads", "x"})).isZero();
        assertThat(FlowmatchCli.threadsArgument(new String[] {"train", "--threads", "-1"})).isZero();
    }
}
