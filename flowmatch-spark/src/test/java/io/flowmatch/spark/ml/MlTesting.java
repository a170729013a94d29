package io.flowmatch.spark.ml;

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

/** A local Spark session for the Spark ML tests, and points as a DataFrame. */
final class MlTesting {

    private MlTesting() {
    }

    /** A quiet local session (no UI, loopback only). */
    static SparkSession start(String master) {
        return SparkSession.builder()
                .master(master)
                .appName("flowmatch-spark-ml-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    /**
     * The rows of {@code points} as double columns named {@code names}, in {@code partitions}
     * partitions, checkpointed locally (so that training rounds do not ship the rows with every task).
     */
    static Dataset<Row> points(SparkSession spark, INDArray points, int partitions, String... names) {
        int n = points.rows();
        int d = points.columns();
        double[][] values = points.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Object[] row = new Object[d];
            for (int j = 0; j < d; j++) {
                row[j] = values[i][j];
            }
            rows.add(RowFactory.create(row));
        }
        StructField[] fields = new StructField[d];
        for (int j = 0; j < d; j++) {
            fields[j] = DataTypes.createStructField(names[j], DataTypes.DoubleType, true);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(jsc.parallelize(rows, partitions), DataTypes.createStructType(fields))
                .localCheckpoint();
    }
}
