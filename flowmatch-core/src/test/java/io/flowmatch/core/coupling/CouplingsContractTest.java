package io.flowmatch.core.coupling;

import org.junit.jupiter.api.Nested;

/** Every coupling {@link Couplings} makes, held to {@link CouplingContractTest}. */
class CouplingsContractTest {

    /** The built-in couplings parse their descriptions back. */
    abstract static class BuiltIn extends CouplingContractTest {
        @Override
        protected Coupling parsed(String description) {
            return Couplings.parse(description);
        }
    }

    @Nested
    class Independent extends BuiltIn {
        @Override
        protected Coupling coupling() {
            return Couplings.independent();
        }

        @Override
        protected boolean keepsOrder() {
            return true;
        }
    }

    @Nested
    class ExactOt extends BuiltIn {
        @Override
        protected Coupling coupling() {
            return Couplings.exactOt();
        }
    }

    @Nested
    class EntropicOt extends BuiltIn {
        @Override
        protected Coupling coupling() {
            return Couplings.sinkhorn(0.5);
        }

        /** Pairs are drawn from the plan with replacement. */
        @Override
        protected boolean permutes() {
            return false;
        }
    }

    @Nested
    class EntropicOtWithAnIterationCap extends BuiltIn {
        @Override
        protected Coupling coupling() {
            return Couplings.sinkhorn(0.05, 200);
        }

        @Override
        protected boolean permutes() {
            return false;
        }
    }
}
