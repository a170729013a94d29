package io.flowmatch.examples;

import io.flowmatch.viz.ProgressBar;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --no-progress} option of the long-running commands. Progress goes to standard error:
 * a bar redrawn in place on a terminal, plain lines every few seconds otherwise (CI, pipes).
 *
 * <p>While a bar is drawn, the trainer's own INFO lines (every 500 steps, on standard error too)
 * would break it, so for the bar this command line turns that one logger down to WARN, unless the
 * user has set its level ({@value #TRAINER_LEVEL}). The logging interval itself is left alone:
 * it decides the {@code final_loss} a model records.
 */
final class ProgressOption {

    @Option(names = "--no-progress", description = "no progress bar (terminal) or progress lines (otherwise) on stderr")
    boolean off;

    /** slf4j-simple's level property for the trainer's logger, read when that logger is made. */
    static final String TRAINER_LEVEL = "org.slf4j.simpleLogger.log.io.flowmatch.core.train.Trainer";

    /** The style to show progress in, or empty when it is switched off. */
    Optional<ProgressBar.Style> style() {
        if (off) {
            return Optional.empty();
        }
        ProgressBar.Style style = ProgressBar.Style.forConsole();
        if (style == ProgressBar.Style.BAR && System.getProperty(TRAINER_LEVEL) == null) {
            System.setProperty(TRAINER_LEVEL, "warn");
        }
        return Optional.of(style);
    }

    /** A progress bar for {@code total} units on {@code err}, or empty when switched off. */
    Optional<ProgressBar> bar(String label, long total, PrintWriter err) {
        return style().map(s -> ProgressBar.builder(label, total).out(err).style(s).build());
    }
}
