package io.flowmatch.viz;

import io.flowmatch.solvers.Trajectory;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An animated GIF of the particles flowing from the source at t = 0 to the data at t = 1 (the
 * Mathematica article's animation): one frame per recorded state, thinned to at most
 * {@code maxFrames}, on fixed axes, coloured by time, optionally over the true data in light
 * grey. The last frame is held for a moment and the animation loops forever.
 *
 * <pre>{@code
 * Trajectory paths = model.trajectory(1000, Solvers.euler(), 100, 7L);
 * FlowAnimation.builder().build().write(Path.of("flow.gif"), paths, data);
 * }</pre>
 *
 * <p>Immutable; one instance may draw many animations.
 */
public final class FlowAnimation {

    private final int size;
    private final int maxFrames;
    private final int frameMillis;
    private final int holdMillis;

    private FlowAnimation(Builder b) {
        this.size = b.size;
        this.maxFrames = b.maxFrames;
        this.frameMillis = b.frameMillis;
        this.holdMillis = b.holdMillis;
    }

    /** A builder with the defaults: 400 pixels square, at most 51 frames of 60 ms, the last held 1.5 s. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The frames, in order.
     *
     * @param trajectory the states to show, each [n, d] with d &ge; 2
     * @param background points drawn in light grey under every frame (e.g. the true data), or null
     */
    public List<BufferedImage> frames(Trajectory trajectory, INDArray background) {
        Paths2D paths = Paths2D.of(trajectory);
        PlanePoints under = background == null ? null : PlanePoints.of(background, "background");
        int recorded = paths.times.length;
        List<Integer> chosen = new ArrayList<>();
        int count = Math.min(maxFrames, recorded);
        for (int i = 0; i < count; i++) {
            int index = count == 1 ? recorded - 1 : (int) Math.round(i * (recorded - 1) / (double) (count - 1));
            if (chosen.isEmpty() || chosen.get(chosen.size() - 1) != index) {
                chosen.add(index);
            }
        }
        List<PlanePoints> covered = new ArrayList<>(paths.states);
        if (under != null) {
            covered.add(under);
        }
        Box box = Box.covering(covered);
        double t0 = paths.times[0];
        double span = Math.max(1e-12, paths.times[recorded - 1] - t0);
        List<BufferedImage> frames = new ArrayList<>();
        for (int index : chosen) {
            double t = paths.times[index];
            XYChart chart = Charts.plane(size, size, String.format(java.util.Locale.ROOT, "t = %.2f", t), box);
            if (under != null) {
                Charts.scatter(chart, "background", under.x, under.y, new Color(190, 190, 190, 90));
            }
            PlanePoints p = paths.states.get(index);
            Color c = ColorMap.viridis((t - t0) / span);
            Charts.scatter(chart, "points", p.x, p.y, ColorMap.withAlpha(c, ScatterPlot.alpha(p.size()) + 40));
            frames.add(Charts.image(chart));
        }
        return frames;
    }

    /** Renders the frames and writes the looping GIF to {@code path}, atomically. */
    public void write(Path path, Trajectory trajectory, INDArray background) {
        List<BufferedImage> frames = frames(trajectory, background);
        int[] delays = new int[frames.size()];
        java.util.Arrays.fill(delays, frameMillis);
        delays[delays.length - 1] = holdMillis;
        GifWriter.write(path, frames, delays);
    }

    /** Same as {@link #write(Path, Trajectory, INDArray)} without background points. */
    public void write(Path path, Trajectory trajectory) {
        write(path, trajectory, null);
    }

    /** Settings for a {@link FlowAnimation}. */
    public static final class Builder {
        private int size = 400;
        private int maxFrames = 51;
        private int frameMillis = 60;
        private int holdMillis = 1500;

        private Builder() {
        }

        /** Width and height of a frame in pixels, 64 to 8192 (default 400). */
        public Builder size(int pixels) {
            this.size = Charts.checkPixels("size", pixels);
            return this;
        }

        /** The most frames, 2 to 1000, spread evenly over the recorded states (default 51). */
        public Builder maxFrames(int frames) {
            if (frames < 2 || frames > 1000) {
                throw new IllegalArgumentException("max frames must be between 2 and 1000, got " + frames);
            }
            this.maxFrames = frames;
            return this;
        }

        /** How long each frame shows and how long the last one is held, in milliseconds, 10 to 60,000 each. */
        public Builder timing(int frameMillis, int holdMillis) {
            for (int ms : new int[] {frameMillis, holdMillis}) {
                if (ms < 10 || ms > 60_000) {
                    throw new IllegalArgumentException("frame times must be between 10 and 60000 ms, got " + ms);
                }
            }
            this.frameMillis = frameMillis;
            this.holdMillis = holdMillis;
            return this;
        }

        /** The animation. */
        public FlowAnimation build() {
            return new FlowAnimation(this);
        }
    }
}
