package io.flowmatch.spark;

import io.flowmatch.datasets.LabelledDataSource;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One partition's cached labelled points as a {@link LabelledDataSource}: a point and its label
 * drawn together, uniformly with replacement, without copying the blocks. The draws are those
 * of {@link io.flowmatch.datasets.LabelledPointSet}, one {@code rng.nextInt(size())} per point,
 * so a single partition trains bit-identically to {@code Datasets.labelled(the same rows, their
 * labels)} on one machine; a partition need not hold every class.
 */
final class LabelledPartitionPoints implements LabelledDataSource {

    private final PartitionPoints points;
    private final int[][] labels;
    private final int classes;

    /**
     * @param blocks  the partition's blocks, in order, each with labels
     * @param classes the number of classes of the whole data set
     */
    LabelledPartitionPoints(List<FloatBlock> blocks, int partition, int classes) {
        this.points = new PartitionPoints(blocks, partition);
        this.labels = new int[blocks.size()][];
        for (int b = 0; b < blocks.size(); b++) {
            int[] l = blocks.get(b).labels();
            if (l == null) {
                throw new IllegalArgumentException("partition " + partition + " has a block without labels");
            }
            this.labels[b] = l;
        }
        this.classes = classes;
    }

    /** The number of points. */
    int size() {
        return points.size();
    }

    @Override
    public int dimension() {
        return points.dimension();
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public void sample(RandomGenerator rng, float[] out, int n) {
        points.sample(rng, out, n);
    }

    @Override
    public void sample(RandomGenerator rng, float[] out, int[] labelsOut, int n) {
        points.checkSampleArguments(rng, out, n);
        if (labelsOut == null || labelsOut.length < n) {
            throw new IllegalArgumentException("cannot write " + n + " labels into "
                    + (labelsOut == null ? "null" : labelsOut.length + " values"));
        }
        int d = points.dimension();
        int size = points.size();
        int mask = FloatBlock.ROWS - 1;
        for (int i = 0, at = 0; i < n; i++, at += d) {
            int k = rng.nextInt(size);
            points.copy(k, out, at);
            labelsOut[i] = labels[k >>> FloatBlock.ROWS_SHIFT][k & mask];
        }
    }

    @Override
    public String description() {
        return "labelled(" + points.description() + ", " + classes + " classes)";
    }
}
