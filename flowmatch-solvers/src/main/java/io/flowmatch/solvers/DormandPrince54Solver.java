package io.flowmatch.solvers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The adaptive Dormand-Prince 5(4) method (the {@code dopri5} of scipy and torchdiffeq): seven
 * stages with the first-same-as-last property (six new evaluations per accepted step), a
 * fifth-order solution and an embedded fourth-order error estimate.
 *
 * <p>Step control: a step is accepted when the scaled RMS error
 * sqrt(mean((e_i / (atol + rtol max(|y_i|, |y_new,i|)))^2)) over the whole batch is at most 1;
 * the next step is h * clamp(0.9 err^(-1/5), 0.2, 10). The first step is chosen by Hairer's
 * algorithm. The solver lands exactly on every grid point, where the {@link StepHandler} is called.
 *
 * @see Solvers#dopri5(double, double)
 */
public final class DormandPrince54Solver implements OdeSolver {

    static final ButcherTableau TABLEAU = new ButcherTableau(
            new double[] {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1},
            new double[][] {
                {},
                {1.0 / 5},
                {3.0 / 40, 9.0 / 40},
                {44.0 / 45, -56.0 / 15, 32.0 / 9},
                {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
                {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
                {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84}},
            new double[] {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0},
            new double[] {5179.0 / 57600, 0, 7571.0 / 16695, 393.0 / 640, -92097.0 / 339200, 187.0 / 2100, 1.0 / 40},
            5);

    private static final double SAFETY = 0.9;
    private static final double MIN_FACTOR = 0.2;
    private static final double MAX_FACTOR = 10.0;

    private final double atol;
    private final double rtol;
    private final long maxSteps;

    /**
     * @param atol     absolute tolerance, positive
     * @param rtol     relative tolerance, positive
     * @param maxSteps the most steps (accepted and rejected) one integration may take
     */
    public DormandPrince54Solver(double atol, double rtol, long maxSteps) {
        if (!(atol > 0) || !Double.isFinite(atol) || !(rtol > 0) || !Double.isFinite(rtol)) {
            throw new IllegalArgumentException("dopri5 tolerances must be positive and finite, got atol=" + atol
                    + ", rtol=" + rtol);
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps must be positive, got " + maxSteps);
        }
        this.atol = atol;
        this.rtol = rtol;
        this.maxSteps = maxSteps;
    }

    @Override
    public String name() {
        return "dopri5";
    }

    @Override
    public boolean isAdaptive() {
        return true;
    }

    /** The absolute tolerance. */
    public double absoluteTolerance() {
        return atol;
    }

    /** The relative tolerance. */
    public double relativeTolerance() {
        return rtol;
    }

    @Override
    public SolverStats integrate(VectorField field, INDArray state, TimeGrid grid, StepHandler handler) {
        Arrays2D.requireArguments(field, grid, handler);
        INDArray x = Arrays2D.workingCopy(state);
        int s = TABLEAU.stages();
        INDArray[] k = new INDArray[s];
        for (int i = 0; i < s; i++) {
            k[i] = x.ulike();
        }
        INDArray y = x.ulike();
        INDArray error = x.ulike();
        handler.init(grid.start(), x);
        double direction = Math.signum(grid.end() - grid.start());
        double t = grid.start();
        field.evaluate(t, x, k[0]);
        long evaluations = 1;
        double h = initialStep(field, x, k[0], t, direction, y, k[1]);
        evaluations++;
        long accepted = 0;
        long rejected = 0;
        int gridIndex = 0;
        boolean stopped = false;
        while (gridIndex < grid.steps() && !stopped) {
            double target = grid.time(gridIndex + 1);
            while ((target - t) * direction > 0) {
                if (accepted + rejected >= maxSteps) {
                    throw new IllegalStateException("dopri5 exceeded " + maxSteps + " steps at t=" + t
                            + "; loosen the tolerances or raise maxSteps");
                }
                boolean lands = (t + h - target) * direction >= 0;
                double step = lands ? target - t : h;
                if (Math.abs(step) < 1e-14 * Math.max(1.0, Math.abs(t))) {
                    throw new IllegalStateException("dopri5 step size underflow at t=" + t);
                }
                // stages 2..7 (k[0] holds f(t, x) from FSAL)
                for (int i = 1; i < s; i++) {
                    y.assign(x);
                    for (int j = 0; j < i; j++) {
                        Arrays2D.axpy(step * TABLEAU.a(i, j), k[j], y);
                    }
                    field.evaluate(t + TABLEAU.c(i) * step, y, k[i]);
                    evaluations++;
                }
                // y now holds the 5th-order solution (the last row of a equals b)
                error.assign(0);
                for (int i = 0; i < s; i++) {
                    Arrays2D.axpy(step * TABLEAU.errorWeight(i), k[i], error);
                }
                double norm = Arrays2D.scaledRmsNorm(error, x, y, atol, rtol);
                if (!Double.isFinite(norm) || !Arrays2D.allFinite(y)) {
                    if (!Arrays2D.allFinite(k[0])) {
                        throw Arrays2D.nonFinite(t);
                    }
                    rejected++;
                    h = step * MIN_FACTOR;
                    continue;
                }
                if (norm <= 1) {
                    accepted++;
                    t = lands ? target : t + step;
                    x.assign(y);
                    INDArray swap = k[0];
                    k[0] = k[s - 1];
                    k[s - 1] = swap;
                    double factor = norm == 0 ? MAX_FACTOR
                            : Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, SAFETY * Math.pow(norm, -0.2)));
                    // a step shortened to land on the grid says little about the next one
                    h = lands ? Math.max(Math.abs(h), Math.abs(step)) * direction : step * factor;
                } else {
                    rejected++;
                    h = step * Math.max(MIN_FACTOR, SAFETY * Math.pow(norm, -0.2));
                }
            }
            gridIndex++;
            if (handler.handleStep(gridIndex, t, x) == StepHandler.Action.STOP) {
                stopped = true;
            }
        }
        if (x != state) {
            state.assign(x);
        }
        return new SolverStats(evaluations, accepted, rejected, t);
    }

    /**
     * Hairer, Norsett and Wanner's starting step (Solving ODEs I, II.4), as scipy's
     * select_initial_step: one extra evaluation of the field.
     */
    private double initialStep(VectorField field, INDArray x0, INDArray f0, double t0, double direction,
            INDArray scratchY, INDArray scratchF) {
        INDArray zero = scratchF;
        zero.assign(0);
        double d0 = Arrays2D.scaledRmsNorm(x0, x0, zero, atol, rtol);
        double d1 = Arrays2D.scaledRmsNorm(f0, x0, zero, atol, rtol);
        double h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1;
        scratchY.assign(x0);
        Arrays2D.axpy(h0 * direction, f0, scratchY);
        field.evaluate(t0 + h0 * direction, scratchY, scratchF);
        Arrays2D.axpy(-1.0, f0, scratchF);
        double d2 = Arrays2D.scaledRmsNorm(scratchF, x0, x0, atol, rtol) / h0;
        double dMax = Math.max(d1, d2);
        double h1 = dMax <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / dMax, 1.0 / 5);
        return Math.min(100 * h0, h1) * direction;
    }

    /** {@code dopri5(atol=A, rtol=R)}, with {@code , max_steps=M} unless M is the default 100 000. */
    @Override
    public String description() {
        return "dopri5(atol=" + atol + ", rtol=" + rtol
                + (maxSteps == Solvers.DOPRI5_MAX_STEPS ? "" : ", max_steps=" + maxSteps) + ")";
    }

    @Override
    public String toString() {
        return description();
    }
}
