/**
 * A Spark application end to end, to copy from: {@link io.flowmatch.spark.example.SparkFlowMatchExample}
 * reads points from CSV, trains data-parallel, saves the model, samples in parallel and writes
 * the samples.
 */
package io.flowmatch.spark.example;
