/**
 * flowmatch as Spark ML stages: Estimators whose {@code fit} gives Models that transform
 * DataFrames, sit in a {@link org.apache.spark.ml.Pipeline} and save with
 * {@code write().save(path)}.
 *
 * <ul>
 * <li>{@link io.flowmatch.spark.ml.FlowMatching} / {@link io.flowmatch.spark.ml.FlowMatchingModel}:
 * a continuous flow on numeric columns or a Vector column, trained data-parallel on the cluster;
 * the model adds each row's log-density (anomaly scoring) and samples new rows; with a label column
 * ({@code setLabelCol}) it is class-conditional: it samples a class with guidance and scores
 * log p(x | label).</li>
 * <li>{@link io.flowmatch.spark.ml.TabularFlowMatching} /
 * {@link io.flowmatch.spark.ml.TabularFlowMatchingModel}: the tabular flow on a DataFrame of
 * numeric, integer, boolean and string columns; the model fills missing cells and samples rows
 * with the input's schema, conditioned on a column or not. {@link io.flowmatch.spark.ml.SparkTables}
 * converts between DataFrames and {@code Table}s.</li>
 * </ul>
 *
 * <p>Every recipe setting is a Param ({@link io.flowmatch.spark.ml.TrainingParams},
 * {@link io.flowmatch.spark.ml.FlowMatchingParams}, {@link io.flowmatch.spark.ml.TabularFlowMatchingParams})
 * that stands for one key of the recipe's text form, checked by the recipe's own parser.
 */
package io.flowmatch.spark.ml;
