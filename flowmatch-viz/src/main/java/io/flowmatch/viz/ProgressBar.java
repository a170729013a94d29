package io.flowmatch.viz;

import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of long work (training steps, solver steps) with its rate, the loss if there is one,
 * and the time left, written to an {@link Appendable} the application supplies; the library never
 * writes to the console by itself.
 *
 * <p>Two styles: {@link Style#BAR} redraws one line in place with a carriage return, at most ten
 * times a second, for a terminal; {@link Style#LINES} prints a plain line at an interval (default
 * 5 s) and a last one at the end, for logs, CI and pipes. {@link Style#forConsole()} picks the one
 * that suits standard output.
 *
 * <pre>
 * train  42% [############.................]   2100/5000   2780 it/s  loss 0.9861  0:00 left
 * </pre>
 *
 * <p>Not thread-safe: update it from one thread.
 */
public final class ProgressBar {

    /** How progress is shown. */
    public enum Style {
        /** One line redrawn in place (carriage return), for a terminal. */
        BAR,
        /** A plain line now and then and at the end, for logs and pipes. */
        LINES;

        /** {@link #BAR} when this JVM has a console (standard input and output are a terminal), else {@link #LINES}. */
        public static Style forConsole() {
            return System.console() != null ? BAR : LINES;
        }
    }

    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 30;

    private final String label;
    private final long total;
    private final Appendable out;
    private final Style style;
    private final long lineNanos;
    private final LongSupplier clock;
    private final long start;
    private long lastDraw;
    private long done;
    private double loss = Double.NaN;
    private int lastLength;
    private boolean finished;

    private ProgressBar(Builder b) {
        this.label = b.label;
        this.total = b.total;
        this.out = b.out;
        this.style = b.style;
        this.lineNanos = b.lineNanos;
        this.clock = b.clock;
        this.start = clock.getAsLong();
        this.lastDraw = start;
    }

    /**
     * A builder for work of {@code total} units (steps) called {@code label}.
     *
     * @throws IllegalArgumentException if the label is null or the total is not positive
     */
    public static Builder builder(String label, long total) {
        return new Builder(label, total);
    }

    /**
     * Records that {@code done} units are finished; draws if it is time to.
     *
     * @param done units done so far, 0 to total (larger values are clamped)
     * @param loss the loss to show, or NaN for none
     */
    public void update(long done, double loss) {
        if (finished) {
            return;
        }
        this.done = Math.max(0, Math.min(total, done));
        this.loss = loss;
        long now = clock.getAsLong();
        long interval = style == Style.BAR ? REDRAW_NANOS : lineNanos;
        if (now - lastDraw >= interval) {
            lastDraw = now;
            draw(now, false);
        }
    }

    /** Adds one unit done, keeping the last loss. */
    public void step() {
        update(done + 1, loss);
    }

    /** Draws the final state and ends the line; later updates are ignored. Safe to call twice. */
    public void finish() {
        if (finished) {
            return;
        }
        draw(clock.getAsLong(), true);
        finished = true;
    }

    /** Units done so far. */
    public long done() {
        return done;
    }

    /** The line as it would be drawn now, without a carriage return or newline (for tests and logs). */
    String line(long now, boolean last) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / seconds;
        StringBuilder sb = new StringBuilder(label);
        int percent = (int) (100 * done / total);
        if (style == Style.BAR) {
            int filled = (int) (BAR_WIDTH * done / total);
            sb.append(String.format(Locale.ROOT, " %3d%% [", percent));
            sb.append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append(']');
            int digits = Long.toString(total).length();
            sb.append(String.format(Locale.ROOT, " %" + digits + "d/%d", done, total));
        } else {
            sb.append(String.format(Locale.ROOT, " %d/%d (%d%%)", done, total, percent));
        }
        sb.append(String.format(Locale.ROOT, " %6s it/s", rate(rate)));
        if (Double.isFinite(loss)) {
            sb.append(String.format(Locale.ROOT, "  loss %.4f", loss));
        }
        if (last) {
            sb.append("  ").append(clockTime(seconds)).append(" total");
        } else {
            double left = rate > 0 ? (total - done) / rate : Double.NaN;
            sb.append("  ").append(clockTime(seconds)).append(" elapsed, ").append(clockTime(left)).append(" left");
        }
        return sb.toString();
    }

    private void draw(long now, boolean last) {
        String text = line(now, last);
        try {
            if (style == Style.BAR) {
                int pad = Math.max(0, lastLength - text.length());
                out.append('\r').append(text).append(" ".repeat(pad));
                lastLength = text.length();
                if (last) {
                    out.append(System.lineSeparator());
                }
            } else {
                out.append(text).append(System.lineSeparator());
            }
            if (out instanceof Flushable f) {
                f.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write progress: " + e.getMessage(), e);
        }
    }

    private static String rate(double perSecond) {
        if (perSecond >= 100) {
            return Long.toString(Math.round(perSecond));
        }
        return String.format(Locale.ROOT, "%.1f", perSecond);
    }

    /** Seconds as m:ss or h:mm:ss; "?" when unknown. */
    static String clockTime(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Settings for a {@link ProgressBar}. */
    public static final class Builder {
        private final String label;
        private final long total;
        private Appendable out;
        private Style style = Style.LINES;
        private long lineNanos = 5_000_000_000L;
        private LongSupplier clock = System::nanoTime;

        private Builder(String label, long total) {
            if (label == null) {
                throw new IllegalArgumentException("label must not be null");
            }
            if (total < 1) {
                throw new IllegalArgumentException("total must be positive, got " + total);
            }
            this.label = label;
            this.total = total;
        }

        /** Where to write (required), e.g. {@code System.err} chosen by the application. */
        public Builder out(Appendable out) {
            if (out == null) {
                throw new IllegalArgumentException("out must not be null");
            }
            this.out = out;
            return this;
        }

        /** BAR or LINES (default LINES). */
        public Builder style(Style style) {
            if (style == null) {
                throw new IllegalArgumentException("style must not be null");
            }
            this.style = style;
            return this;
        }

        /** Seconds between plain lines in the LINES style, at least 0 (default 5). */
        public Builder lineInterval(double seconds) {
            if (!(seconds >= 0) || seconds > 1e6) {
                throw new IllegalArgumentException("line interval must be between 0 and 1e6 seconds, got " + seconds);
            }
            this.lineNanos = (long) (seconds * 1e9);
            return this;
        }

        /** The clock in nanoseconds (default System::nanoTime); for tests. */
        public Builder clock(LongSupplier nanos) {
            if (nanos == null) {
                throw new IllegalArgumentException("clock must not be null");
            }
            this.clock = nanos;
            return this;
        }

        /**
         * The progress bar; its clock starts now.
         *
         * @throws IllegalStateException if no output was given
         */
        public ProgressBar build() {
            if (out == null) {
                throw new IllegalStateException("a progress bar needs an output: call out(...)");
            }
            return new ProgressBar(this);
        }
    }
}
