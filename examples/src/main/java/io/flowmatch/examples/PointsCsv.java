package io.flowmatch.examples;

import io.flowmatch.core.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Writes points as CSV with a header line {@code x0,x1,...}, atomically. */
final class PointsCsv {

    private PointsCsv() {
    }

    static void write(INDArray points, Path path) {
        if (points.rank() != 2) {
            throw new IllegalArgumentException("points must be [n, d], got rank " + points.rank());
        }
        float[][] rows = points.toFloatMatrix();
        int d = Math.toIntExact(points.columns());
        AtomicFiles.write(path, out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            for (int j = 0; j < d; j++) {
                w.write(j == 0 ? "x0" : ",x" + j);
            }
            w.newLine();
            for (float[] row : rows) {
                for (int j = 0; j < d; j++) {
                    if (j > 0) {
                        w.write(',');
                    }
                    w.write(Float.toString(row[j]));
                }
                w.newLine();
            }
            w.flush();
        });
    }
}
