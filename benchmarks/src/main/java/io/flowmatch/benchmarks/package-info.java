/**
 * JMH benchmarks of the hot paths: one training step
 * ({@link io.flowmatch.benchmarks.TrainStepBenchmark}), sampling
 * ({@link io.flowmatch.benchmarks.SampleBenchmark}) and the cost a coupling adds to a step
 * ({@link io.flowmatch.benchmarks.CouplingBenchmark}). Timing lives here and nowhere in the
 * library or its tests.
 */
package io.flowmatch.benchmarks;
