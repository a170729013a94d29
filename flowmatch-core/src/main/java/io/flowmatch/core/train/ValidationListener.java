package io.flowmatch.core.train;

import io.flowmatch.core.model.ModelPass;
import io.flowmatch.core.model.VelocityModel;
import io.flowmatch.datasets.DataSource;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.TimeGrid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Validation} during training: evaluates every {@code every} steps and after the
 * last one, keeps a copy of the best weights (and of the weight average, if one is kept), asks the
 * trainer to stop when patience runs out, and logs each evaluation through SLF4J. After training,
 * {@link #restoreBest()} writes the best weights back into the model.
 *
 * <p>Made by {@link Validation#listener}; runs on the training thread.
 */
public final class ValidationListener implements TrainingListener {

    private static final Logger LOG = LoggerFactory.getLogger(ValidationListener.class);

    private final Validation validation;
    private final VelocityModel model;
    private final WeightAverage average;
    private final INDArray reference;
    private final INDArray noise;
    private final TimeGrid grid;
    private final List<ValidationRecord> history = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private INDArray bestParameters;
    private INDArray bestAverage;
    private double bestMetric = Double.POSITIVE_INFINITY;
    private long bestStep = -1;
    private int sinceBest;
    private boolean stoppedEarly;
    private long lastEvaluated = -1;
    private double lossSum;
    private long lossSteps;
    private ModelPass livePass;

    ValidationListener(Validation validation, VelocityModel model, WeightAverage average,
            DataSource trainingData, DataSource flowSource) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        this.validation = validation;
        this.model = model;
        this.average = average;
        int d = model.dimension();
        SplittableRandom rng = new SplittableRandom(validation.seed());
        INDArray points = validation.heldOutPoints();
        int n = validation.samples();
        if (points != null) {
            if (points.columns() != d) {
                throw new IllegalArgumentException("held-out points have dimension " + points.columns()
                        + " but the model has dimension " + d);
            }
            reference = subset(points, n, rng);
            if (validation.metric().needsEqualSizes()) {
                n = Math.toIntExact(reference.rows());
            }
        } else {
            DataSource source = validation.heldOutSource() != null ? validation.heldOutSource() : trainingData;
            if (source == null || source.dimension() != d) {
                throw new IllegalArgumentException("held-out data must have the model's dimension " + d);
            }
            reference = source.sample(rng, n);
        }
        if (flowSource != null && flowSource.dimension() != d) {
            throw new IllegalArgumentException("the flow's source has dimension " + flowSource.dimension()
                    + " but the model has dimension " + d);
        }
        noise = (flowSource != null ? flowSource : Datasets.gaussian(d)).sample(rng, n);
        grid = TimeGrid.uniform(0.0, 1.0, validation.steps());
    }

    private static INDArray subset(INDArray points, int n, SplittableRandom rng) {
        int m = Math.toIntExact(points.rows());
        if (m <= n) {
            return points;
        }
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        for (int i = 0; i < n; i++) {
            int j = i + rng.nextInt(m - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return points.getRows(java.util.Arrays.copyOf(order, n));
    }

    @Override
    public void onStep(TrainingProgress progress) {
        lossSum += progress.loss();
        lossSteps++;
        long step = progress.step();
        if (step % validation.every() == 0) {
            evaluate(step);
            if (validation.patience() > 0 && sinceBest >= validation.patience()) {
                stoppedEarly = true;
                LOG.info("validation: no better {} in {} evaluations, stopping at step {} (best {} at step {})",
                        validation.metric().name(), sinceBest, step, format(bestMetric), bestStep);
                progress.requestStop();
            }
        }
    }

    @Override
    public void onEnd(TrainingResult result) {
        if (result.steps() > 0 && lastEvaluated != result.steps()) {
            evaluate(result.steps());
        }
    }

    private void evaluate(long step) {
        lastEvaluated = step;
        ModelPass pass;
        if (average != null) {
            pass = model.withParameters(average.average()).newPass(Math.toIntExact(noise.rows()));
        } else {
            if (livePass == null) {
                livePass = model.newPass(Math.toIntExact(noise.rows()));
            }
            pass = livePass;
        }
        INDArray x = noise.dup();
        double value;
        try {
            validation.solver().integrate(pass, x, grid);
            value = validation.metric().compute(x, reference);
        } catch (IllegalStateException | IllegalArgumentException e) {
            LOG.warn("validation at step {}: sampling failed ({}), counted as no improvement", step, e.getMessage());
            value = Double.POSITIVE_INFINITY;
        }
        boolean best = value < bestMetric;
        if (best) {
            bestMetric = value;
            bestStep = step;
            sinceBest = 0;
            bestParameters = copy(model.parameters(), bestParameters);
            if (average != null) {
                bestAverage = copy(average.average(), bestAverage);
            }
        } else {
            sinceBest++;
        }
        double meanLoss = lossSteps > 0 ? lossSum / lossSteps : Double.NaN;
        lossSum = 0;
        lossSteps = 0;
        ValidationRecord record = new ValidationRecord(step, value, meanLoss, best,
                (System.nanoTime() - startNanos) / 1e9);
        history.add(record);
        LOG.info("validation step {}: {} {} loss {}{}", step, validation.metric().name(), format(value),
                String.format(Locale.ROOT, "%.5f", meanLoss), best ? " (best)" : " (best " + format(bestMetric)
                        + " at step " + bestStep + ")");
        validation.callback().accept(record);
    }

    private static INDArray copy(INDArray from, INDArray into) {
        if (into == null) {
            return from.dup();
        }
        into.assign(from);
        return into;
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /**
     * Writes the best weights (and weight average) back into the model being trained, so that
     * whatever is built from it next carries them. Does nothing if no evaluation ran.
     */
    public void restoreBest() {
        if (bestParameters != null) {
            model.parameters().assign(bestParameters);
            if (average != null && bestAverage != null) {
                average.average().assign(bestAverage);
            }
        }
    }

    /** The step of the best evaluation, or -1 if none ran. */
    public long bestStep() {
        return bestStep;
    }

    /** The best metric value (+infinity if none ran). */
    public double bestMetric() {
        return bestMetric;
    }

    /** Whether patience ran out and the listener stopped training. */
    public boolean stoppedEarly() {
        return stoppedEarly;
    }

    /** Every evaluation so far, in order. */
    public List<ValidationRecord> history() {
        return Collections.unmodifiableList(history);
    }

    /** Entries for a model's provenance: the validation settings and the best step and value. */
    public Map<String, String> provenance() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("validation", validation.toString());
        p.put("validation_evaluations", Integer.toString(history.size()));
        p.put("best_step", Long.toString(bestStep));
        p.put("best_metric", Double.toString(bestMetric));
        p.put("stopped_early", Boolean.toString(stoppedEarly));
        return p;
    }
}
