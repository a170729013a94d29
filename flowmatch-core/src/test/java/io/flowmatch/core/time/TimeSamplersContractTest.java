package io.flowmatch.core.time;

import org.junit.jupiter.api.Nested;

/** Every sampler {@link TimeSamplers} makes, held to {@link TimeSamplerContractTest}. */
class TimeSamplersContractTest {

    /** The built-in samplers parse their descriptions back. */
    abstract static class BuiltIn extends TimeSamplerContractTest {
        @Override
        protected TimeSampler parsed(String description) {
            return TimeSamplers.parse(description);
        }
    }

    @Nested
    class Uniform extends BuiltIn {
        @Override
        protected TimeSampler sampler() {
            return TimeSamplers.uniform();
        }

        @Override
        protected double cdf(double x) {
            return Math.min(1, Math.max(0, x));
        }
    }

    /** P(t &lt;= x) = Phi((logit(x) - m) / s). */
    abstract class LogitNormal extends BuiltIn {
        abstract double mean();

        abstract double std();

        @Override
        protected TimeSampler sampler() {
            return TimeSamplers.logitNormal(mean(), std());
        }

        @Override
        protected double cdf(double x) {
            if (x <= 0) {
                return 0;
            }
            if (x >= 1) {
                return 1;
            }
            return normalCdf((Math.log(x / (1 - x)) - mean()) / std());
        }
    }

    @Nested
    class StandardLogitNormal extends LogitNormal {
        @Override
        double mean() {
            return 0;
        }

        @Override
        double std() {
            return 1;
        }
    }

    @Nested
    class ShiftedLogitNormal extends LogitNormal {
        @Override
        double mean() {
            return 0.5;
        }

        @Override
        double std() {
            return 1.2;
        }
    }

    /** P(t &lt;= x) = warp^-1(x): the warp is increasing, so t &lt;= x exactly when u &lt;= warp^-1(x). */
    abstract class Warp extends BuiltIn {
        abstract double slope();

        @Override
        protected TimeSampler sampler() {
            return TimeSamplers.warp(slope());
        }

        @Override
        protected double cdf(double x) {
            double lo = 0;
            double hi = 1;
            for (int i = 0; i < 60; i++) {
                double mid = (lo + hi) / 2;
                if (TimeSamplers.warp(mid, slope()) <= x) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    @Nested
    class WarpTowardsTheMiddle extends Warp {
        @Override
        double slope() {
            return 0.5;
        }
    }

    @Nested
    class WarpTowardsTheEnds extends Warp {
        @Override
        double slope() {
            return 1.3;
        }
    }
}
