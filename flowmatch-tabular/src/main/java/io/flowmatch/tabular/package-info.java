/**
 * Tabular flows: synthetic rows and missing-value imputation for tables of numeric, integer,
 * binary and categorical columns ({@link io.flowmatch.datasets.Table}), optionally conditioned on
 * a label column with classifier-free guidance.
 *
 * <p>Start from {@link io.flowmatch.tabular.TabularFlowMatcher#builder()}; it trains on the
 * shared loop of {@code io.flowmatch.core.train} and returns a
 * {@link io.flowmatch.tabular.TabularModel} that samples, imputes, saves and loads. Every setting
 * lives in a {@link io.flowmatch.tabular.TabularRecipe}; the column encoding is a
 * {@link io.flowmatch.tabular.TableEncoder}. The metrics of the tabular generation literature
 * (W1, coverage, train-on-synthetic efficiency, distance to the closest record, validity) are in
 * {@code io.flowmatch.tabular.metrics}.
 */
package io.flowmatch.tabular;
