package io.flowmatch.solvers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A fixed-step explicit Runge-Kutta solver driven by a {@link ButcherTableau}: one step per
 * interval of the grid, s evaluations of the field per step. Stage buffers are allocated once per
 * call; the stepping loop allocates nothing.
 *
 * <p>For stage i, y_i = x + h sum_j a_ij k_j and k_i = v(t + c_i h, y_i); the step is
 * x += h sum_i b_i k_i.
 *
 * @see Solvers#euler()
 * @see Solvers#midpoint()
 * @see Solvers#heun()
 * @see Solvers#rk4()
 */
public final class ExplicitRungeKuttaSolver implements OdeSolver {

    private final String name;
    private final ButcherTableau tableau;

    /**
     * @param name    the name reported by {@link #name()}
     * @param tableau the method's coefficients
     */
    public ExplicitRungeKuttaSolver(String name, ButcherTableau tableau) {
        this.name = name;
        this.tableau = tableau;
    }

    @Override
    public String name() {
        return name;
    }

    /** The method's coefficients. */
    public ButcherTableau tableau() {
        return tableau;
    }

    @Override
    public SolverStats integrate(VectorField field, INDArray state, TimeGrid grid, StepHandler handler) {
        Arrays2D.requireArguments(field, grid, handler);
        INDArray x = Arrays2D.workingCopy(state);
        int s = tableau.stages();
        INDArray[] k = new INDArray[s];
        for (int i = 0; i < s; i++) {
            k[i] = x.ulike();
        }
        INDArray y = s > 1 ? x.ulike() : null;
        handler.init(grid.start(), x);
        long evaluations = 0;
        int step = 0;
        double t = grid.start();
        while (step < grid.steps()) {
            double t0 = grid.time(step);
            double h = grid.time(step + 1) - t0;
            for (int i = 0; i < s; i++) {
                INDArray input = x;
                if (i > 0) {
                    y.assign(x);
                    for (int j = 0; j < i; j++) {
                        Arrays2D.axpy(h * tableau.a(i, j), k[j], y);
                    }
                    input = y;
                }
                field.evaluate(t0 + tableau.c(i) * h, input, k[i]);
                evaluations++;
            }
            for (int i = 0; i < s; i++) {
                Arrays2D.axpy(h * tableau.b(i), k[i], x);
            }
            step++;
            t = grid.time(step);
            if (!Arrays2D.allFinite(x)) {
                throw Arrays2D.nonFinite(t);
            }
            if (handler.handleStep(step, t, x) == StepHandler.Action.STOP) {
                break;
            }
        }
        if (x != state) {
            state.assign(x);
        }
        return new SolverStats(evaluations, step, 0, t);
    }

    @Override
    public String toString() {
        return name;
    }
}
