package io.flowmatch.viz;

import io.flowmatch.solvers.Trajectory;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A recorded {@link Trajectory} as plain arrays: the times and, for each, the points' first two coordinates. */
final class Paths2D {

    final double[] times;
    final List<PlanePoints> states;

    private Paths2D(double[] times, List<PlanePoints> states) {
        this.times = times;
        this.states = states;
    }

    /**
     * Copies the trajectory's states.
     *
     * @throws IllegalArgumentException if it is null, recorded nothing, or its states cannot be plotted
     */
    static Paths2D of(Trajectory trajectory) {
        if (trajectory == null) {
            throw new IllegalArgumentException("trajectory must not be null");
        }
        double[] times = trajectory.times();
        List<INDArray> states = trajectory.states();
        if (states.isEmpty()) {
            throw new IllegalArgumentException("the trajectory recorded no states");
        }
        List<PlanePoints> planes = new ArrayList<>(states.size());
        for (int i = 0; i < states.size(); i++) {
            planes.add(PlanePoints.of(states.get(i), "trajectory state " + i));
        }
        return new Paths2D(times, planes);
    }

    int points() {
        return states.get(0).size();
    }

    /** The index of the recorded time nearest to {@code t}. */
    int nearest(double t) {
        int best = 0;
        for (int i = 1; i < times.length; i++) {
            if (Math.abs(times[i] - t) < Math.abs(times[best] - t)) {
                best = i;
            }
        }
        return best;
    }

    /** The region covering the given recorded states. */
    Box box(int... indices) {
        List<PlanePoints> chosen = new ArrayList<>();
        for (int i : indices) {
            chosen.add(states.get(i));
        }
        return Box.covering(chosen);
    }

    /** The region covering every recorded state. */
    Box box() {
        return Box.covering(states);
    }
}
