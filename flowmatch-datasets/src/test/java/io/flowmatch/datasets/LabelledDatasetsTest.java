package io.flowmatch.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Labelled data: the labelled toys, labelled arrays and a CSV file's label column. */
class LabelledDatasetsTest {

    @TempDir
    Path dir;

    @Test
    void theLabelledToysDrawTheSamePointsAsTheirPlainSelvesWithTheRightLabels() {
        int n = 4000;
        LabelledDataSource eight = Datasets.labelledEightGaussians();
        float[] plain = new float[2 * n];
        float[] labelled = new float[2 * n];
        float[] marginal = new float[2 * n];
        int[] labels = new int[n];
        Datasets.eightGaussians().sample(new SplittableRandom(3L), plain, n);
        eight.sample(new SplittableRandom(3L), labelled, labels, n);
        eight.sample(new SplittableRandom(3L), marginal, n);
        assertThat(labelled).containsExactly(plain);
        assertThat(marginal).containsExactly(plain);
        int[] counts = new int[8];
        for (int i = 0; i < n; i++) {
            int k = labels[i];
            counts[k]++;
            double cx = 5 * Math.cos(k * Math.PI / 4);
            double cy = 5 * Math.sin(k * Math.PI / 4);
            assertThat(Math.hypot(labelled[2 * i] - cx, labelled[2 * i + 1] - cy)).as("point %s of class %s", i, k)
                    .isLessThan(2.5);
        }
        for (int c : counts) {
            assertThat(c).isBetween(n / 8 - 120, n / 8 + 120);
        }
        assertThat(eight.classes()).isEqualTo(8);
        assertThat(eight.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7");

        LabelledDataSource moons = Datasets.labelledMoons(0.0);
        float[] moonPoints = new float[2 * n];
        moons.sample(new SplittableRandom(4L), moonPoints, labels, n);
        float[] plainMoons = new float[2 * n];
        Datasets.moons(0.0).sample(new SplittableRandom(4L), plainMoons, n);
        assertThat(moonPoints).containsExactly(plainMoons);
        for (int i = 0; i < n; i++) {
            // noise-free: the upper moon is the unit circle's upper half, the lower one is below y = 1/2
            double r = Math.hypot(moonPoints[2 * i], moonPoints[2 * i + 1]);
            if (labels[i] == 0) {
                assertThat(r).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
                assertThat(moonPoints[2 * i + 1]).isGreaterThanOrEqualTo(0f);
            } else {
                assertThat(moonPoints[2 * i + 1]).isLessThanOrEqualTo(0.5f);
            }
        }
        assertThat(moons.classNames()).containsExactly("upper", "lower");
    }

    @Test
    void theLabelledToysParseByNameAndDescription() {
        assertThat(Datasets.parse("labelled(8gaussians)")).isInstanceOf(LabelledDataSource.class);
        assertThat(Datasets.parse("labelled-8gaussians").description())
                .isEqualTo("labelled(eightGaussians(radius=5, std=0.5))");
        assertThat(Datasets.parse("labelled(moons:0.1)").description()).isEqualTo("labelled(moons(noise=0.1))");
        assertThat(Datasets.parse("labelled-moons").description()).isEqualTo("labelled(moons(noise=0.05))");
        for (LabelledDataSource s : List.of(Datasets.labelledEightGaussians(), Datasets.labelledMoons(0.2))) {
            assertThat(Datasets.parse(s.description()).description()).isEqualTo(s.description());
        }
        assertThatThrownBy(() -> Datasets.parse("labelled(spiral)")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no labelled version of 'spiral'");
    }

    @Test
    void labelledArraysAreSampledPointAndLabelTogether() {
        INDArray points = Nd4j.createFromArray(new float[][] {{0, 0}, {1, 1}, {2, 2}, {3, 3}});
        LabelledPointSet set = Datasets.labelled(points, new int[] {2, 0, 1, 0});
        assertThat(set.classes()).isEqualTo(3);
        assertThat(set.counts()).containsExactly(2, 1, 1);
        assertThat(set.description()).isEqualTo("labelled(array(4x2), 3 classes)");
        float[] out = new float[2 * 200];
        int[] labels = new int[200];
        set.sample(new SplittableRandom(1L), out, labels, 200);
        int[] byPoint = {2, 0, 1, 0};
        for (int i = 0; i < 200; i++) {
            assertThat(labels[i]).isEqualTo(byPoint[(int) out[2 * i]]);
        }
        float[] same = new float[2 * 200];
        set.sample(new SplittableRandom(1L), same, 200);
        assertThat(same).containsExactly(out);
        assertThat(Datasets.labelled(points, new int[] {0, 1, 0, 1}, List.of("cat", "dog")).classNames())
                .containsExactly("cat", "dog");
    }

    @Test
    void badLabelsAreNamed() {
        INDArray points = Nd4j.createFromArray(new float[][] {{0, 0}, {1, 1}, {2, 2}});
        assertThatThrownBy(() -> Datasets.labelled(points, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("there are 2 labels for 3 points: give one label per point");
        assertThatThrownBy(() -> Datasets.labelled(points, new int[] {0, -1, 1}))
                .hasMessageContaining("label -1 of point 1 (0-based) is negative");
        assertThatThrownBy(() -> Datasets.labelled(points, new int[] {0, 2, 0}))
                .hasMessageContaining("class 1 has no points");
        assertThatThrownBy(() -> Datasets.labelled(points, null)).hasMessageContaining("labels must not be null");
        assertThatThrownBy(() -> Datasets.labelled(points, new int[] {0, 1, 1}, List.of("a")))
                .hasMessageContaining("1 class names for 2 classes");
        assertThatThrownBy(() -> Datasets.labelled(points, new int[] {0, 1, 1}, List.of("a", "a")))
                .hasMessageContaining("distinct");
        assertThatThrownBy(() -> Datasets.labelled(points, new int[] {0, 70_000, 1}))
                .hasMessageContaining("at most 65536 classes");
    }

    @Test
    void aCsvLabelColumnGivesTheClassesByName() throws IOException {
        Path file = dir.resolve("flowers.csv");
        Files.writeString(file, "length,species,width\n1.5,setosa,0.2\n4.5,versicolor,1.5\n1.4,setosa,0.3\n6.0,virginica,2.5\n");
        LabelledPointSet set = Datasets.fromCsv(file, "species");
        assertThat(set.dimension()).isEqualTo(2);
        assertThat(set.classNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(set.labels()).containsExactly(0, 1, 0, 2);
        assertThat(set.toINDArray().toFloatMatrix()[3]).containsExactly(6.0f, 2.5f);
        assertThat(set.description()).isEqualTo("labelled(csv(flowers.csv, 4x2), label=species, 3 classes)");

        Path numbered = dir.resolve("numbered.csv");
        Files.writeString(numbered, "x,y,k\n0,0,10\n1,1,2\n2,2,10\n");
        LabelledPointSet byNumber = Datasets.fromCsv(numbered, "k");
        assertThat(byNumber.classNames()).containsExactly("2", "10");
        assertThat(byNumber.labels()).containsExactly(1, 0, 1);
    }

    @Test
    void badCsvLabelFilesNameTheLineAndColumn() throws IOException {
        Path file = dir.resolve("p.csv");
        Files.writeString(file, "x,y,label\n1,2,a\n3,4,\n");
        assertThatThrownBy(() -> Datasets.fromCsv(file, "label")).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("line 3, column 3 ('label'): the label is missing");
        assertThatThrownBy(() -> Datasets.fromCsv(file, "class")).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("has no column 'class' for the labels (columns: x, y, label)");
        Files.writeString(file, "x,color,label\n1,red,a\n3,blue,b\n5,green,a\n");
        assertThatThrownBy(() -> Datasets.fromCsv(file, "label"))
                .hasMessageContaining("column 2 ('color') holds text ('blue' on line 3)");
        Files.writeString(file, "x,y,label\n1,,a\n3,4,b\n");
        assertThatThrownBy(() -> Datasets.fromCsv(file, "label"))
                .hasMessageContaining("line 2, column 2 ('y') is empty");
        Files.writeString(file, "x,y,label\n1,2,0.5\n3,4,1.5\n5,6,2.5\n");
        assertThatThrownBy(() -> Datasets.fromCsv(file, "label"))
                .hasMessageContaining("line 2, label column 'label': '0.5' is not a whole number");
        Files.writeString(file, "label\na\nb\n");
        assertThatThrownBy(() -> Datasets.fromCsv(file, "label")).hasMessageContaining("only the label column");
    }
}
