package io.flowmatch.spark;

import io.flowmatch.datasets.DataSource;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One partition's cached points as a {@link DataSource}, sampled uniformly with replacement
 * without copying the blocks. The draws are those of
 * {@link io.flowmatch.datasets.PointSet}: point {@code rng.nextInt(size())} for each sampled
 * point, in order, so a single partition trains bit-identically to
 * {@code Datasets.of(the same rows)} on one machine.
 */
final class PartitionPoints implements DataSource {

    private final float[][] blocks;
    private final int size;
    private final int dimension;
    private final String description;

    /**
     * @param blocks the partition's blocks, in order; all but the last full
     * @throws IllegalArgumentException if there are none, or they are inconsistent
     */
    PartitionPoints(List<FloatBlock> blocks, int partition) {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("partition " + partition + " has no points");
        }
        int d = blocks.get(0).dimension();
        long total = 0;
        this.blocks = new float[blocks.size()][];
        for (int b = 0; b < blocks.size(); b++) {
            FloatBlock block = blocks.get(b);
            if (block.dimension() != d || (b < blocks.size() - 1 && block.rows() != FloatBlock.ROWS)) {
                throw new IllegalArgumentException("partition " + partition + " has inconsistent blocks");
            }
            this.blocks[b] = block.values();
            total += block.rows();
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("partition " + partition + " has " + total
                    + " points, more than one worker can index (2^31 - 1); use more partitions");
        }
        this.size = (int) total;
        this.dimension = d;
        this.description = "spark-partition(" + partition + ", " + size + "x" + d + ")";
    }

    /** The number of points. */
    int size() {
        return size;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public void sample(RandomGenerator rng, float[] out, int n) {
        checkSampleArguments(rng, out, n);
        final int d = dimension;
        final int mask = FloatBlock.ROWS - 1;
        for (int i = 0, at = 0; i < n; i++, at += d) {
            int k = rng.nextInt(size);
            System.arraycopy(blocks[k >>> FloatBlock.ROWS_SHIFT], (k & mask) * d, out, at, d);
        }
    }

    /** The checks of {@link #sample}: a generator, and room in {@code out} for n &gt;= 0 points. */
    void checkSampleArguments(RandomGenerator rng, float[] out, int n) {
        if (rng == null || out == null) {
            throw new IllegalArgumentException("rng and out must not be null");
        }
        if (n < 0 || out.length < (long) n * dimension) {
            throw new IllegalArgumentException("cannot write " + n + " points of dimension " + dimension
                    + " into " + out.length + " values");
        }
    }

    /** Copies point {@code k} to {@code out} at {@code at}. */
    void copy(int k, float[] out, int at) {
        System.arraycopy(blocks[k >>> FloatBlock.ROWS_SHIFT], (k & (FloatBlock.ROWS - 1)) * dimension, out, at, dimension);
    }

    @Override
    public String description() {
        return description;
    }
}
