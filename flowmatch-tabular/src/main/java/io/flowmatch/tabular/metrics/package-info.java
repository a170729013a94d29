/**
 * The synthetic-table metrics of the tabular generation literature, as ForestFlow's benchmark
 * computes them: start from {@link io.flowmatch.tabular.metrics.TableMetrics#evaluate}, which
 * returns every score of a fake table against its training and held-out tables (W1, coverage,
 * train-on-synthetic efficiency, distance to the closest record, exact copies, validity) in the
 * {@link io.flowmatch.tabular.metrics.MetricSpace}; {@link io.flowmatch.tabular.metrics.Efficiency}
 * fits Tribuo's classifiers and regressors for the efficiency score.
 */
package io.flowmatch.tabular.metrics;
