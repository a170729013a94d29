package io.flowmatch.spark.ml;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;

/**
 * Reads and writes the files a saved stage keeps beside Spark's metadata, through Hadoop's
 * {@link FileSystem}, so that a model saves wherever Spark saves (a local directory, HDFS, an
 * object store).
 */
final class HadoopFiles {

    /** The folder of a saved stage that holds its data, beside Spark's {@code metadata}. */
    static final String DATA = "data";

    private HadoopFiles() {
    }

    static void write(SparkContext sc, String dir, String name, byte[] bytes) {
        Path path = new Path(new Path(dir, DATA), name);
        try {
            FileSystem fs = path.getFileSystem(sc.hadoopConfiguration());
            try (OutputStream out = fs.create(path, true)) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    static byte[] read(SparkContext sc, String dir, String name) {
        Path path = new Path(new Path(dir, DATA), name);
        try {
            FileSystem fs = path.getFileSystem(sc.hadoopConfiguration());
            if (!fs.exists(path)) {
                throw new IllegalArgumentException(dir + " is not a saved flowmatch model: it has no " + DATA + "/" + name);
            }
            try (InputStream in = fs.open(path)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
