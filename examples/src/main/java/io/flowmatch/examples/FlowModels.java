package io.flowmatch.examples;

import io.flowmatch.core.FlowModel;
import io.flowmatch.core.io.ModelFormatException;
import io.flowmatch.datasets.Datasets;
import java.nio.file.Path;

/** Loads a point flow for the commands that take {@code --model} and {@code --source}. */
final class FlowModels {

    private FlowModels() {
    }

    /**
     * The model in {@code file}, with the source distribution {@code source} names ({@code null}:
     * the one saved in the file). A model trained from a custom source cannot be loaded without
     * it; the library's message then tells a Java caller what to call, so the command line's
     * names its own option instead.
     */
    static FlowModel load(Path file, String source) {
        if (source != null) {
            return FlowModel.load(file, Datasets.parse(source));
        }
        try {
            return FlowModel.load(file);
        } catch (ModelFormatException e) {
            String message = e.getMessage();
            if (message != null && message.contains("FlowModel.load(path, source)")) {
                throw new IllegalArgumentException(message.replace("load it with FlowModel.load(path, source)",
                        "give it with --source NAME|FILE"), e);
            }
            throw e;
        }
    }
}
