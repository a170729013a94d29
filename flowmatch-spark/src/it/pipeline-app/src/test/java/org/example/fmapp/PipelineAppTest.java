package org.example.fmapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowmatch.datasets.Datasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The done-when of the Spark ML API, run as an outside application on local[2]: the Pipeline
 * fits on a CSV, round-trips through PipelineModel save/load, scores in-distribution rows above
 * rows moved 5 standard deviations away for at least 99% of pairs, and samples 100,000 rows
 * whose W2 to the data is within 1.3 times the single-machine FlowMatcher's at the same budget.
 */
class PipelineAppTest {

    @Test
    void pipelineFitsOnACsvScoresAndSamplesAsWellAsOneMachine() throws IOException {
        Path dir = Path.of("target", "app-run").toAbsolutePath();
        Files.createDirectories(dir);
        Path train = writeCsv(dir.resolve("train.csv"), Datasets.moons(0.05).sample(20_000, 11L));
        Path heldOut = writeCsv(dir.resolve("held-out.csv"), Datasets.moons(0.05).sample(6_000, 12L));
        SparkSession spark = SparkSession.builder().master("local[2]").appName("pipeline-app-it")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
        PipelineApp.Result result;
        try {
            long iterations = Long.parseLong(System.getProperty("app.iterations", "2000"));
            result = PipelineApp.run(spark, train.toString(), heldOut.toString(), dir.resolve("model").toString(),
                    iterations);
        } finally {
            spark.stop();
        }
        String line = "pipeline-app: " + result;
        System.out.println(line);
        Files.writeString(dir.resolve("result.txt"), line + System.lineSeparator());
        assertEquals(100_000L, result.sampled());
        assertEquals(6_000L, result.scoredPairs());
        assertTrue(result.fractionHigher() >= 0.99, line);
        assertTrue(result.ratio() <= 1.3, line);
    }

    private static Path writeCsv(Path path, INDArray points) throws IOException {
        float[][] rows = points.toFloatMatrix();
        List<String> lines = new ArrayList<>(rows.length + 1);
        lines.add("x,y");
        for (float[] r : rows) {
            lines.add(String.format(Locale.ROOT, "%s,%s", r[0], r[1]));
        }
        return Files.write(path, lines);
    }
}
