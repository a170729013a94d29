package io.flowmatch.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A local Spark session for tests, and points as a Dataset. */
final class SparkTesting {

    private SparkTesting() {
    }

    /** A quiet local session (no UI, loopback only). */
    static SparkSession start(String master) {
        return SparkSession.builder()
                .master(master)
                .appName("flowmatch-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    /**
     * The rows of {@code points} ([n, d] float) as double columns c0..c{d-1} in {@code partitions}
     * contiguous partitions, in order. Checkpointed locally: a Dataset made from a driver-side
     * list otherwise carries its rows in its partitions, and ships them with every task of every
     * training round (400 ms a round for 100,000 points, against 35 ms from Parquet).
     */
    static Dataset<Row> dataset(SparkSession spark, INDArray points, int partitions) {
        int n = (int) points.rows();
        int d = (int) points.columns();
        float[] values = points.dup('c').reshape((long) n * d).toFloatVector();
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Object[] row = new Object[d];
            for (int j = 0; j < d; j++) {
                row[j] = (double) values[i * d + j];
            }
            rows.add(RowFactory.create(row));
        }
        StructField[] fields = new StructField[d];
        for (int j = 0; j < d; j++) {
            fields[j] = DataTypes.createStructField("c" + j, DataTypes.DoubleType, true);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(jsc.parallelize(rows, partitions), DataTypes.createStructType(fields))
                .localCheckpoint();
    }

    /** A Dataset's rows as an [n, d] float array, in order. */
    static INDArray toArray(Dataset<Row> data) {
        List<Row> rows = data.collectAsList();
        int d = data.schema().size();
        float[] values = new float[rows.size() * d];
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < d; j++) {
                values[i * d + j] = ((Number) rows.get(i).get(j)).floatValue();
            }
        }
        return org.nd4j.linalg.factory.Nd4j.create(values, new long[] {rows.size(), d},
                org.nd4j.linalg.api.buffer.DataType.FLOAT);
    }
}
