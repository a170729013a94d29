package io.flowmatch.solvers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link StepHandler} that records copies of the state: the initial state and the state at
 * every k-th grid point (the last point reached is always recorded), for plots and animations.
 */
public final class Trajectory implements StepHandler {

    private final int every;
    private final List<Double> times = new ArrayList<>();
    private final List<INDArray> states = new ArrayList<>();
    private int lastRecorded = -1;
    /** The latest unrecorded state (one reused buffer), so the final state is never lost. */
    private INDArray pending;
    private boolean hasPending;
    private int pendingStep;
    private double pendingTime;

    private Trajectory(int every) {
        this.every = every;
    }

    /** Records every grid point. */
    public static Trajectory everyStep() {
        return new Trajectory(1);
    }

    /**
     * Records every {@code k}-th grid point, plus the first and the last.
     *
     * @throws IllegalArgumentException if {@code k} &lt; 1
     */
    public static Trajectory every(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("record interval must be at least 1, got " + k);
        }
        return new Trajectory(k);
    }

    @Override
    public void init(double t0, INDArray state) {
        times.clear();
        states.clear();
        record(0, t0, state);
    }

    @Override
    public Action handleStep(int step, double t, INDArray state) {
        if (step % every == 0) {
            record(step, t, state);
        } else {
            // keep the latest state so the final one is present whenever integration ends
            if (pending == null || !java.util.Arrays.equals(pending.shape(), state.shape())) {
                pending = state.dup();
            } else {
                pending.assign(state);
            }
            hasPending = true;
            pendingStep = step;
            pendingTime = t;
        }
        return Action.CONTINUE;
    }

    private void record(int step, double t, INDArray state) {
        times.add(t);
        states.add(state.dup());
        lastRecorded = step;
        hasPending = false;
    }

    private void flush() {
        if (hasPending && pendingStep > lastRecorded) {
            times.add(pendingTime);
            states.add(pending);
            lastRecorded = pendingStep;
            pending = null;
            hasPending = false;
        }
    }

    /** The recorded times, in order. */
    public double[] times() {
        flush();
        double[] t = new double[times.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = times.get(i);
        }
        return t;
    }

    /** The recorded states, each [n, d], in order. */
    public List<INDArray> states() {
        flush();
        return Collections.unmodifiableList(states);
    }

    /** The recorded states stacked as one array [T, n, d]. */
    public INDArray asTensor() {
        flush();
        if (states.isEmpty()) {
            throw new IllegalStateException("nothing recorded yet");
        }
        return Nd4j.stack(0, states.toArray(new INDArray[0]));
    }
}
