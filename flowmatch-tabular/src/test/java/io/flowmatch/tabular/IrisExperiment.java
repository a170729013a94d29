package io.flowmatch.tabular;

import io.flowmatch.core.model.Activation;
import io.flowmatch.datasets.Table;
import io.flowmatch.datasets.Tables;
import java.nio.file.Path;

/** Scratch: trains on the Iris split and writes train/test/fake CSVs for the Python judge. */
public final class IrisExperiment {
    public static void main(String[] args) {
        Path out = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        int its = Integer.parseInt(args[2]);
        String hidden = args[3];
        String act = args[4];
        double lr = Double.parseDouble(args[5]);
        String cond = args.length > 6 ? args[6] : "";
        Tables.Split s = Iris.split();
        Tables.writeCsv(s.train(), out.resolve("train.csv"));
        Tables.writeCsv(s.test(), out.resolve("test.csv"));
        String[] hs = hidden.split(",");
        int[] h = new int[hs.length];
        for (int i = 0; i < h.length; i++) {
            h[i] = hidden.equals("default") ? 1 : Integer.parseInt(hs[i]);
        }
        var b = TabularFlowMatcher.builder().data(s.train()).iterations(its).seed(seed);
        if (!hidden.equals("default")) {
            b.hidden(h).activation(Activation.parse(act)).learningRate(lr);
        }
        if (System.getProperty("batch") != null) {
            b.batchSize(Integer.getInteger("batch"));
        }
        if (System.getProperty("ema") != null) {
            b.ema(Double.parseDouble(System.getProperty("ema")));
        }
        if (System.getProperty("schedule") != null) {
            b.schedule(io.flowmatch.core.train.LearningRateSchedules.parse(System.getProperty("schedule")));
        }
        if (System.getProperty("time") != null) {
            b.timeSampler(io.flowmatch.core.time.TimeSamplers.parse(System.getProperty("time")));
        }
        if (System.getProperty("dropout") != null) {
            b.labelDropout(Double.parseDouble(System.getProperty("dropout")));
        }
        if (!cond.isEmpty()) {
            b.condition(cond);
        }
        long t0 = System.nanoTime();
        TabularModel m = b.train();
        long t1 = System.nanoTime();
        System.out.printf("train %.1fs%n", (t1 - t0) / 1e9);
        for (String spec : System.getProperty("samplers", "euler:50").split(";")) {
            String[] p = spec.split(":");
            TabularModel ms = m.withSampler(io.flowmatch.solvers.Solvers.parse(p[0]), Integer.parseInt(p[1]));
            Table fake = ms.sample(s.train().rowCount(), seed + 100);
            Tables.writeCsv(fake, out.resolve("fake-" + seed + "-" + p[0] + p[1] + ".csv"));
        }
    }
}
