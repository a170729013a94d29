package io.flowmatch.core.train;

import io.flowmatch.core.io.CheckpointFile;
import io.flowmatch.core.io.ModelFormatException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves a {@link TrainingSession}'s {@link TrainingState} to a {@link CheckpointFile} every
 * {@code everySteps} steps and when training stops early, and resumes a session from such a file.
 * Add it as the first {@link TrainingListener} of a run, so that listeners after it (for example a
 * {@link StopSignal}) see the end only once the final checkpoint is on disk.
 *
 * <p>A checkpoint holds the step, the parameters, the optimizer's state vectors, the weight
 * average, the learning-rate scale and skip count of the {@link DivergencePolicy}, and the
 * session's {@link TrainingSession#fingerprint() fingerprint}. {@link #resume} refuses a
 * checkpoint whose fingerprint differs from the session's, naming every difference; a resumed run
 * continues bit-identically to one that was never interrupted (same seed, same threads), because
 * the random draws of step k depend only on the seed, the stream and k.
 *
 * <p>Each write is atomic: the previous checkpoint stays whole until the new one is complete.
 */
public final class Checkpointer implements TrainingListener {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    private static final String FORMAT = "flowmatch-checkpoint";
    private static final String RUN = "run.";

    private final TrainingSession session;
    private final Path file;
    private final long everySteps;
    private long lastSaved = -1;

    /**
     * @param session    the session to save
     * @param file       the checkpoint file (replaced at every save)
     * @param everySteps steps between checkpoints; 0 saves only when training stops early (a stop
     *                   request, an interruption) or when {@link #save()} is called
     * @throws IllegalArgumentException for a null session or file or a negative interval
     */
    public Checkpointer(TrainingSession session, Path file, long everySteps) {
        if (session == null || file == null) {
            throw new IllegalArgumentException("session and checkpoint file must not be null");
        }
        if (everySteps < 0) {
            throw new IllegalArgumentException("checkpoint interval must not be negative, got " + everySteps);
        }
        this.session = session;
        this.file = file;
        this.everySteps = everySteps;
    }

    /** The checkpoint file. */
    public Path file() {
        return file;
    }

    /** Steps between checkpoints (0: only at an early stop or on request). */
    public long everySteps() {
        return everySteps;
    }

    /** The step of the last checkpoint written by this object, or -1 if none. */
    public long lastSavedStep() {
        return lastSaved;
    }

    @Override
    public void onStep(TrainingProgress progress) {
        if (everySteps > 0 && progress.step() % everySteps == 0) {
            save();
        }
    }

    /** Writes a final checkpoint if the run stopped early, or ended after checkpoints every N steps. */
    @Override
    public void onEnd(TrainingResult result) {
        if (session.stepsDone() != lastSaved && (everySteps > 0 || result.stoppedEarly())) {
            save();
        }
    }

    /**
     * Writes the session's current state now, atomically. Call it between steps, from the thread
     * that drives the session (for example after a {@link TrainingDivergedException}, which leaves
     * the last good step's state).
     *
     * @throws java.io.UncheckedIOException if the file cannot be written (the previous checkpoint
     *                                      is then left as it was)
     */
    public void save() {
        TrainingState state = session.snapshot();
        Map<String, String> header = new LinkedHashMap<>();
        header.put("format", FORMAT);
        header.put("step", Long.toString(state.step()));
        header.put("iterations", Long.toString(session.config().iterations()));
        header.put("learning_rate_scale", Double.toString(state.learningRateScale()));
        header.put("skipped_steps", Long.toString(state.skippedSteps()));
        session.fingerprint().forEach((k, v) -> header.put(RUN + k, v));
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put("parameters", state.parameters());
        for (int i = 0; i < state.optimizerStateCount(); i++) {
            arrays.put("optimizer." + i, state.optimizerState(i));
        }
        if (state.hasAverage()) {
            arrays.put("average", state.average());
        }
        new CheckpointFile(header, arrays).write(file);
        lastSaved = state.step();
        LOG.info("checkpoint at step {} written to {}", state.step(), file);
    }

    /**
     * Restores {@code session} from the checkpoint {@code file}; its next step is the one after
     * the checkpoint's.
     *
     * @throws java.io.UncheckedIOException if the file cannot be read
     * @throws ModelFormatException         if it is not a valid checkpoint file
     * @throws IllegalArgumentException     if it was written by a run with other settings, model,
     *                                      data, source, path or stream (the message lists them)
     */
    public static void resume(TrainingSession session, Path file) {
        TrainingState state = read(file, session);
        session.restore(state);
        LOG.info("resumed from {} at step {}", file, state.step());
    }

    /**
     * Reads the checkpoint {@code file} and checks that {@code session} may continue from it.
     *
     * @throws java.io.UncheckedIOException if the file cannot be read
     * @throws ModelFormatException         if it is not a valid checkpoint file
     * @throws IllegalArgumentException     if it does not fit the session (see {@link #resume})
     */
    public static TrainingState read(Path file, TrainingSession session) {
        CheckpointFile checkpoint = CheckpointFile.read(file);
        Map<String, String> h = checkpoint.header();
        String name = file.toString();
        if (!FORMAT.equals(h.get("format"))) {
            throw new ModelFormatException(name + " is not a flowmatch checkpoint (format=" + h.get("format") + ")");
        }
        List<String> differences = new ArrayList<>();
        session.fingerprint().forEach((key, expected) -> {
            String found = h.get(RUN + key);
            if (found == null) {
                throw new ModelFormatException(name + " has no '" + RUN + key + "' in its header");
            }
            if (!found.equals(expected)) {
                differences.add(key + " was " + found + ", now " + expected);
            }
        });
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("cannot resume from " + name + ": it was written by a run with other "
                    + "settings (" + String.join("; ", differences) + ")");
        }
        Map<String, float[]> arrays = checkpoint.arrays();
        List<float[]> optimizer = new ArrayList<>();
        for (int i = 0; arrays.containsKey("optimizer." + i); i++) {
            optimizer.add(arrays.get("optimizer." + i));
        }
        float[] parameters = arrays.get("parameters");
        if (parameters == null) {
            throw new ModelFormatException(name + " has no parameters");
        }
        try {
            return new TrainingState(Long.parseLong(required(h, "step", name)), parameters, optimizer,
                    arrays.get("average"), Double.parseDouble(required(h, "learning_rate_scale", name)),
                    Long.parseLong(required(h, "skipped_steps", name)));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name + " holds an invalid training state: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> h, String key, String name) {
        String v = h.get(key);
        if (v == null) {
            throw new ModelFormatException(name + " has no '" + key + "' in its header");
        }
        return v;
    }
}
