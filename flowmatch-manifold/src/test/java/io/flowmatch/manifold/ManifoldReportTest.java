package io.flowmatch.manifold;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The measurements behind the README's numbers, minutes long, run only with {@code -Preport}:
 * Riemannian flows beside Euclidean ones, solvers on a trained model, and times. Nothing here is
 * asserted; the default suite asserts the quality thresholds.
 */
@Tag("report")
class ManifoldReportTest {

    private static final Logger LOG = LoggerFactory.getLogger(ManifoldReportTest.class);
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private static double cpuSeconds(long startNanos) {
        return (CPU.getCurrentThreadCpuTime() - startNanos) / 1e9;
    }

    @Test
    void sphere() {
        Sphere s2 = SphereFlowTest.S2;
        int n = 10_000;
        INDArray fresh = SphereFlowTest.DATA.sample(n, 100L);
        double floor = ManifoldMetrics.energyDistance(s2, fresh, SphereFlowTest.DATA.sample(n, 200L),
                ManifoldMetrics.Distance.CHORDAL);
        long cpu = CPU.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        RiemannianFlowModel model = RiemannianFlowMatcher.builder().manifold(s2).data(SphereFlowTest.DATA)
                .iterations(5_000).seed(1L).logEvery(5_000).train();
        LOG.info("REPORT sphere: trained 5000 steps in {} s wall, {} s CPU", String.format("%.1f", (System.nanoTime() - wall) / 1e9),
                String.format("%.1f", cpuSeconds(cpu)));
        INDArray reference = model.sample(n, ManifoldSolvers.parse("rk4/projected"), 200, 7L);
        for (String name : new String[] {"euler/geodesic", "euler/projected", "midpoint/geodesic", "midpoint/projected",
                "rk4/geodesic", "rk4/projected"}) {
            ManifoldSolver solver = ManifoldSolvers.parse(name);
            for (int steps : new int[] {5, 10, 20, 50}) {
                cpu = CPU.getCurrentThreadCpuTime();
                INDArray x = model.sample(n, solver, steps, 7L);
                double seconds = cpuSeconds(cpu);
                double energy = ManifoldMetrics.energyDistance(s2, x, fresh, ManifoldMetrics.Distance.CHORDAL);
                double[] d = s2.distance(x, reference);
                double mean = java.util.Arrays.stream(d).average().orElse(Double.NaN);
                double[] f = SphereFlowTest.flat(x);
                double off = 0;
                for (int i = 0; i < n; i++) {
                    off = Math.max(off, Math.abs(Math.sqrt(f[3 * i] * f[3 * i] + f[3 * i + 1] * f[3 * i + 1]
                            + f[3 * i + 2] * f[3 * i + 2]) - 1));
                }
                LOG.info("REPORT sphere solver {} steps {} ({} evaluations): energy {}x floor, mean distance to the "
                        + "rk4/200 end point {} rad, max | |x| - 1 | {}, {} s CPU for 10k", name, steps,
                        steps * solver.stages(), String.format("%.2f", energy / floor), String.format("%.2e", mean),
                        String.format("%.1e", off), String.format("%.2f", seconds));
            }
        }
        INDArray nodes = LikelihoodTest.fibonacciSphere(10_000);
        cpu = CPU.getCurrentThreadCpuTime();
        double integral = LikelihoodTest.integral(model, nodes, RiemannianFlowModel.DEFAULT_STEPS);
        LOG.info("REPORT sphere likelihood: integral over S^2 {} (10k Fibonacci nodes, default solver, {} steps), {} s CPU",
                String.format("%.4f", integral), RiemannianFlowModel.DEFAULT_STEPS, String.format("%.1f", cpuSeconds(cpu)));

        // a Euclidean flow on the same data (as points of R^3), its samples projected onto the sphere afterwards
        FlowModel euclidean = FlowMatcher.builder().data(Datasets.of(SphereFlowTest.DATA.sample(20_000, 9L)))
                .iterations(5_000).seed(1L).logEvery(5_000).train();
        INDArray raw = euclidean.sample(n, Solvers.midpoint(), 20, 7L);
        double[] r = SphereFlowTest.flat(raw);
        double meanOff = 0;
        for (int i = 0; i < n; i++) {
            meanOff += Math.abs(Math.sqrt(r[3 * i] * r[3 * i] + r[3 * i + 1] * r[3 * i + 1] + r[3 * i + 2] * r[3 * i + 2])
                    - 1) / n;
        }
        s2.projectPoints(r, r, n);
        INDArray projected = RiemannianFlowModel.toFloat(s2, r, n);
        double eEuclid = ManifoldMetrics.energyDistance(s2, projected, fresh, ManifoldMetrics.Distance.CHORDAL);
        double eModel = ManifoldMetrics.energyDistance(s2, model.sample(n, 20, 7L), fresh, ManifoldMetrics.Distance.CHORDAL);
        LOG.info("REPORT sphere Euclidean flow (5000 steps, Gaussian source) projected: energy {}x floor (Riemannian {}x); "
                + "before projection its samples were off the sphere by {} on average; clusters {} (Riemannian {})",
                String.format("%.2f", eEuclid / floor), String.format("%.2f", eModel / floor), String.format("%.3f", meanOff),
                java.util.Arrays.toString(SphereFlowTest.clusterCounts(projected)),
                java.util.Arrays.toString(SphereFlowTest.clusterCounts(model.sample(n, 20, 7L))));
        for (long seed = 2; seed <= 4; seed++) {
            RiemannianFlowModel other = RiemannianFlowMatcher.builder().manifold(s2).data(SphereFlowTest.DATA)
                    .iterations(5_000).seed(seed).logEvery(5_000).train();
            double e = ManifoldMetrics.energyDistance(s2, other.sample(n, 20, 7L), fresh, ManifoldMetrics.Distance.CHORDAL);
            LOG.info("REPORT sphere seed {}: energy {}x floor", seed, String.format("%.2f", e / floor));
        }
    }

