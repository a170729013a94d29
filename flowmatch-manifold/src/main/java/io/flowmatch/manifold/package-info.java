/**
 * Riemannian flow matching (Chen and Lipman, "Flow Matching on General Geometries", ICLR 2024)
 * on the sphere and the flat torus, built on flowmatch-core's MLP and shared training loop.
 *
 * <pre>{@code
 * RiemannianFlowModel model = RiemannianFlowMatcher.builder()
 *         .manifold(Manifolds.sphere(3))            // S^2: unit vectors (x, y, z); Manifolds.torus(k): k angles
 *         .data(points)                              // INDArray [n, 3] or a DataSource
 *         .iterations(5_000)
 *         .seed(1L)
 *         .train();
 * INDArray x = model.sample(10_000, 100, 7L);       // every row on the sphere
 * double[] logp = model.logLikelihood(x);            // w.r.t. the sphere's area
 * }</pre>
 *
 * <p>How the parts fit:
 * <ul>
 *   <li><b>Geometry.</b> {@link io.flowmatch.manifold.Manifold} (exp and log maps, parallel
 *       transport, projections, distances, the uniform distribution, the volume), implemented by
 *       {@link io.flowmatch.manifold.Sphere} and {@link io.flowmatch.manifold.FlatTorus}, made
 *       by name with {@link io.flowmatch.manifold.Manifolds}. Points and tangent vectors are rows
 *       of flat {@code double[]} arrays in the manifold's coordinates.</li>
 *   <li><b>Path.</b> {@link io.flowmatch.manifold.GeodesicPath}: x_t on the shortest geodesic
 *       from a uniform point x0 to a data point x1, and its velocity.</li>
 *   <li><b>Model.</b> core's MLP sees the point's {@link io.flowmatch.manifold.Features}
 *       (the point itself on the sphere, (cos, sin) of each angle on the torus) and its output is
 *       projected onto the tangent space; gradients go back through the projection.</li>
 *   <li><b>Training.</b> {@link io.flowmatch.manifold.RiemannianFlowMatcher} (a builder on
 *       {@link io.flowmatch.manifold.RiemannianSettings}, itself on core's
 *       {@code TrainingSettings}) runs {@link io.flowmatch.manifold.RiemannianFlowMatchingObjective}
 *       on core's {@code TrainingSession}/{@code TrainingRun}; the run is described by a
 *       {@link io.flowmatch.manifold.RiemannianRecipe}, whose text form is the model's
 *       provenance, the checkpoint fingerprint and the model file's header.</li>
 *   <li><b>Sampling.</b> {@link io.flowmatch.manifold.ManifoldSolver}s
 *       ({@link io.flowmatch.manifold.ManifoldSolvers}): Runge-Kutta tableaus stepping along
 *       geodesics or projecting back after each step, so every state is on the manifold.</li>
 *   <li><b>Likelihood.</b> {@link io.flowmatch.manifold.RiemannianFlowModel#logLikelihood}: the
 *       instantaneous change of variables with the exact Riemannian divergence (forward-mode
 *       derivatives of the MLP in double precision), w.r.t. the manifold's volume measure.</li>
 *   <li><b>Data and judging.</b> {@link io.flowmatch.manifold.ManifoldDatasets} (uniform,
 *       von Mises-Fisher mixtures, wrapped Gaussian mixtures) and
 *       {@link io.flowmatch.manifold.ManifoldMetrics} (energy distance with geodesic or chordal
 *       distances).</li>
 * </ul>
 */
package io.flowmatch.manifold;
