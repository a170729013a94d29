package io.flowmatch.discrete;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmatch.core.model.Activation;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The hand-written backward pass of the TokenMlp (with its local skip) through both losses, for both sources, against
 * central finite differences of the loss, parameter by parameter, on the same random batch.
 */
class GradientCheckTest {

    @ParameterizedTest
    @CsvSource({
        "mask, cross_entropy, tanh",
        "mask, generalized_kl, elu",
        "uniform, cross_entropy, elu",
        "uniform, generalized_kl, tanh",
        "uniform, generalized_kl, gelu",
    })
    void backwardMatchesFiniteDifferences(String sourceName, String lossName, String activationName) {
        DiscreteSource source = DiscreteSources.parse(sourceName);
        int length = 3;
        int vocabulary = 4;
        DiscreteRecipe recipe = DiscreteRecipe.builder().source(source).loss(DiscreteLoss.parse(lossName))
                .scheduler(ConvexSchedulers.polynomial(1.5)).batchSize(5).build();
        TokenMlp mlp = TokenMlpTest.withRandomSkip(TokenMlp.initialise(new TokenMlpArchitecture(length, vocabulary,
                source.states(vocabulary), List.of(6, 5), Activation.parse(activationName), 2, 2), 3L));
        // larger weights than the initialisation, so that the logits are far from uniform
        mlp.parameters().muli(2.5);
        SplittableRandom dataRng = new SplittableRandom(9L);
        int[][] data = new int[20][length];
        for (int[] row : data) {
            for (int l = 0; l < length; l++) {
                row[l] = dataRng.nextInt(vocabulary);
            }
        }
        DiscreteFlowObjective objective = new DiscreteFlowObjective(recipe, mlp, TokenData.of(data, vocabulary));
        INDArray parameters = mlp.parameters();
        int count = (int) parameters.length();
        INDArray gradient = Nd4j.create(DataType.FLOAT, count);
        long batchSeed = 11L;
        objective.lossAndGradient(new SplittableRandom(batchSeed), gradient);
        float[] analytic = gradient.toFloatVector();
        INDArray scratch = Nd4j.create(DataType.FLOAT, count);
        double eps = 5e-3;
        double worst = 0;
        int nonZero = 0;
        for (int i = 0; i < count; i++) {
            float saved = parameters.getFloat(i);
            parameters.putScalar(i, saved + eps);
            double up = objective.lossAndGradient(new SplittableRandom(batchSeed), scratch);
            parameters.putScalar(i, saved - eps);
            double down = objective.lossAndGradient(new SplittableRandom(batchSeed), scratch);
            parameters.putScalar(i, saved);
            double numeric = (up - down) / (2 * eps);
            double error = Math.abs(numeric - analytic[i]) / Math.max(1e-2, Math.abs(numeric) + Math.abs(analytic[i]));
            worst = Math.max(worst, error);
            if (Math.abs(numeric) > 1e-4) {
                nonZero++;
            }
        }
        assertThat(worst).as("worst relative error over %d parameters", count).isLessThan(2e-2);
        assertThat(nonZero).as("parameters with a visible gradient").isGreaterThan(count / 3);
    }
}
