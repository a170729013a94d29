package io.flowmatch.core.path;

import org.junit.jupiter.api.Nested;

/** Every path {@link Paths} makes, held to {@link ProbabilityPathContractTest}. */
class PathsContractTest {

    /** The built-in paths parse their descriptions back. */
    abstract static class BuiltIn extends ProbabilityPathContractTest {
        @Override
        protected ProbabilityPath parsed(String description) {
            return Paths.parse(description);
        }
    }

    @Nested
    class CondOt extends BuiltIn {
        @Override
        protected ProbabilityPath path() {
            return Paths.condOt();
        }
    }

    @Nested
    class Gaussian extends BuiltIn {
        @Override
        protected ProbabilityPath path() {
            return Paths.gaussian(0.05);
        }

        /** Ends at N(x1, sigma_min^2 I): x_1 = x1 + sigma_min x0. */
        @Override
        protected double endpointTolerance() {
            return 0.05;
        }
    }

    @Nested
    class Cosine extends BuiltIn {
        @Override
        protected ProbabilityPath path() {
            return Paths.cosine();
        }
    }

    @Nested
    class Polynomial extends BuiltIn {
        @Override
        protected ProbabilityPath path() {
            return Paths.polynomial(2);
        }
    }

    @Nested
    class VariancePreserving extends BuiltIn {
        @Override
        protected ProbabilityPath path() {
            return Paths.variancePreserving(0.1, 20);
        }

        /** alpha(0) = exp(-(beta_min + beta_max) / 4), about 0.0066: x_0 is x0 plus that much of x1. */
        @Override
        protected double endpointTolerance() {
            return 0.01;
        }
    }

    @Nested
    class Affine extends BuiltIn {
        @Override
        protected ProbabilityPath path() {
            return Paths.affine(io.flowmatch.core.path.scheduler.Schedulers.polynomial(0.5));
        }
    }

    @Nested
    class SchrodingerBridge extends BuiltIn {
        @Override
        protected ProbabilityPath path() {
            return Paths.schrodingerBridge(0.5);
        }

        @Override
        protected boolean drawsNoise() {
            return true;
        }
    }
}
