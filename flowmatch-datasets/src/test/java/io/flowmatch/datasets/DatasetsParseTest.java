package io.flowmatch.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Datasets#parse(String)} and {@link Datasets#names()}: the short names a command line uses. */
class DatasetsParseTest {

    @TempDir
    Path dir;

    @Test
    void everyListedNameParsesToTheDistributionItDescribes() {
        assertThat(Datasets.names().keySet()).containsExactly("moons", "spiral", "annulus", "8gaussians", "circles",
                "swissroll", "checkerboard", "gaussianN");
        Datasets.names().forEach((name, description) -> {
            if (!name.equals("gaussianN")) {
                assertThat(Datasets.parse(name).description()).as(name).isEqualTo(description);
            }
        });
        assertThat(Datasets.names().get("gaussianN")).isEqualTo("gaussian(dim=N) (e.g. gaussian5)");
    }

    @Test
    void parametersSpellingsAndDescriptionsAreRead() {
        assertThat(Datasets.parse("moons").description()).isEqualTo(Datasets.moons(0.05).description());
        assertThat(Datasets.parse("moons:0.1").description()).isEqualTo("moons(noise=0.1)");
        assertThat(Datasets.parse(" Moons(noise=0.2) ").description()).isEqualTo("moons(noise=0.2)");
        assertThat(Datasets.parse("gaussian5").dimension()).isEqualTo(5);
        assertThat(Datasets.parse("gaussian:3").description()).isEqualTo("gaussian(dim=3)");
        assertThat(Datasets.parse("eightGaussians").description()).isEqualTo(Datasets.eightGaussians().description());
        assertThat(Datasets.parse("swissRoll").description()).isEqualTo(Datasets.swissRoll().description());
        // a generator's description gives that generator back
        for (DataSource s : List.of(Datasets.moons(0.3), Datasets.spiral(), Datasets.annulus(), Datasets.eightGaussians(),
                Datasets.circles(), Datasets.swissRoll(), Datasets.checkerboard(), Datasets.gaussian(7))) {
            DataSource again = Datasets.parse(s.description());
            assertThat(again.description()).isEqualTo(s.description());
            assertThat(again.sample(20, 4L)).isEqualTo(s.sample(20, 4L));
        }
    }

    @Test
    void filesAreLoadedByTheirExtension() throws Exception {
        Path csv = dir.resolve("points.csv");
        Files.writeString(csv, "x,y\n1,2\n3,4\n");
        assertThat(Datasets.parse(csv.toString())).isInstanceOf(PointSet.class);
        assertThat(Datasets.parse(csv.toString()).description()).isEqualTo(Datasets.fromCsv(csv).description());
        assertThatThrownBy(() -> Datasets.parse(dir.resolve("none.npy").toString()))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("no such file");
    }

    @Test
    void badTextIsNamedWithTheValidNames() {
        for (String bad : new String[] {"mons", "", "gaussian", "moons2", "spiral:2"}) {
            assertThatThrownBy(() -> Datasets.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("unknown dataset '" + bad + "': use one of moons, spiral, annulus, 8gaussians, circles, "
                            + "swissroll, checkerboard, gaussianN, labelled(8gaussians), labelled(moons), "
                            + "or a .csv/.npy file");
        }
        assertThatThrownBy(() -> Datasets.parse(null)).hasMessageContaining("unknown dataset 'null'");
        assertThatThrownBy(() -> Datasets.parse("moons:x")).hasMessage("bad noise 'x' in dataset 'moons:x'");
        assertThatThrownBy(() -> Datasets.parse("moons:-1")).hasMessageContaining("bad dataset 'moons:-1'")
                .hasMessageContaining("at least 0");
        assertThatThrownBy(() -> Datasets.parse("gaussian:x")).hasMessage("bad dimension 'x' in dataset 'gaussian:x'");
        assertThatThrownBy(() -> Datasets.parse("gaussian0")).hasMessageContaining("bad dataset 'gaussian0'")
                .hasMessageContaining("at least 1");
    }
}
