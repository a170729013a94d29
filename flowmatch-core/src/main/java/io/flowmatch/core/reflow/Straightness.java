package io.flowmatch.core.reflow;

import io.flowmatch.core.FlowModel;
import io.flowmatch.solvers.Solvers;
import io.flowmatch.solvers.Trajectory;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How straight a flow's paths are: S = E_t E_x0 |(x1 - x0) - v(t, x_t)|^2 along the flow's own
 * trajectories, with x1 the end of the path that starts at x0 (Liu et al., rectified flow). S = 0
 * exactly when every path is a straight line travelled at constant speed, so that a single Euler
 * step is exact; the larger S, the more steps sampling needs.
 */
public final class Straightness {

    private Straightness() {
    }

    /**
     * Estimates S on {@code n} paths integrated with {@code steps} Euler steps (so x1 - x0 is the
     * sum of the step velocities times 1/steps and S is their variance along each path).
     *
     * @param model the flow
     * @param n     paths, at least 1 (all integrated at once: keep it to thousands)
     * @param steps Euler steps, at least 1; 100 is plenty for a smooth flow
     * @param seed  seed of the source points
     * @return S, in squared data units
     */
    public static double of(FlowModel model, int n, int steps, long seed) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be positive, got " + steps);
        }
        Trajectory trajectory = model.trajectory(n, Solvers.euler(), steps, seed);
        List<INDArray> states = trajectory.states();
        double[] times = trajectory.times();
        INDArray displacement = states.get(states.size() - 1).sub(states.get(0));
        double total = 0;
        for (int k = 0; k < steps; k++) {
            INDArray v = model.velocity(times[k], states.get(k));
            INDArray diff = displacement.sub(v);
            total += diff.mul(diff).sumNumber().doubleValue() / n;
        }
        return total / steps;
    }
}
