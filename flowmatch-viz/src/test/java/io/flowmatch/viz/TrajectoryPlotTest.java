package io.flowmatch.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmatch.solvers.Trajectory;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paths coloured by time and snapshots at chosen times, on straight left-to-right paths. */
class TrajectoryPlotTest {

    @TempDir
    Path dir;

    @Test
    void pathsAreDarkAtTheStartAndYellowAtTheEnd() throws Exception {
        Path file = dir.resolve("trajectories.png");
        TrajectoryPlot.builder().size(400).particles(40).build().write(file, Pixels.leftToRight(60, 20));

        BufferedImage image = Pixels.readPng(file, 400, 400);
        assertThat(Pixels.distinctColours(image)).isGreaterThan(20);
        // below the colour bar: paths start purple on the left (x = -2) and end yellow on the right (x = 2)
        int purpleLeft = Pixels.count(image, 0, 200, 40, 400, Pixels::purplish);
        int purpleRight = Pixels.count(image, 200, 400, 40, 400, Pixels::purplish);
        int yellowLeft = Pixels.count(image, 0, 200, 40, 400, Pixels::yellowish);
        int yellowRight = Pixels.count(image, 200, 400, 40, 400, Pixels::yellowish);
        assertThat(purpleLeft).isGreaterThan(200).isGreaterThan(10 * purpleRight);
        assertThat(yellowRight).isGreaterThan(200).isGreaterThan(10 * yellowLeft);
        // the colour bar in the top right corner runs from purple to yellow
        assertThat(Pixels.count(image, 200, 400, 0, 30, Pixels::yellowish)).isPositive();
        assertThat(Pixels.count(image, 200, 400, 0, 30, Pixels::purplish)).isPositive();
    }

    @Test
    void snapshotsShowThePointsWhereTheyAreAtEachTime() throws Exception {
        Path file = dir.resolve("snapshots.png");
        SnapshotPlot.builder().panelSize(200).times(0, 0.5, 1).build().write(file, Pixels.leftToRight(60, 20));

        BufferedImage image = Pixels.readPng(file, 600, 200);
        // t = 0: all points at x = -2, the left edge of the shared box; t = 1: at x = 2, the right edge
        assertThat(Pixels.count(image, 0, 100, 30, 200, Pixels::purplish)).isGreaterThan(50);
        assertThat(Pixels.count(image, 100, 200, 30, 200, Pixels::coloured)).isZero();
        assertThat(Pixels.count(image, 500, 600, 30, 200, Pixels::yellowish)).isGreaterThan(50);
        assertThat(Pixels.count(image, 400, 500, 30, 200, Pixels::coloured)).isZero();
        // t = 0.5: at x = 0, the middle of the panel
        assertThat(Pixels.count(image, 270, 330, 30, 200, Pixels::coloured)).isGreaterThan(50);
        assertThat(Pixels.count(image, 200, 250, 30, 200, Pixels::coloured)).isZero();
    }

    @Test
    void rejectsAnEmptyTrajectoryAndBadSettings() {
        assertThatThrownBy(() -> TrajectoryPlot.builder().build().render(Trajectory.everyStep()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no states");
        assertThatThrownBy(() -> TrajectoryPlot.builder().build().render(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
        assertThatThrownBy(() -> TrajectoryPlot.builder().particles(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SnapshotPlot.builder().times()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SnapshotPlot.builder().times(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
