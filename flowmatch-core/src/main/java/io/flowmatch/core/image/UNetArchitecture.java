package io.flowmatch.core.image;

/**
 * The shape of a {@link UNetVelocityModel}: a small convolutional U-Net for {@code height x width}
 * grey images with three resolutions (full, half, quarter) of {@code channels1}, {@code channels2}
 * and {@code channels3} feature maps, 3x3 convolutions, one skip connection per resolution, a
 * sinusoidal time embedding of {@code timeFeatures} features and a learned class embedding, both
 * mapped to an {@code embedding}-wide vector that every block adds, projected, to its channels.
 *
 * @param height       image rows, a positive multiple of 4
 * @param width        image columns, a positive multiple of 4
 * @param classes      the number of real classes; label {@code classes} is the null label of
 *                     classifier-free guidance
 * @param channels1    feature maps at full resolution
 * @param channels2    feature maps at half resolution
 * @param channels3    feature maps at quarter resolution
 * @param timeFeatures sinusoidal features of t (even)
 * @param embedding    width of the joint time and class embedding
 */
public record UNetArchitecture(int height, int width, int classes, int channels1, int channels2, int channels3,
        int timeFeatures, int embedding) {

    /** Kernel side of every convolution. */
    public static final int KERNEL = 3;

    /** The default for 28x28 images: 8/16/32 channels at 28/14/7, 32 time features, embedding 64. */
    public static UNetArchitecture defaults(int height, int width, int classes) {
        return new UNetArchitecture(height, width, classes, 8, 16, 32, 32, 64);
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
        if (channels1 < 1 || channels2 < 1 || channels3 < 1) {
            throw new IllegalArgumentException("channel counts must be positive, got " + channels1 + "/" + channels2
                    + "/" + channels3);
        }
        if (timeFeatures < 2 || timeFeatures % 2 != 0) {
            throw new IllegalArgumentException("time features must be even and at least 2, got " + timeFeatures);
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
     * Input and output channels of the seven convolutions, in order: in (1 -&gt; c1, full), down1
     * (c1 -&gt; c2, stride 2), down2 (c2 -&gt; c3, stride 2), middle (c3 -&gt; c3), up2 (c3 + c2 -&gt; c2, half),
     * up1 (c2 + c1 -&gt; c1, full), out (c1 -&gt; 1).
     */
    int[][] convolutions() {
        return new int[][] {{1, channels1}, {channels1, channels2}, {channels2, channels3}, {channels3, channels3},
            {channels3 + channels2, channels2}, {channels2 + channels1, channels1}, {channels1, 1}};
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

    @Override
    public String toString() {
        return "unet(" + height + "x" + width + ", classes=" + classes + ", channels=" + channels1 + "/" + channels2
                + "/" + channels3 + ", time_features=" + timeFeatures + ", embedding=" + embedding + ", silu)";
    }
}
