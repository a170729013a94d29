/**
 * The {@code flowmatch-examples.jar} command line, one picocli command a class.
 *
 * <p>{@link io.flowmatch.examples.FlowmatchCli} is the entry point and turns a user's mistake into
 * one line and exit status 2. The commands read the library's short names through the factories'
 * {@code parse(String)} ({@code Datasets}, {@code Paths}, {@code Solvers}, ...), so the command
 * line and the library accept the same text; options shared by several commands are mixins
 * ({@link io.flowmatch.examples.RecipeOptions}, {@link io.flowmatch.examples.ThreadsOption},
 * {@link io.flowmatch.examples.ProgressOption}).
 */
package io.flowmatch.examples;
