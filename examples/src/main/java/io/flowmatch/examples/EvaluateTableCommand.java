package io.flowmatch.examples;

import io.flowmatch.datasets.Column;
import io.flowmatch.datasets.ColumnType;
import io.flowmatch.datasets.Table;
import io.flowmatch.datasets.TableReader;
import io.flowmatch.datasets.Tables;
import io.flowmatch.tabular.metrics.Efficiency;
import io.flowmatch.tabular.metrics.TableMetrics;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Scores a synthetic table against real ones with the metrics of the tabular generation literature. */
@Command(name = "evaluate-table", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Prints the synthetic-table metrics (ForestFlow's definitions): W1 after min-max scaling with "
                + "one-hot/2 labels, coverage, train-on-synthetic F1 or R2 (with --target), distance to the closest "
                + "training record, exact copies and the share of valid rows.")
final class EvaluateTableCommand implements Callable<Integer> {

    @Option(names = "--real", required = true, paramLabel = "TEST.csv",
            description = "real rows the generator did not see (held out)")
    Path real;

    @Option(names = "--fake", required = true, paramLabel = "FAKE.csv", description = "the synthetic rows")
    Path fake;

    @Option(names = "--train", paramLabel = "TRAIN.csv",
            description = "the generator's training rows (for W1/coverage against them, DCR, copies; "
                    + "without it the real rows take that role)")
    Path train;

    @Option(names = "--target", paramLabel = "COL",
            description = "a column to predict: classifiers trained on FAKE (and on TRAIN) are scored on REAL")
    String target;

    @Option(names = "--categorical", split = ",", paramLabel = "COL",
            description = "columns to read as categorical even if they look like numbers")
    String[] categorical = new String[0];

    /** Tribuo logs each forest's training through java.util.logging; the command keeps its output to the scores. */
    private static final java.util.logging.Logger TRIBUO = java.util.logging.Logger.getLogger("org.tribuo");

    @Override
    public Integer call() {
        TRIBUO.setLevel(java.util.logging.Level.WARNING);
        Table realTable = Tables.csv(real).categorical(categorical).read();
        Table trainTable = train == null ? null : readLike(train, "--train", realTable, "--real");
        Table reference = trainTable != null ? trainTable : realTable;
        Table fakeTable = readLike(fake, "--fake", reference, trainTable != null ? "--train" : "--real");
        if (target != null && reference.indexOf(target) < 0) {
            throw new IllegalArgumentException("--target '" + target + "' is not a column (columns: "
                    + String.join(", ", reference.names()) + ")");
        }
        TableMetrics.Scores s;
        if (trainTable != null) {
            s = TableMetrics.evaluate(trainTable, realTable, fakeTable, target);
        } else {
            TableMetrics.Scores alone = TableMetrics.evaluate(realTable, null, fakeTable, null);
            String name = "";
            double eff = Double.NaN;
            if (target != null) {
                Efficiency efficiency = new Efficiency(realTable, target);
                name = efficiency.isClassification() ? "f1" : "r2";
                eff = efficiency.score(fakeTable, realTable);
            }
            s = new TableMetrics.Scores(alone.w1Train(), alone.w1Test(), alone.coverage(), alone.coverageTest(), name,
                    eff, Double.NaN, alone.dcrFake(), alone.dcrReal(), alone.valid(), alone.copies(), alone.fakeRows(),
                    alone.k(), alone.w1Approximate());
        }
        System.out.printf("real %s: %d rows; fake %s: %d rows%s%n", real, realTable.rowCount(), fake,
                fakeTable.rowCount(), trainTable != null ? "; train " + train + ": " + trainTable.rowCount() + " rows" : "");
        String alone = trainTable == null ? "   (against REAL: no --train)" : "";
        print("w1_train", s.w1Train(), alone);
        print("w1_test", s.w1Test(), "");
        print("coverage", s.coverage(), "   (k=" + s.k() + ")" + alone);
        print("coverage_test", s.coverageTest(), "");
        if (!s.efficiencyName().isEmpty()) {
            print(s.efficiencyName() + "_fake", s.efficiencyFake(), "   (train on FAKE, test on REAL)");
            print(s.efficiencyName() + "_real", s.efficiencyReal(), "   (train on TRAIN, test on REAL)");
        }
        print("dcr_fake", s.dcrFake(), "   (median distance to the closest " + (trainTable != null ? "TRAIN" : "REAL")
                + " row)");
        print("dcr_real", s.dcrReal(), "   (the same for REAL rows: what new real data scores)");
        print("copies", s.copies(), "");
        print("valid", s.valid(), "");
        if (s.w1Approximate()) {
            System.out.println("(W1 on random equal-size subsamples of at most " + TableMetrics.MAX_EXACT_ROWS + " rows)");
        }
        System.out.println(s.line());
        return 0;
    }

    /** One metric line; a metric that needs --train (NaN) is left out. */
    private static void print(String name, double value, String note) {
        if (!Double.isNaN(value)) {
            System.out.printf(java.util.Locale.ROOT, "%-13s %.4f%s%n", name, value, note);
        }
    }

    /** Reads {@code file} with the reference's column types (see {@link TableFiles#readDeclared}). */
    private static Table readLike(Path file, String option, Table reference, String referenceOption) {
        return TableFiles.readDeclared(declared(Tables.csv(file), reference), option + " " + file
                + " does not have the columns of the " + referenceOption + " table ("
                + String.join(", ", reference.names()) + ")");
    }

    /** Declares the reference's types on {@code reader}, integers read as numbers (a fraction is then invalid, not an error). */
    private static TableReader declared(TableReader reader, Table reference) {
        for (Column c : reference.columns()) {
            reader.type(c.name(), c.type() == ColumnType.INTEGER ? ColumnType.NUMERIC
                    : c.isCategorical() ? ColumnType.CATEGORICAL : c.type());
        }
        return reader;
    }
}
