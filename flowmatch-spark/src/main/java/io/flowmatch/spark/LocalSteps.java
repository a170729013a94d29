package io.flowmatch.spark;

import io.flowmatch.core.FlowMatchingObjective;
import io.flowmatch.core.Recipe;
import io.flowmatch.core.Standardization;
import io.flowmatch.core.model.MlpVelocityModel;
import io.flowmatch.core.train.TrainingDivergedException;
import io.flowmatch.core.train.TrainingSession;
import io.flowmatch.datasets.DataSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One worker's part of an averaging round, run as a Spark task on one partition of cached
 * {@link FloatBlock}s: restore the broadcast {@link SharedState} into a fresh
 * {@link TrainingSession} (stream = the partition index), take the round's local steps on
 * minibatches of the partition's own points, and emit the state weighted by the partition's
 * share of the rows.
 *
 * <p>The task reads only immutable inputs (the broadcast state and the cached blocks) and its
 * random draws depend only on (seed, partition, step), so a retried task computes exactly what
 * the failed attempt would have: a failure costs time, never correctness.
 */
final class LocalSteps implements Function2<Integer, Iterator<FloatBlock>, Iterator<RoundSum>> {

    private static final long serialVersionUID = 1L;

    private final Broadcast<WorkerRecipe> recipe;
    private final Broadcast<SharedState> state;
    private final int round;
    private final int steps;
    private final StepHook hook;

    LocalSteps(Broadcast<WorkerRecipe> recipe, Broadcast<SharedState> state, int round, int steps, StepHook hook) {
        this.recipe = recipe;
        this.state = state;
        this.round = round;
        this.steps = steps;
        this.hook = hook;
    }

    @Override
    public Iterator<RoundSum> call(Integer partition, Iterator<FloatBlock> blocks) {
        List<FloatBlock> mine = new ArrayList<>();
        blocks.forEachRemaining(mine::add);
        if (mine.isEmpty()) {
            return List.<RoundSum>of().iterator();
        }
        TaskThreads.pin();
        WorkerRecipe r = recipe.value();
        SharedState start = state.value();
        Recipe rebuilt = r.recipe();
        // labelled blocks train the class-conditional model, paired within each class as on one machine
        DataSource points = mine.get(0).labels() == null ? new PartitionPoints(mine, partition)
                : new LabelledPartitionPoints(mine, partition, rebuilt.classes());
        long size = points instanceof PartitionPoints p ? p.size() : ((LabelledPartitionPoints) points).size();
        MlpVelocityModel model = MlpVelocityModel.of(r.architecture(), Nd4j.createFromArray(start.parameters()));
        Standardization standardization = r.standardization();
        TrainingSession session = new TrainingSession(rebuilt.training(), new FlowMatchingObjective(rebuilt, model,
                standardization == null ? points : standardization.apply(points), null), partition);
        session.restore(start.toTrainingState());
        long begin = System.nanoTime();
        double lossSum = 0;
        try {
            for (int k = 1; k <= steps; k++) {
                lossSum += session.step();
                if (hook != null) {
                    hook.afterStep(round, partition, k);
                }
            }
        } catch (TrainingDivergedException e) {
            return List.of(RoundSum.failed("worker on partition " + partition + ": " + e.getMessage())).iterator();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        return List.of(RoundSum.of(r.weightOf(size), session.snapshot(), lossSum, steps, seconds)).iterator();
    }
}
