package io.flowmatch.core.path;

import io.flowmatch.core.path.scheduler.Scheduler;

/**
 * The affine path x_t = alpha(t) x1 + sigma(t) x0 whose coefficients come from a
 * {@link Scheduler}. Made by {@link Paths#affine(Scheduler)}.
 */
public final class ScheduledPath extends AffinePath {

    private final Scheduler scheduler;

    ScheduledPath(Scheduler scheduler) {
        if (scheduler == null) {
            throw new IllegalArgumentException("scheduler must not be null");
        }
        this.scheduler = scheduler;
    }

    /** The scheduler. */
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public double alpha(double t) {
        return scheduler.alpha(t);
    }

    @Override
    public double sigma(double t) {
        return scheduler.sigma(t);
    }

    @Override
    public double alphaDerivative(double t) {
        return scheduler.alphaDerivative(t);
    }

    @Override
    public double sigmaDerivative(double t) {
        return scheduler.sigmaDerivative(t);
    }

    @Override
    public double timeOfSnr(double snr) {
        return scheduler.timeOfSnr(snr);
    }

    @Override
    public Scheduler asScheduler() {
        return scheduler;
    }

    @Override
    public String description() {
        return scheduler.description();
    }
}
