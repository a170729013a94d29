package io.flowmatch.core.reflow;

import io.flowmatch.core.FlowModel;
import java.util.List;

/**
 * The outcome of {@link Reflow#run()}: the last student and one report per round, the teacher's
 * first.
 *
 * @param model   the flow after the last round
 * @param reports the teacher's report (round 0), then one per round
 */
public record ReflowResult(FlowModel model, List<RoundReport> reports) {

    public ReflowResult {
        reports = List.copyOf(reports);
    }
}
