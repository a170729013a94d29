package io.flowmatch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThreadsArgumentTest {

    @Test
    void threadsArgumentIsFoundInEitherSpellingAndDefaultsToOne() {
        assertThat(FlowmatchCli.threadsArgument(new String[] {"bench", "sample", "--threads", "2"})).isEqualTo(2);
        assertThat(FlowmatchCli.threadsArgument(new String[] {"bench", "sample", "--threads=3"})).isEqualTo(3);
        assertThat(FlowmatchCli.threadsArgument(new String[] {"quickstart"})).isEqualTo(1);
        assertThat(FlowmatchCli.threadsArgument(new String[] {"train", "--threads", "x"})).isZero();
        assertThat(FlowmatchCli.threadsArgument(new String[] {"train", "--threads", "-1"})).isZero();
    }
}
