package io.flowmatch.image;

import io.flowmatch.solvers.OdeSolver;
import io.flowmatch.solvers.Solvers;
import io.flowmatch.solvers.StepHandler;
import io.flowmatch.solvers.TimeGrid;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trained class-conditional image flow: draws images of chosen classes by integrating the
 * classifier-free-guided field ({@link GuidedField}) from standard normal noise at t = 0 to t = 1.
 * Images come back flattened, {@code [n, height * width]}, pixels near [-1, 1].
 */
public final class ImageFlowModel {

    private static final Logger LOG = LoggerFactory.getLogger(ImageFlowModel.class);

    /** Points integrated together; larger requests are split into chunks of this many. */
    static final int CHUNK = 100;

    private final UNetVelocityModel model;
    private final UNetArchitecture architecture;

    /** Wraps a trained model. */
    public ImageFlowModel(UNetVelocityModel model, UNetArchitecture architecture) {
        this.model = model;
        this.architecture = architecture;
    }

    /** The velocity network. */
    public UNetVelocityModel velocityModel() {
        return model;
    }

    /** The network's shape (image size and number of classes). */
    public UNetArchitecture architecture() {
        return architecture;
    }

    /**
     * Samples one image per label with Euler steps, as the article does.
     *
     * @param labels   the class of each image, each in [0, classes)
     * @param guidance the guidance scale w (0 unconditional, 1 conditional, &gt; 1 stronger)
     * @param steps    Euler steps from t = 0 to 1, at least 1
     * @param seed     the seed of the starting noise
     */
    public INDArray sample(int[] labels, double guidance, int steps, long seed) {
        return sample(labels, guidance, Solvers.euler(), steps, seed, null);
    }

    /**
     * Samples one image per label with the given solver, logging progress every tenth of the
     * steps; if {@code frames} is not null, the state after every step (all images, a copy) is
     * added to it, the starting noise first.
     */
    public INDArray sample(int[] labels, double guidance, OdeSolver solver, int steps, long seed,
            List<INDArray> frames) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be positive, got " + steps);
        }
        int n = labels.length;
        int d = architecture.dimension();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] noise = new float[n * d];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) ImageFlowMatcher.gaussian(rng);
        }
        INDArray x = Nd4j.create(noise, new long[] {n, d}, 'c').castTo(model.dataType());
        List<List<INDArray>> chunkFrames = new ArrayList<>();
        long start = System.nanoTime();
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            int[] chunkLabels = java.util.Arrays.copyOfRange(labels, from, to);
            INDArray state = x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup('c');
            List<INDArray> mine = new ArrayList<>();
            int chunkFrom = from;
            solver.integrate(new GuidedField(model, chunkLabels, guidance), state, TimeGrid.uniform(0, 1, steps),
                    new StepHandler() {
                        @Override
                        public void init(double t0, INDArray s) {
                            if (frames != null) {
                                mine.add(s.dup('c'));
                            }
                        }

                        @Override
                        public Action handleStep(int step, double t, INDArray s) {
                            if (frames != null) {
                                mine.add(s.dup('c'));
                            }
                            if (step % Math.max(1, steps / 10) == 0 || step == steps) {
                                LOG.info("sampling images {}-{} of {}: step {}/{} (t = {}), {} s", chunkFrom + 1, to,
                                        n, step, steps, String.format("%.2f", t),
                                        String.format("%.1f", (System.nanoTime() - start) / 1e9));
                            }
                            return Action.CONTINUE;
                        }
                    });
            x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).assign(state);
            chunkFrames.add(mine);
        }
        if (frames != null) {
            for (int k = 0; k <= steps; k++) {
                List<INDArray> parts = new ArrayList<>();
                for (List<INDArray> c : chunkFrames) {
                    parts.add(c.get(k));
                }
                frames.add(parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(new INDArray[0])));
            }
        }
        return x.castTo(DataType.FLOAT);
    }

    /**
     * Labels for a grid with one row per class and {@code perClass} columns: row-major, class c
     * for cells {@code c * perClass .. (c + 1) * perClass - 1}.
     */
    public int[] gridLabels(int perClass) {
        if (perClass < 1) {
            throw new IllegalArgumentException("samples per class must be positive, got " + perClass);
        }
        int[] labels = new int[architecture.classes() * perClass];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i / perClass;
        }
        return labels;
    }
}
