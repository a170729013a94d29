package io.flowmatch.core.train;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training run to the end, for any kind of flow: drives a {@link TrainingSession} for the
 * configured number of steps, logging the mean loss every {@code logEvery} steps through SLF4J and calling
 * the {@link TrainingListener}s, which may stop the run early.
 *
 * <p>The run is deterministic: the same configuration, data, model and thread count give
 * bit-identical weights.
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final TrainingConfig config;

    /** A trainer with the given settings. */
    public Trainer(TrainingConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.config = config;
    }

    /** The settings. */
    public TrainingConfig config() {
        return config;
    }

    /**
     * Continues {@code session} from the step it is at (0 for a new one, or the step of the
     * {@link TrainingState} it was restored from) up to the configured number of steps.
     *
     * @param session   a session made with this trainer's configuration
     * @param listeners callbacks; may be empty
     * @return how the run ended
     * @throws IllegalArgumentException   if the session has another configuration
     * @throws TrainingDivergedException if the loss or the gradient becomes NaN or infinite (and
     *                                   the {@link DivergencePolicy} does not skip the step); the
     *                                   parameters keep the values of the last good step
     */
    public TrainingResult run(TrainingSession session, List<TrainingListener> listeners) {
        if (session.config() != config) {
            throw new IllegalArgumentException("the session was made with another configuration");
        }
        long total = config.iterations();
        long start = System.nanoTime();
        TrainingProgress progress = new TrainingProgress(total, start);
        double intervalLoss = 0;
        long intervalSteps = 0;
        double lastLoss = Double.NaN;
        double meanLoss = Double.NaN;
        long first = session.stepsDone();
        if (first > 0) {
            LOG.info("resuming at step {}/{}", first, total);
        }
        while (session.stepsDone() < total && !progress.stopRequested()) {
            double loss;
            try {
                loss = session.step();
            } catch (TrainingDivergedException e) {
                if (!session.skipDivergedStep(e)) {
                    throw e;
                }
                LOG.warn("{}; skipped it, learning rate now x{} ({} of {} skips used)", e.getMessage(),
                        session.learningRateScale(), session.skippedSteps(), config.divergencePolicy().maxSkips());
                continue;
            }
            long step = session.stepsDone();
            double lr = session.lastLearningRate();
            lastLoss = loss;
            intervalLoss += loss;
            intervalSteps++;
            progress.update(step, loss, lr);
            for (TrainingListener listener : listeners) {
                listener.onStep(progress);
            }
            if (step % config.logEvery() == 0 || step == total || progress.stopRequested()) {
                meanLoss = intervalLoss / intervalSteps;
                progress.meanLoss(meanLoss);
                LOG.info("step {}/{} loss {} lr {} ({} s)", step, total, String.format("%.5f", meanLoss),
                        String.format("%.3g", lr), String.format("%.1f", progress.elapsedSeconds()));
                for (TrainingListener listener : listeners) {
                    listener.onLog(progress);
                }
                intervalLoss = 0;
                intervalSteps = 0;
            }
        }
        long steps = session.stepsDone();
        TrainingResult result = new TrainingResult(steps, lastLoss, meanLoss, steps < total,
                (System.nanoTime() - start) / 1e9);
        for (TrainingListener listener : listeners) {
            listener.onEnd(result);
        }
        return result;
    }
}
