/**
 * Discrete flow matching (Gat et al., "Discrete Flow Matching", NeurIPS 2024, as in Meta's
 * {@code flow_matching} library) for categories and token sequences.
 *
 * <ul>
 *   <li>{@link io.flowmatch.discrete.DiscreteFlowMatcher}: the builder that trains, on core's
 *       shared loop, and returns a {@link io.flowmatch.discrete.DiscreteFlowModel}, which samples
 *       {@code int[n][L]} token sequences, saves and loads.</li>
 *   <li>The mixture probability path p_t(x | x0, x1) = kappa(t) delta(x1) + (1 - kappa(t)) delta(x0),
 *       per position: {@link io.flowmatch.discrete.DiscreteSources} (mask, uniform) and
 *       {@link io.flowmatch.discrete.ConvexSchedulers} (kappa = t^n).</li>
 *   <li>The network: {@link io.flowmatch.discrete.PosteriorModel} (per-position logits of
 *       p(x1 | x_t)), implemented by {@link io.flowmatch.discrete.TokenMlp}; trained with a
 *       {@link io.flowmatch.discrete.DiscreteLoss} (cross-entropy or the generalized KL).</li>
 *   <li>{@link io.flowmatch.discrete.DiscreteSampler}: discrete Euler with the step-size limit and
 *       an optional divergence-free corrector.</li>
 *   <li>{@link io.flowmatch.discrete.DiscreteRecipe}: the run's settings and their text form,
 *       from which provenance, checkpoint fingerprints and model file headers derive;
 *       {@link io.flowmatch.discrete.TokenCsv}: token sequences as CSV.</li>
 * </ul>
 */
package io.flowmatch.discrete;
