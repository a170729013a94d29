/**
 * Data-parallel flow matching on Apache Spark, for points that live in a Spark
 * {@code Dataset<Row>}.
 *
 * <p>Start from {@link io.flowmatch.spark.SparkFlowMatcher#builder()}, which takes the settings of
 * {@code FlowMatcher.builder()} under the same names and gives an ordinary {@code FlowModel}:
 * each worker runs local steps on its partition's cached {@link io.flowmatch.spark.FloatBlock}s
 * and the driver averages their states every {@code syncEvery} steps. The run's settings travel to
 * the executors as a {@link io.flowmatch.spark.WorkerRecipe}. {@link io.flowmatch.spark.SparkSampler}
 * draws samples of a model in parallel. With a label column ({@code data(points, "label")}) the
 * blocks carry each row's class and the workers train a class-conditional model as
 * {@code FlowMatcher} does; {@code SparkSampler} then samples a class with guidance.
 */
package io.flowmatch.spark;
