package io.flowmatch.core.grid;

import io.flowmatch.core.FlowModel;
import io.flowmatch.solvers.Solvers;
import io.flowmatch.solvers.TimeGrid;
import io.flowmatch.solvers.Trajectory;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A sampling grid fitted to a trained flow: it spends the steps where the flow bends. A pilot
 * run integrates a few hundred points with many small Euler steps and measures, on each small
 * interval, the mean acceleration a(t) = |v(t + h, x_{t+h}) - v(t, x_t)| / h along the paths.
 * An Euler step of size h errs by about h^2 a / 2, so the error is equidistributed when the
 * step density is proportional to sqrt(a); the grid places its steps at equal quantiles of that
 * density (plus a small floor so that straight stretches still get steps).
 */
public final class CurvatureGrid {

    private static final int PILOT_STEPS = 200;
    private static final int PILOT_POINTS = 500;

    private CurvatureGrid() {
    }

    /**
     * Fits a grid of {@code steps} steps on [0, 1] to {@code model}.
     *
     * @param model the trained flow
     * @param steps the number of steps, at least 1
     * @param seed  seed of the pilot points
     * @return the grid, from 0 to 1
     */
    public static TimeGrid fit(FlowModel model, int steps, long seed) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be positive, got " + steps);
        }
        Trajectory pilot = model.trajectory(PILOT_POINTS, Solvers.euler(), PILOT_STEPS, seed);
        List<INDArray> states = pilot.states();
        double[] times = pilot.times();
        double[] density = new double[PILOT_STEPS];
        INDArray previous = model.velocity(times[0], states.get(0));
        double total = 0;
        for (int k = 0; k < PILOT_STEPS; k++) {
            INDArray next = model.velocity(times[k + 1], states.get(k + 1));
            double h = times[k + 1] - times[k];
            INDArray diff = next.sub(previous);
            double meanNorm = Transforms.sqrt(diff.mul(diff).sum(1), false).meanNumber().doubleValue();
            density[k] = Math.sqrt(meanNorm / h);
            total += density[k];
            previous = next;
        }
        double floor = 0.05 * total / PILOT_STEPS;
        return fromDensity(density, floor, steps);
    }

    /**
     * The grid of {@code steps} steps at equal quantiles of a piecewise-constant density on
     * [0, 1] given on equal cells (plus {@code floor} everywhere).
     */
    static TimeGrid fromDensity(double[] density, double floor, int steps) {
        int cells = density.length;
        double[] cumulative = new double[cells + 1];
        for (int k = 0; k < cells; k++) {
            cumulative[k + 1] = cumulative[k] + (density[k] + floor) / cells;
        }
        double total = cumulative[cells];
        double[] grid = new double[steps + 1];
        int cell = 0;
        for (int i = 1; i < steps; i++) {
            double target = total * i / steps;
            while (cumulative[cell + 1] < target) {
                cell++;
            }
            double within = (target - cumulative[cell]) / (cumulative[cell + 1] - cumulative[cell]);
            grid[i] = (cell + within) / cells;
        }
        grid[steps] = 1.0;
        for (int i = 1; i <= steps; i++) {
            if (!(grid[i] > grid[i - 1])) {
                grid[i] = Math.nextUp(grid[i - 1]);
            }
        }
        grid[steps] = 1.0;
        return TimeGrid.of(grid);
    }
}
