package io.flowmatch.core.reflow;

import java.util.Locale;

/**
 * How good a flow is for few-step sampling after a reflow round (round 0 is the teacher).
 *
 * @param round        0 for the teacher, then 1, 2, ...
 * @param straightness {@link Straightness} S of the flow (squared data units; 0 = straight)
 * @param w2OneStep    exact W2 between 1-step Euler samples and the reference
 * @param w2TwoSteps   the same with 2 Euler steps
 * @param w2FourSteps  the same with 4 Euler steps
 * @param seconds      wall time of the round (pair generation and training), 0 for the teacher
 */
public record RoundReport(int round, double straightness, double w2OneStep, double w2TwoSteps,
        double w2FourSteps, double seconds) {

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "round %d: straightness %.4f, W2 at 1/2/4 Euler steps %.4f/%.4f/%.4f (%.1f s)",
                round, straightness, w2OneStep, w2TwoSteps, w2FourSteps, seconds);
    }
}
