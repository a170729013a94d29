package io.flowmatch.examples;

import io.flowmatch.datasets.Column;
import io.flowmatch.datasets.Table;
import io.flowmatch.datasets.TableReader;
import io.flowmatch.datasets.Tables;
import io.flowmatch.tabular.TableEncoder;
import io.flowmatch.tabular.TabularModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Fills the empty cells of a CSV table with a saved tabular model. */
@Command(name = "impute", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Fills the empty (or NA) cells of a CSV table with a tabular model saved by 'synth --model-out'; "
                + "present cells are written unchanged.")
final class ImputeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "M", description = "a model saved by 'synth --model-out'")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "WITH_MISSING.csv",
            description = "a table with the model's columns (any order) and some empty cells")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "FILLED.csv", description = "where to write the filled table")
    Path out;

    @Option(names = "--draws", paramLabel = "K",
            description = "draws averaged per cell (default: the model's recipe, 5); 1 gives one random draw")
    Integer draws;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the draws")
    long seed;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() {
        threads.apply();
        TabularModel m = TabularModel.load(model);
        TableReader reader = Tables.csv(data);
        for (TableEncoder.ColumnCoding c : m.encoder().columns()) {
            reader.type(c.name(), c.type());
        }
        Table table = TableFiles.readDeclared(reader, data + " lacks a column of the model");
        int missing = table.missingCount();
        Table filled = draws == null ? m.impute(table, seed) : m.impute(table, draws, seed);
        Tables.writeCsv(filled, out);
        int rows = 0;
        for (int r = 0; r < table.rowCount(); r++) {
            for (Column c : table.columns()) {
                if (c.isMissing(r)) {
                    rows++;
                    break;
                }
            }
        }
        System.out.printf("filled %d cells in %d of %d rows%n", missing, rows, table.rowCount());
        System.out.println("wrote " + out);
        return 0;
    }
}
