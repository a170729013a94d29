package io.flowmatch.tabular;

import io.flowmatch.datasets.Table;
import io.flowmatch.datasets.Tables;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The Iris table of the test resources and ForestFlow's seed-0 80/20 split of it. */
public final class Iris {

    private Iris() {
    }

    /** All 150 rows: four numeric measurements and the categorical species. */
    public static Table table() {
        try {
            Path tmp = Files.createTempFile("iris", ".csv");
            try (InputStream in = Iris.class.getResourceAsStream("iris.csv")) {
                Files.write(tmp, in.readAllBytes());
            }
            Table t = Tables.readCsv(tmp);
            Files.delete(tmp);
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 80/20 stratified split of scikit-learn with random_state 0 (ForestFlow's first split). */
    public static Tables.Split split() {
        Table t = table();
        int[] test;
        try (InputStream in = Iris.class.getResourceAsStream("iris-test-rows.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<Integer> rows = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    for (String s : line.trim().split("\\s+")) {
                        rows.add(Integer.parseInt(s));
                    }
                }
            }
            test = rows.stream().mapToInt(Integer::intValue).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean[] isTest = new boolean[t.rowCount()];
        for (int r : test) {
            isTest[r] = true;
        }
        int[] train = new int[t.rowCount() - test.length];
        for (int r = 0, a = 0; r < t.rowCount(); r++) {
            if (!isTest[r]) {
                train[a++] = r;
            }
        }
        Arrays.sort(test);
        return new Tables.Split(t.rows(train), t.rows(test));
    }
}
