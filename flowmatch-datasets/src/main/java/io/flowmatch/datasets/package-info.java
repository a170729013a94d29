/**
 * Distributions of points to train flow matching models on: toy 2-D generators, the standard
 * Gaussian, and finite point sets loaded from CSV or NumPy {@code .npy} files or copied from an
 * array; and labelled grey images read from IDX files (the MNIST format).
 *
 * <p>The plug-in point is {@link io.flowmatch.datasets.DataSource} (a distribution that fills a
 * caller's array, taking every random number from the caller's generator). Start from
 * {@link io.flowmatch.datasets.Datasets}, the factory of the built-in ones, whose
 * {@code parse(String)} reads the names a command line uses; a loaded set is a
 * {@link io.flowmatch.datasets.PointSet}, and unusable file or array content raises a
 * {@link io.flowmatch.datasets.DataFormatException}. Points with a class label each are a
 * {@link io.flowmatch.datasets.LabelledDataSource}: the labelled toys, labelled arrays and CSV
 * files with a label column (a {@link io.flowmatch.datasets.LabelledPointSet}).
 *
 * <p>{@link io.flowmatch.datasets.IdxFiles} reads labelled grey images from IDX files (the MNIST
 * format) into plain arrays ({@link io.flowmatch.datasets.IdxImages}) for the image module to wrap,
 * and throws {@link io.flowmatch.datasets.IdxFormatException} for a bad file.
 *
 * <p>Tables of mixed column types are read, written, split and damaged by
 * {@link io.flowmatch.datasets.Tables}: a {@link io.flowmatch.datasets.Table} is a list of named
 * {@link io.flowmatch.datasets.Column}s, each of a {@link io.flowmatch.datasets.ColumnType}
 * (numeric, integer, binary, categorical) with missing cells allowed;
 * {@link io.flowmatch.datasets.TableReader} declares column types where inference is wrong.
 */
package io.flowmatch.datasets;
