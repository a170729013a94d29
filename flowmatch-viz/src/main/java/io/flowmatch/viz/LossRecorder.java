package io.flowmatch.viz;

import io.flowmatch.core.train.TrainingListener;
import io.flowmatch.core.train.TrainingProgress;
import java.util.Arrays;

/**
 * A {@link TrainingListener} that keeps every step's batch loss, for {@link LossCurvePlot}.
 * Costs one float per step (20 kB for 5,000 steps) and no allocation between growths (the
 * array starts at the run's length, up to 65,536 steps, and doubles when full).
 *
 * <pre>{@code
 * LossRecorder losses = new LossRecorder();
 * FlowModel model = FlowMatcher.builder().data(data).listener(losses).train();
 * LossCurvePlot.builder().build().write(Path.of("loss.png"), losses.losses());
 * }</pre>
 *
 * <p>Not thread-safe: the trainer calls it from the training thread; read it after training.
 */
public final class LossRecorder implements TrainingListener {

    private float[] losses = new float[0];
    private int count;

    @Override
    public void onStep(TrainingProgress progress) {
        if (count == losses.length) {
            if (count == Integer.MAX_VALUE - 8) {
                return; // 8 GB of losses already; keep the first ones
            }
            long wanted = count == 0 ? Math.min(Math.max(progress.totalSteps(), 16), 1 << 16) : 2L * count;
            losses = Arrays.copyOf(losses, (int) Math.min(Integer.MAX_VALUE - 8, wanted));
        }
        losses[count++] = (float) progress.loss();
    }

    /** The batch loss of each step so far, in order (a copy). */
    public double[] losses() {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = losses[i];
        }
        return out;
    }

    /** How many steps were recorded. */
    public int size() {
        return count;
    }
}
