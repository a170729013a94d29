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
 *   <li>its description is not blank and, for a built-in coupling, parses back;</li>
 *   <li>a labelled batch is re-paired within each class, never across: afterwards row i of x1 is
 *       a row of x1 that had label i before, and row i of x0 a row of x0 from a position of that
 *       label (a coupling that permutes keeps each class's multisets exactly); with one class it
 *       gives exactly the unlabelled pairs, and the same batch and generator give the same pairs.</li>
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

    /** Labels of a batch of n rows in {@code classes} classes of uneven sizes (one class of one row). */
    private static int[] labels(SplittableRandom rng, int n, int classes) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i == 0 ? classes - 1 : rng.nextInt(classes - 1);
        }
        return labels;
    }

    @Test
    public void aLabelledBatchIsPairedWithinEachClassNeverAcross() {
        for (int[] shape : new int[][] {{64, 2, 4}, {33, 1, 3}, {16, 5, 2}, {40, 2, 9}}) {
            int n = shape[0];
            int d = shape[1];
            int classes = shape[2];
            SplittableRandom data = new SplittableRandom(n * 17L + d);
            // each class's data far from the others, so that a plan across classes would be cheaper
            float[] x0 = points(data, n, d, 0);
            float[] x1 = points(data, n, d, 0);
            int[] labels = labels(data, n, classes);
            for (int i = 0; i < n; i++) {
                x1[i * d] += 10f * labels[i];
            }
            int[] before = labels.clone();
            List<String> rows0 = rows(x0, n, d);
            List<String> rows1 = rows(x1, n, d);
            coupling().couple(new SplittableRandom(7L), x0, x1, labels, n, d);
            assertThat(labels).as("labels are not modified").containsExactly(before);
            List<String> after0 = rows(x0, n, d);
            List<String> after1 = rows(x1, n, d);
            for (int k = 0; k < classes; k++) {
                List<String> class0 = new ArrayList<>();
                List<String> class1 = new ArrayList<>();
                List<String> got0 = new ArrayList<>();
                List<String> got1 = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (labels[i] == k) {
                        class0.add(rows0.get(i));
                        class1.add(rows1.get(i));
                        got0.add(after0.get(i));
                        got1.add(after1.get(i));
                    }
                }
                assertThat(new HashSet<>(class0)).as("x0 of class %s, n=%s d=%s", k, n, d).containsAll(got0);
                assertThat(new HashSet<>(class1)).as("x1 of class %s, n=%s d=%s", k, n, d).containsAll(got1);
                if (permutes()) {
                    assertThat(sorted(got0)).as("x0 of class %s", k).isEqualTo(sorted(class0));
                    assertThat(sorted(got1)).as("x1 of class %s", k).isEqualTo(sorted(class1));
                }
                if (keepsOrder()) {
                    assertThat(got0).isEqualTo(class0);
                    assertThat(got1).isEqualTo(class1);
                }
            }
        }
    }

    @Test
    public void oneClassGivesTheUnlabelledPairsAndTheSameGeneratorTheSamePairs() {
        SplittableRandom data = new SplittableRandom(4L);
        int n = 40;
        int d = 2;
        float[] x0 = points(data, n, d, 0);
        float[] x1 = points(data, n, d, 1);
        int[] three = new int[n];
        java.util.Arrays.fill(three, 3);
        float[] a0 = x0.clone();
        float[] a1 = x1.clone();
        float[] b0 = x0.clone();
        float[] b1 = x1.clone();
        coupling().couple(new SplittableRandom(5L), a0, a1, three, n, d);
        coupling().couple(new SplittableRandom(5L), b0, b1, n, d);
        assertThat(a0).containsExactly(b0);
        assertThat(a1).containsExactly(b1);
        int[] mixed = labels(new SplittableRandom(2L), n, 3);
        float[] c0 = x0.clone();
        float[] c1 = x1.clone();
        float[] e0 = x0.clone();
        float[] e1 = x1.clone();
        coupling().couple(new SplittableRandom(5L), c0, c1, mixed, n, d);
        coupling().couple(new SplittableRandom(5L), e0, e1, mixed, n, d);
        assertThat(c0).containsExactly(e0);
        assertThat(c1).containsExactly(e1);
    }

    @Test
    public void negativeLabelsAreRefused() {
        float[] x0 = {0f, 1f};
        float[] x1 = {2f, 3f};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> coupling().couple(new SplittableRandom(1L), x0, x1,
                new int[] {0, -1}, 2, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }
}
