package io.flowmatch.core;

import io.flowmatch.datasets.DataSource;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.solvers.Solvers;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Run in a fresh JVM by {@link ToyRecipeGoldenTest}: trains a model on the given data with the
 * given seed and prints the SHA-256 of its trained weights and of 64 Euler samples, as lines
 * {@code toy-golden: weights HEX} and {@code toy-golden: samples HEX}.
 */
public final class ToyRecipeTrainer {

    static final String PREFIX = "toy-golden: ";

    private ToyRecipeTrainer() {
    }

    /**
     * {@code ToyRecipeTrainer MODE DATA ITERATIONS SEED}; MODE is {@code defaults} (nothing set:
     * how the golden values were made, on the code of commit b6216ef, whose defaults were the toy
     * recipe) or {@code toy} ({@code recipe(Recipes.toyExperiments())}).
     */
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        DataSource data = Datasets.parse(args[1]);
        long iterations = Long.parseLong(args[2]);
        long seed = Long.parseLong(args[3]);
        FlowMatcher.Builder b = switch (mode) {
            case "defaults" -> FlowMatcher.builder();
            case "toy" -> FlowMatcher.builder().recipe(Recipes.toyExperiments());
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        };
        FlowModel model = b.data(data).iterations(iterations).seed(seed).logEvery(Long.MAX_VALUE).train();
        System.out.println(PREFIX + "weights " + sha256(model.trainedVelocityModel().parameters()));
        System.out.println(PREFIX + "samples " + sha256(model.sample(64, Solvers.euler(), 10, 7L)));
        System.out.println(PREFIX + "ema " + model.usesWeightAverage());
        System.out.println("kernels " + io.flowmatch.core.internal.BlasKernels.activeCore().orElse("unknown"));
    }

    static String sha256(INDArray x) throws Exception {
        float[] v = x.dup().data().asFloat();
        ByteBuffer bytes = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            bytes.putInt(Float.floatToRawIntBits(f));
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    }
}
