/**
 * flowmatch's files: the model file ({@link io.flowmatch.core.io.ModelFile}) and the training
 * checkpoint ({@link io.flowmatch.core.io.CheckpointFile}), one checked container of a text
 * header and named float32 arrays under two magic strings, read without Java serialization.
 *
 * <p>Every file is written through {@link io.flowmatch.core.io.AtomicFiles}, so a crash leaves the
 * old file or the new one, never half of one; a file that cannot be read raises a
 * {@link io.flowmatch.core.io.ModelFormatException} naming the file and the problem. Applications
 * use {@code FlowModel.save} and {@code FlowModel.load} rather than these classes.
 */
package io.flowmatch.core.io;
