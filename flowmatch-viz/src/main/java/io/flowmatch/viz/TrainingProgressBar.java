package io.flowmatch.viz;

import io.flowmatch.core.train.TrainingListener;
import io.flowmatch.core.train.TrainingProgress;
import io.flowmatch.core.train.TrainingResult;

/**
 * A {@link TrainingListener} that shows a {@link ProgressBar} of the training steps with the
 * loss (an exponential moving average of the batch losses over about 50 steps) and the time left.
 *
 * <pre>{@code
 * FlowMatcher.builder().data(data).listener(new TrainingProgressBar(System.err, ProgressBar.Style.forConsole())).train();
 * }</pre>
 *
 * <p>One instance per training run.
 */
public final class TrainingProgressBar implements TrainingListener {

    private static final double SMOOTHING = 0.98;

    private final Appendable out;
    private final ProgressBar.Style style;
    private final String label;
    private ProgressBar bar;
    private double average = Double.NaN;

    /** A bar labelled "train" on {@code out} in the given style. */
    public TrainingProgressBar(Appendable out, ProgressBar.Style style) {
        this(out, style, "train");
    }

    /** A bar with the given label. */
    public TrainingProgressBar(Appendable out, ProgressBar.Style style, String label) {
        if (out == null || style == null || label == null) {
            throw new IllegalArgumentException("out, style and label must not be null");
        }
        this.out = out;
        this.style = style;
        this.label = label;
    }

    @Override
    public void onStep(TrainingProgress progress) {
        if (bar == null) {
            bar = ProgressBar.builder(label, Math.max(1, progress.totalSteps())).out(out).style(style).build();
        }
        double loss = progress.loss();
        average = Double.isNaN(average) ? loss : SMOOTHING * average + (1 - SMOOTHING) * loss;
        bar.update(progress.step(), average);
    }

    @Override
    public void onEnd(TrainingResult result) {
        if (bar != null) {
            bar.finish();
        }
    }
}
