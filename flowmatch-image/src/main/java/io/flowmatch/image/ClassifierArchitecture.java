package io.flowmatch.image;

/**
 * The shape of the judge's convolutional classifier ({@link ImageJudge}): three 3x3 convolutions
 * with ReLU, {@code 1 -> channels1} at full resolution, {@code channels1 -> channels2} with stride 2
 * (half) and {@code channels2 -> channels2} with stride 2 (quarter), then a dense layer of
 * {@code features} units with ReLU (the features the Frechet distance compares) and a dense
 * layer to the class logits.
 *
 * <p>Parameter layout in the flat vector, in order: each convolution's weight
 * {@code [3, 3, in, out]} and bias {@code [out]}; the first dense weight
 * {@code [(height / 4) (width / 4) channels2, features]} (inputs in channels-last order) and
 * bias; the second dense weight {@code [features, classes]} and bias.
 *
 * @param height    image rows, a positive multiple of 4
 * @param width     image columns, a positive multiple of 4
 * @param classes   the number of classes, at least 2
 * @param channels1 feature maps at full resolution
 * @param channels2 feature maps at half and quarter resolution
 * @param features  units of the penultimate layer
 */
public record ClassifierArchitecture(int height, int width, int classes, int channels1, int channels2,
        int features) {

    /** The default for 28x28 images: 32 and 64 channels, 128 features. */
    public static ClassifierArchitecture defaults(int height, int width, int classes) {
        return new ClassifierArchitecture(height, width, classes, 32, 64, 128);
    }

    /** Validates every size. */
    public ClassifierArchitecture {
        if (height < 4 || width < 4 || height % 4 != 0 || width % 4 != 0) {
            throw new IllegalArgumentException("image sides must be positive multiples of 4, got " + height + "x" + width);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        if (channels1 < 1 || channels2 < 1 || features < 1) {
            throw new IllegalArgumentException("channels and features must be positive, got " + channels1 + "/"
                    + channels2 + "/" + features);
        }
        int max = UNetArchitecture.MAX_SIZE;
        if (height > max || width > max || classes > max || channels1 > max || channels2 > max || features > max) {
            throw new IllegalArgumentException("a size exceeds " + max);
        }
    }

    /** Pixels per image. */
    public int dimension() {
        return height * width;
    }

    /** Inputs of the first dense layer: the quarter-resolution maps, flattened. */
    int flat() {
        return (height / 4) * (width / 4) * channels2;
    }

    /** Input and output channels of the three convolutions. */
    int[][] convolutions() {
        return new int[][] {{1, channels1}, {channels1, channels2}, {channels2, channels2}};
    }

    /** The number of scalar parameters. */
    public long parameterCount() {
        long n = 0;
        for (int[] c : convolutions()) {
            n += 9L * c[0] * c[1] + c[1];
        }
        n += (long) flat() * features + features;
        n += (long) features * classes + classes;
        return n;
    }

    /**
     * The architecture whose {@link #toString()} is {@code text}, e.g.
     * {@code convnet(28x28, classes=10, channels=32/64, features=128, relu)}.
     *
     * @throws IllegalArgumentException naming the text if it is not such a description
     */
    public static ClassifierArchitecture parse(String text) {
        io.flowmatch.core.internal.SpecText spec = io.flowmatch.core.internal.SpecText.parse(text, "classifier");
        String expected = "expected convnet(HxW, classes=K, channels=C1/C2, features=F, relu)";
        if (!spec.name().equals("convnet") || spec.positional().size() != 2 || !spec.positional().get(1).equals("relu")
                || !spec.named().keySet().equals(java.util.Set.of("classes", "channels", "features"))) {
            throw new IllegalArgumentException("bad classifier '" + text + "': " + expected);
        }
        String[] side = spec.positional().get(0).split("x", -1);
        String[] channels = spec.named().get("channels").split("/", -1);
        if (side.length != 2 || channels.length != 2) {
            throw new IllegalArgumentException("bad classifier '" + text + "': " + expected);
        }
        return new ClassifierArchitecture(number(side[0], text), number(side[1], text),
                number(spec.named().get("classes"), text), number(channels[0], text), number(channels[1], text),
                number(spec.named().get("features"), text));
    }

    private static int number(String value, String text) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number '" + value + "' in '" + text + "'", e);
        }
    }

    @Override
    public String toString() {
        return "convnet(" + height + "x" + width + ", classes=" + classes + ", channels=" + channels1 + "/" + channels2
                + ", features=" + features + ", relu)";
    }
}
