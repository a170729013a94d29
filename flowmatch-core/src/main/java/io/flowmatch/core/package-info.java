/**
 * Flow matching on ND4J: train a velocity field on a probability path, then sample by
 * integrating its ODE.
 *
 * <p>Start from {@link io.flowmatch.core.FlowMatcher#builder()}: every choice of a run (data,
 * source, {@link io.flowmatch.core.path path}, {@link io.flowmatch.core.time time sampler},
 * {@link io.flowmatch.core.coupling coupling}, {@link io.flowmatch.core.model model}, optimizer)
 * is one builder call, and {@code train()} gives a {@link io.flowmatch.core.FlowModel}, which
 * samples, saves and loads. Labelled data ({@code data(points, labels)}) give a class-conditional
 * model with classifier-free guidance ({@code FlowModel.sample(n, label, guidance)}). The sub-packages hold the plug-in interfaces and their factories;
 * {@link io.flowmatch.core.train} holds the training loop itself.
 */
package io.flowmatch.core;
