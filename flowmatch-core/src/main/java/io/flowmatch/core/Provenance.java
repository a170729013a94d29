package io.flowmatch.core;

import io.flowmatch.core.train.TrainingRecipe;
import io.flowmatch.core.train.TrainingResult;
import io.flowmatch.core.train.TrainingRun;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The provenance a kind of flow gives the model it trains ({@link FlowModel#provenance()} and
 * its discrete, Riemannian and image counterparts), built the same way everywhere, in this
 * order: the recipe's text form ({@link TrainingRecipe#toMap()}), {@code data} (the data's
 * description), {@code steps_done}, {@code final_loss} (the mean batch loss of the last log
 * interval) and {@code train_seconds}, the kind's own measurements, {@code library_version},
 * what judged the run (validation's best step), and {@code resumed_from} (the name of the
 * checkpoint the run resumed from) if it did.
 */
public final class Provenance {

    private Provenance() {
    }

    /** The provenance of a run that measured and judged nothing beyond the loop's result. */
    public static Map<String, String> of(TrainingRecipe recipe, String data, TrainingResult result, TrainingRun run) {
        return of(recipe, data, result, run, Map.of(), Map.of());
    }

    /**
     * The provenance of a run.
     *
     * @param recipe   the recipe the run trained with
     * @param data     the data's description
     * @param result   how the run ended
     * @param run      the run's options (for the checkpoint it resumed from)
     * @param measured the kind's own measurements, after the loop's (e.g. {@code threads})
     * @param judged   what judged the run, after the library version (e.g. validation's)
     * @return an unmodifiable map in the order of the class description
     */
    public static Map<String, String> of(TrainingRecipe recipe, String data, TrainingResult result, TrainingRun run,
            Map<String, String> measured, Map<String, String> judged) {
        Map<String, String> p = new LinkedHashMap<>(recipe.toMap());
        p.put("data", data);
        p.put("steps_done", Long.toString(result.steps()));
        p.put("final_loss", Double.toString(result.meanFinalLoss()));
        p.put("train_seconds", String.format(Locale.ROOT, "%.3f", result.seconds()));
        p.putAll(measured);
        p.put("library_version", FlowModel.LIBRARY_VERSION);
        p.putAll(judged);
        if (run.resumedFrom() != null) {
            p.put("resumed_from", run.resumedFrom().getFileName().toString());
        }
        return Collections.unmodifiableMap(p);
    }
}
