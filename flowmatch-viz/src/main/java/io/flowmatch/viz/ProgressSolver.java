package io.flowmatch.viz;

import io.flowmatch.core.FlowModel;
import io.flowmatch.solvers.OdeSolver;
import io.flowmatch.solvers.SolverStats;
import io.flowmatch.solvers.StepHandler;
import io.flowmatch.solvers.TimeGrid;
import io.flowmatch.solvers.VectorField;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An {@link OdeSolver} that does what another one does and advances a {@link ProgressBar} by one
 * at every grid point reached, so that {@code FlowModel.sample} shows progress without knowing
 * about it. {@link #units(int, int)} says how many grid points a sampling call reaches.
 *
 * <pre>{@code
 * ProgressBar bar = ProgressBar.builder("sample", ProgressSolver.units(n, steps)).out(System.err).build();
 * INDArray x = model.sample(n, ProgressSolver.wrap(Solvers.rk4(), bar), steps, seed);
 * bar.finish();
 * }</pre>
 *
 * <p>Meant for one sampling call on one thread at a time.
 */
public final class ProgressSolver implements OdeSolver {

    private final OdeSolver solver;
    private final ProgressBar bar;

    private ProgressSolver(OdeSolver solver, ProgressBar bar) {
        this.solver = solver;
        this.bar = bar;
    }

    /** The solver, reporting to the bar. */
    public static OdeSolver wrap(OdeSolver solver, ProgressBar bar) {
        if (solver == null || bar == null) {
            throw new IllegalArgumentException("solver and bar must not be null");
        }
        return new ProgressSolver(solver, bar);
    }

    /**
     * The grid points {@code FlowModel.sample(n, solver, steps, seed)} reaches: {@code steps} per
     * chunk of at most {@link FlowModel#CHUNK_ROWS} rows.
     */
    public static long units(int n, int steps) {
        if (n < 1 || steps < 1) {
            throw new IllegalArgumentException("n and steps must be positive, got " + n + " and " + steps);
        }
        long chunks = (n + (long) FlowModel.CHUNK_ROWS - 1) / FlowModel.CHUNK_ROWS;
        return chunks * steps;
    }

    @Override
    public String name() {
        return solver.name();
    }

    @Override
    public boolean isAdaptive() {
        return solver.isAdaptive();
    }

    @Override
    public SolverStats integrate(VectorField field, INDArray state, TimeGrid grid, StepHandler handler) {
        StepHandler inner = handler == null ? StepHandler.NONE : handler;
        return solver.integrate(field, state, grid, new StepHandler() {
            @Override
            public void init(double t0, INDArray s) {
                inner.init(t0, s);
            }

            @Override
            public Action handleStep(int step, double t, INDArray s) {
                bar.step();
                return inner.handleStep(step, t, s);
            }
        });
    }

    @Override
    public String toString() {
        return solver.toString();
    }
}
