package io.flowmatch.image;

/**
 * The shape of a {@link UNetVelocityModel}: a small convolutional U-Net for {@code height x width}
 * grey images that works at half resolution ({@code channels1} maps) and quarter resolution
 * ({@code channels2} maps), entering by a stride-2 convolution and leaving by a 4-channel
 * convolution and a 2x2 pixel shuffle; 3x3 convolutions, one skip connection, a
 * sinusoidal time embedding of {@code timeFeatures} features and a learned class embedding, both
 * mapped to an {@code embedding}-wide vector that every block adds, projected, to its channels.
 *
 * @param height       image rows, a positive multiple of 4
 * @param width        image columns, a positive multiple of 4
 * @param classes      the number of real classes; label {@code classes} is the null label of
 *                     classifier-free guidance
 * @param channels1    feature maps at half resolution
 * @param channels2    feature maps at quarter resolution
 * @param timeFeatures sinusoidal features of t (even)
 * @param embedding    width of the joint time and class embedding
 * @param middleBlocks 3x3 blocks at quarter resolution (each widens the receptive field by 8 pixels)
 */
public record UNetArchitecture(int height, int width, int classes, int channels1, int channels2,
        int timeFeatures, int embedding, int middleBlocks) {

    /** Kernel side of every convolution. */
    public static final int KERNEL = 3;

    /**
     * The default for 28x28 images: 32/64 channels at 14/7, three middle blocks (so the receptive
     * field spans the whole image, which the shapes' global form needs), 32 time features,
     * embedding 64.
     */
    public static UNetArchitecture defaults(int height, int width, int classes) {
        return new UNetArchitecture(height, width, classes, 32, 64, 32, 64, 3);
    }

    /** An architecture with one middle block. */
    public UNetArchitecture(int height, int width, int classes, int channels1, int channels2, int timeFeatures,
            int embedding) {
        this(height, width, classes, channels1, channels2, timeFeatures, embedding, 1);
    }

    /** Validates every size. */
    public UNetArchitecture {
        if (height < 4 || width < 4 || height % 4 != 0 || width % 4 != 0) {
            throw new IllegalArgumentException("image sides must be positive multiples of 4 (two halvings), got "
                    + height + "x" + width);
        }
        if (classes < 1) {
            throw new IllegalArgumentException("number of classes must be positive, got " + classes);
        }
        if (channels1 < 1 || channels2 < 1) {
            throw new IllegalArgumentException("channel counts must be positive, got " + channels1 + "/" + channels2);
        }
        if (timeFeatures < 2 || timeFeatures % 2 != 0) {
            throw new IllegalArgumentException("time features must be even and at least 2, got " + timeFeatures);
        }
        if (middleBlocks < 1) {
            throw new IllegalArgumentException("middle blocks must be at least 1, got " + middleBlocks);
        }
        if (embedding < 1) {
            throw new IllegalArgumentException("embedding width must be positive, got " + embedding);
        }
    }

    /** The dimension of the flow: pixels per image. */
    public int dimension() {
        return height * width;
    }

    /**
     * Input and output channels of the convolutions, in order: in (1 -&gt; c1, stride 2 to half
     * resolution), down (c1 -&gt; c2, stride 2 to quarter), {@code middleBlocks} middle ones (c2 -&gt;
     * c2), up (c2 + c1 -&gt; c1 at half, after upsampling and the skip), refine (c1 -&gt; c1), out
     * (c1 -&gt; 4, shuffled to full).
     */
    int[][] convolutions() {
        int[][] out = new int[middleBlocks + 5][];
        out[0] = new int[] {1, channels1};
        out[1] = new int[] {channels1, channels2};
        for (int m = 0; m < middleBlocks; m++) {
            out[2 + m] = new int[] {channels2, channels2};
        }
        out[middleBlocks + 2] = new int[] {channels2 + channels1, channels1};
        out[middleBlocks + 3] = new int[] {channels1, channels1};
        out[middleBlocks + 4] = new int[] {channels1, 4};
        return out;
    }

    /** The stride of each convolution of {@link #convolutions()}. */
    int[] strides() {
        int[] out = new int[middleBlocks + 5];
        java.util.Arrays.fill(out, 1);
        out[0] = 2;
        out[1] = 2;
        return out;
    }

    /** The number of scalar parameters. */
    public long parameterCount() {
        long n = 0;
        int[][] convs = convolutions();
        for (int[] c : convs) {
            n += (long) KERNEL * KERNEL * c[0] * c[1] + c[1];
        }
        for (int k = 0; k < convs.length - 1; k++) {
            n += (long) embedding * convs[k][1];
        }
        n += (long) timeFeatures * embedding + embedding;      // time projection and its bias
        n += (long) (classes + 1) * embedding;                 // class table with the null label
        return n;
    }

    /** The largest side, channel count, feature count or block count {@link #parse} accepts. */
    static final int MAX_SIZE = 1 << 14;

    /**
     * The architecture whose {@link #toString()} is {@code text}, e.g.
     * {@code unet(28x28, classes=10, channels=32/64, middle_blocks=3, time_features=32, embedding=64, silu)};
     * the model files and recipes store it in that form.
     *
     * @throws IllegalArgumentException naming the text if it is not such a description or a size
     *                                  is out of range
     */
    public static UNetArchitecture parse(String text) {
        io.flowmatch.core.internal.SpecText spec = io.flowmatch.core.internal.SpecText.parse(text, "U-Net architecture");
        if (!spec.name().equals("unet") || spec.positional().isEmpty() || !spec.named().keySet().equals(
                java.util.Set.of("classes", "channels", "middle_blocks", "time_features", "embedding"))) {
            throw new IllegalArgumentException("bad U-Net architecture '" + text + "': expected unet(HxW, classes=K, "
                    + "channels=C1/C2, middle_blocks=M, time_features=F, embedding=E, silu)");
        }
        String[] side = spec.positional().get(0).split("x", -1);
        String[] channels = spec.named().get("channels").split("/", -1);
        if (side.length != 2 || channels.length != 2 || spec.positional().size() != 2
                || !spec.positional().get(1).equals("silu")) {
            throw new IllegalArgumentException("bad U-Net architecture '" + text + "': expected unet(HxW, classes=K, "
                    + "channels=C1/C2, middle_blocks=M, time_features=F, embedding=E, silu)");
        }
        return new UNetArchitecture(size(side[0], text), size(side[1], text), size(spec.named().get("classes"), text),
                size(channels[0], text), size(channels[1], text), size(spec.named().get("time_features"), text),
                size(spec.named().get("embedding"), text), size(spec.named().get("middle_blocks"), text));
    }

    private static int size(String value, String text) {
        try {
            int v = Integer.parseInt(value.trim());
            if (v < 1 || v > MAX_SIZE) {
                throw new IllegalArgumentException("size " + v + " in '" + text + "' is outside [1, " + MAX_SIZE + "]");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number '" + value + "' in '" + text + "'", e);
        }
    }

    @Override
    public String toString() {
        return "unet(" + height + "x" + width + ", classes=" + classes + ", channels=" + channels1 + "/" + channels2
                + ", middle_blocks=" + middleBlocks + ", time_features=" + timeFeatures + ", embedding=" + embedding
                + ", silu)";
    }
}
