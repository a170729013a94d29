package io.flowmatch.examples;

import io.flowmatch.datasets.Datasets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Lists the built-in datasets. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "Lists the built-in datasets that --data accepts (besides .csv and .npy files).")
final class DatasetsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        Datasets.names().forEach((name, description) -> System.out.printf("%-13s %s%n", name, description));
        return 0;
    }
}
