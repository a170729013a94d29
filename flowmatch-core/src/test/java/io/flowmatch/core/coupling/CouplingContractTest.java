package io.flowmatch.core.coupling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Coupling}: extend this class, give the coupling, and it is held to the
 * checks every coupling must pass.
 *
 * <ul>
 *   <li>every row of x0 afterwards is a row of x0 before, and every row of x1 a row of x1 (a
 *       coupling pairs points, it never mixes, moves or invents them); a coupling that
 *       {@link #permutes()} keeps each side's multiset of rows exactly;</li>
 *   <li>a coupling that {@link #keepsOrder()} (the independent one) changes nothing;</li>
 *   <li>the same batch and generator state give bit-identical pairs;</li>
 *   <li>a batch of one row is left as it is;</li>
 *   <li>its description is not blank and, for a built-in coupling, parses back.</li>
 * </ul>
 *
 * <p>In the test-jar of flowmatch-core, so that couplings in other modules can extend it.
 */
public abstract class CouplingContractTest {

    /** The coupling under test. */
    protected abstract Coupling coupling();

    /**
     * Whether the coupling only reorders rows (then each side keeps its multiset of rows), rather
     * than drawing pairs with replacement from a plan.
     */
    protected boolean permutes() {
        return true;
    }

    /** Whether the coupling keeps the pairs as drawn. */
    protected boolean keepsOrder() {
        return false;
    }

    /** {@code Couplings.parse} of the description, or null if the coupling is not a built-in one. */
    protected Coupling parsed(String description) {
        return null;
    }

    /** n points of dimension d from N(shift, I), distinct with probability 1. */
    private static float[] points(SplittableRandom rng, int n, int d, double shift) {
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextGaussian() + shift);
        }
        return x;
    }

    private static List<String> rows(float[] x, int n, int d) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Arrays.toString(Arrays.copyOfRange(x, i * d, (i + 1) * d)));
        }
        return out;
    }

    private static List<String> sorted(List<String> rows) {
        List<String> copy = new ArrayList<>(rows);
        copy.sort(String::compareTo);
        return copy;
    }

    @Test
    public void pairsRowsOfEachSideWithoutMixingOrChangingThem() {
        for (int[] shape : new int[][] {{64, 2}, {33, 1}, {16, 5}}) {
            int n = shape[0];
            int d = shape[1];
            SplittableRandom data = new SplittableRandom(n * 31L + d);
            float[] x0 = points(data, n, d, 0);
            float[] x1 = points(data, n, d, 2);
            List<String> rows0 = rows(x0, n, d);
            List<String> rows1 = rows(x1, n, d);
            coupling().couple(new SplittableRandom(7L), x0, x1, n, d);
            Set<String> allowed0 = new HashSet<>(rows0);
            Set<String> allowed1 = new HashSet<>(rows1);
            assertThat(allowed0).as("x0 rows after coupling, n=%s d=%s", n, d).containsAll(rows(x0, n, d));
            assertThat(allowed1).as("x1 rows after coupling, n=%s d=%s", n, d).containsAll(rows(x1, n, d));
            if (permutes()) {
                assertThat(sorted(rows(x0, n, d))).isEqualTo(sorted(rows0));
                assertThat(sorted(rows(x1, n, d))).isEqualTo(sorted(rows1));
            }
            if (keepsOrder()) {
                assertThat(rows(x0, n, d)).isEqualTo(rows0);
                assertThat(rows(x1, n, d)).isEqualTo(rows1);
            }
        }
    }

    @Test
    public void theSameBatchAndGeneratorGiveTheSamePairs() {
        SplittableRandom data = new SplittableRandom(3L);
        int n = 48;
        int d = 2;
        float[] x0 = points(data, n, d, 0);
        float[] x1 = points(data, n, d, 1);
        float[] a0 = x0.clone();
        float[] a1 = x1.clone();
        float[] b0 = x0.clone();
        float[] b1 = x1.clone();
        coupling().couple(new SplittableRandom(5L), a0, a1, n, d);
        coupling().couple(new SplittableRandom(5L), b0, b1, n, d);
        assertThat(a0).containsExactly(b0);
        assertThat(a1).containsExactly(b1);
    }

    @Test
    public void aBatchOfOneRowStaysAsItIs() {
        float[] x0 = {0.5f, -1f};
        float[] x1 = {3f, 2f};
        coupling().couple(new SplittableRandom(1L), x0, x1, 1, 2);
        assertThat(x0).containsExactly(0.5f, -1f);
        assertThat(x1).containsExactly(3f, 2f);
    }

    @Test
    public void hasADescriptionThatParsesBack() {
        Coupling coupling = coupling();
        assertThat(coupling.description()).isNotBlank();
        Coupling again = parsed(coupling.description());
        if (again != null) {
            assertThat(again.description()).isEqualTo(coupling.description());
        }
    }
}
