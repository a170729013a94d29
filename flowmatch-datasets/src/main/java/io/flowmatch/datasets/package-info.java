/**
 * Distributions of points to train flow matching models on: toy 2-D generators, the standard
 * Gaussian, and finite point sets loaded from CSV or NumPy {@code .npy} files or copied from an
 * array; and labelled grey images read from IDX files (the MNIST format).
 *
 * <p>Entry points: {@link io.flowmatch.datasets.Datasets} (factories),
 * {@link io.flowmatch.datasets.DataSource} (what they return),
 * {@link io.flowmatch.datasets.PointSet} (a loaded set) and
 * {@link io.flowmatch.datasets.DataFormatException} (unusable file or array content);
 * {@link io.flowmatch.datasets.IdxFiles} (IDX reader), which returns plain arrays
 * ({@link io.flowmatch.datasets.IdxImages}) for the image module to wrap, and throws
 * {@link io.flowmatch.datasets.IdxFormatException}.
 */
package io.flowmatch.datasets;
