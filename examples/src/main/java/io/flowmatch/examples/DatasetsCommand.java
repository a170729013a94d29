package io.flowmatch.examples;

import io.flowmatch.datasets.Datasets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Lists the built-in datasets. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "Lists the built-in datasets that --data accepts (besides .csv and .npy files), the labelled ones last.")
final class DatasetsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        Datasets.names().forEach((name, description) -> System.out.printf("%-21s %s%n", name, description));
        // the labelled toys that 'train --data' also takes (the README's labels section uses them)
        for (String name : java.util.List.of("labelled(8gaussians)", "labelled(moons)")) {
            io.flowmatch.datasets.DataSource labelled = Datasets.parse(name);
            System.out.printf("%-21s %s, %d classes%n", name, labelled.description(),
                    ((io.flowmatch.datasets.LabelledDataSource) labelled).classes());
        }
        return 0;
    }
}
