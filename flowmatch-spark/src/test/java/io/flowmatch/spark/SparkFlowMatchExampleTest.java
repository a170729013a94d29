package io.flowmatch.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmatch.core.FlowModel;
import io.flowmatch.core.metrics.SampleDistances;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.spark.example.SparkFlowMatchExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The example as a separate Spark application would run: it reads a CSV with spark.read(),
 * trains, saves the model and writes samples.
 */
class SparkFlowMatchExampleTest {

    @Test
    void readsACsvTrainsSavesAndWritesSamples(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("points.csv");
        INDArray points = Datasets.moons(0.05).sample(5_000, 3L);
        StringBuilder text = new StringBuilder("a,b\n");
        for (int i = 0; i < points.rows(); i++) {
            text.append(points.getFloat(i, 0)).append(',').append(points.getFloat(i, 1)).append('\n');
        }
        Files.writeString(csv, text);
        Path out = dir.resolve("out");

        SparkFlowMatchExample.main(new String[] {"--master", "local[2]", "--data", csv.toString(), "--iterations",
            "1500", "--partitions", "2", "--samples", "3000", "--out", out.toString()});

        FlowModel model = FlowModel.load(out.resolve("model.flow"));
        assertThat(model.provenance()).containsEntry("workers", "2").containsEntry("steps_done", "1500");
        INDArray samples = readSamples(out.resolve("samples"));
        assertThat(samples.rows()).isEqualTo(3_000);
        double distance = SampleDistances.energyDistance(samples, Datasets.moons(0.05).sample(3_000, 4L));
        assertThat(distance).as("energy distance of the written samples to the data").isLessThan(0.02);
    }

    private static INDArray readSamples(Path folder) throws IOException {
        List<float[]> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path part : files.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList()) {
                List<String> lines = Files.readAllLines(part);
                assertThat(lines.get(0)).isEqualTo("x0,x1");
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.split(",");
                    rows.add(new float[] {Float.parseFloat(f[0]), Float.parseFloat(f[1])});
                }
            }
        }
        return Nd4j.create(rows.toArray(new float[0][])).castTo(DataType.FLOAT);
    }
}