    @Test
    void torus() {
        FlatTorus t2 = TorusFlowTest.T2;
        int n = 10_000;
        INDArray fresh = TorusFlowTest.DATA.sample(n, 100L);
        double floor = ManifoldMetrics.energyDistance(t2, fresh, TorusFlowTest.DATA.sample(n, 200L),
                ManifoldMetrics.Distance.GEODESIC);
        LOG.info("REPORT torus data: within 0.1 of the seam {}", String.format("%.4f", TorusFlowTest.seamFraction(fresh, 0.1)));
        for (Features features : Features.values()) {
            for (long seed = 1; seed <= 3; seed++) {
                long cpu = CPU.getCurrentThreadCpuTime();
                RiemannianFlowModel model = RiemannianFlowMatcher.builder().manifold(t2).data(TorusFlowTest.DATA)
                        .features(features).iterations(TorusFlowTest.ITERATIONS).seed(seed).logEvery(5_000).train();
                double train = cpuSeconds(cpu);
                INDArray x = model.sample(n, 20, 7L);
                double e = ManifoldMetrics.energyDistance(t2, x, fresh, ManifoldMetrics.Distance.GEODESIC);
                String integral = "";
                if (seed == 1) {
                    INDArray grid = LikelihoodTest.torusGrid(64);
                    integral = String.format(", density integral %.4f", LikelihoodTest.integral(model, grid, 25));
                }
                LOG.info("REPORT torus {} features seed {}: energy {}x floor, within 0.1 of the seam {}, trained in {} s CPU{}",
                        features.label(), seed, String.format("%.2f", e / floor),
                        String.format("%.4f", TorusFlowTest.seamFraction(x, 0.1)), String.format("%.1f", train), integral);
            }
        }
    }
}
