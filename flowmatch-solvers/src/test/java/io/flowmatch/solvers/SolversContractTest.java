package io.flowmatch.solvers;

import org.junit.jupiter.api.Nested;

/** Every solver {@link Solvers} makes, held to {@link OdeSolverContractTest}. */
class SolversContractTest {

    /** The built-in solvers parse their descriptions back. */
    abstract static class BuiltIn extends OdeSolverContractTest {
        @Override
        protected OdeSolver parsed(String description) {
            return Solvers.parse(description);
        }
    }

    @Nested
    class Euler extends BuiltIn {
        @Override
        protected OdeSolver solver() {
            return Solvers.euler();
        }

        @Override
        protected int order() {
            return 1;
        }
    }

    @Nested
    class Midpoint extends BuiltIn {
        @Override
        protected OdeSolver solver() {
            return Solvers.midpoint();
        }

        @Override
        protected int order() {
            return 2;
        }
    }

    @Nested
    class Heun extends BuiltIn {
        @Override
        protected OdeSolver solver() {
            return Solvers.heun();
        }

        @Override
        protected int order() {
            return 2;
        }
    }

    @Nested
    class Rk4 extends BuiltIn {
        @Override
        protected OdeSolver solver() {
            return Solvers.rk4();
        }

        @Override
        protected int order() {
            return 4;
        }
    }

    @Nested
    class Dopri5 extends BuiltIn {
        @Override
        protected OdeSolver solver() {
            return Solvers.dopri5();
        }

        @Override
        protected int order() {
            return 5;
        }

        @Override
        protected double adaptiveErrorBound() {
            return 1e-3;
        }
    }

    @Nested
    class Dopri5Tight extends BuiltIn {
        @Override
        protected OdeSolver solver() {
            return Solvers.dopri5(1e-9, 1e-9);
        }

        @Override
        protected int order() {
            return 5;
        }

        @Override
        protected double adaptiveErrorBound() {
            return 1e-7;
        }
    }
}
