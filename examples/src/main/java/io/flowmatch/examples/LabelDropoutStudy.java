package io.flowmatch.examples;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.NativeThreads;
import io.flowmatch.core.metrics.SampleDistances;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.datasets.LabelledDataSource;
import io.flowmatch.solvers.Solvers;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The measurement behind the default label dropout: for the labelled eight Gaussians and the
 * labelled moons, label dropouts 0.1, 0.2 and 0.3 and seeds 0, 1, 2 (the default recipe
 * otherwise), the energy distance of 2000 unconditional samples to 2000 true points, and of
 * 1000 samples of each class at guidance 1 to 1000 true points of that class. Prints one CSV row
 * per run: {@code data,dropout,seed,unconditional,class_mean,class_worst}.
 *
 * <p>Run: {@code java -cp examples/target/flowmatch-examples.jar io.flowmatch.examples.LabelDropoutStudy}
 */
public final class LabelDropoutStudy {

    private static final int PER_CLASS = 1000;
    private static final double[] DROPOUTS = {0.1, 0.2, 0.3};

    private LabelDropoutStudy() {
    }

    public static void main(String[] args) {
        NativeThreads.limit(1);
        System.out.println("data,dropout,seed,unconditional,class_mean,class_worst");
        for (String name : new String[] {"8gaussians", "moons"}) {
            LabelledDataSource data = name.equals("moons") ? Datasets.labelledMoons(0.05)
                    : Datasets.labelledEightGaussians();
            INDArray[] truth = truePointsPerClass(data);
            INDArray all = data.sample(2 * PER_CLASS, 12_345L);
            for (double dropout : DROPOUTS) {
                for (long seed = 0; seed < 3; seed++) {
                    FlowModel model = FlowMatcher.builder().data(data).seed(seed).labelDropout(dropout)
                            .logEvery(100_000).train();
                    double unconditional = SampleDistances.energyDistance(
                            model.sample(2 * PER_CLASS, Solvers.midpoint(), 50, seed + 9), all);
                    double worst = 0;
                    double mean = 0;
                    for (int c = 0; c < data.classes(); c++) {
                        double e = SampleDistances.energyDistance(
                                model.sample(PER_CLASS, c, 1.0, Solvers.midpoint(), 50, seed + 100 + c), truth[c]);
                        worst = Math.max(worst, e);
                        mean += e / data.classes();
                    }
                    System.out.printf("%s,%.1f,%d,%.5f,%.5f,%.5f%n", name, dropout, seed, unconditional, mean, worst);
                }
            }
        }
    }

    /** {@value #PER_CLASS} true points of each class, drawn with a seed of their own. */
    private static INDArray[] truePointsPerClass(LabelledDataSource data) {
        int pool = 40 * PER_CLASS;
        int d = data.dimension();
        float[] points = new float[pool * d];
        int[] labels = new int[pool];
        data.sample(new SplittableRandom(99), points, labels, pool);
        INDArray[] truth = new INDArray[data.classes()];
        for (int c = 0; c < data.classes(); c++) {
            float[] rows = new float[PER_CLASS * d];
            int m = 0;
            for (int i = 0; i < pool && m < PER_CLASS; i++) {
                if (labels[i] == c) {
                    System.arraycopy(points, i * d, rows, m * d, d);
                    m++;
                }
            }
            if (m < PER_CLASS) {
                throw new IllegalStateException("class " + c + " has fewer than " + PER_CLASS + " of " + pool + " points");
            }
            truth[c] = Nd4j.createFromArray(rows).reshape(PER_CLASS, d);
        }
        return truth;
    }
}
