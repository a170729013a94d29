package io.flowmatch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmatch.core.FlowMatcher;
import io.flowmatch.core.FlowModel;
import io.flowmatch.core.Recipe;
import io.flowmatch.core.Recipes;
import io.flowmatch.core.coupling.Couplings;
import io.flowmatch.core.likelihood.DivergenceEstimator;
import io.flowmatch.core.likelihood.LogLikelihood;
import io.flowmatch.core.metrics.SampleMetric;
import io.flowmatch.core.model.Activation;
import io.flowmatch.core.path.Paths;
import io.flowmatch.core.time.TimeSamplers;
import io.flowmatch.core.train.Adam;
import io.flowmatch.core.train.DivergencePolicy;
import io.flowmatch.core.train.LearningRateSchedule;
import io.flowmatch.core.train.Validation;
import io.flowmatch.datasets.Column;
import io.flowmatch.datasets.Datasets;
import io.flowmatch.datasets.Table;
import io.flowmatch.datasets.Tables;
import io.flowmatch.discrete.ConvexSchedulers;
import io.flowmatch.discrete.DiscreteFlowMatcher;
import io.flowmatch.discrete.DiscreteFlowModel;
import io.flowmatch.discrete.DiscreteLoss;
import io.flowmatch.discrete.DiscreteSampler;
import io.flowmatch.discrete.DiscreteSources;
import io.flowmatch.discrete.TokenCsv;
import io.flowmatch.image.ImageFlowMatcher;
import io.flowmatch.image.ImageFlowModel;
import io.flowmatch.image.ImageJudge;
import io.flowmatch.image.LabelledImages;
import io.flowmatch.image.Shapes;
import io.flowmatch.manifold.ManifoldDatasets;
import io.flowmatch.manifold.Manifolds;
import io.flowmatch.manifold.RiemannianFlowMatcher;
import io.flowmatch.manifold.RiemannianFlowModel;
import io.flowmatch.solvers.Solvers;
import io.flowmatch.solvers.Trajectory;
import io.flowmatch.tabular.TabularFlowMatcher;
import io.flowmatch.tabular.TabularModel;
import io.flowmatch.viz.FlowAnimation;
import io.flowmatch.viz.ImageGrid;
import io.flowmatch.viz.LossCurvePlot;
import io.flowmatch.viz.LossRecorder;
import io.flowmatch.viz.ProgressBar;
import io.flowmatch.viz.ScatterPlot;
import io.flowmatch.viz.SnapshotPlot;
import io.flowmatch.viz.TrainingProgressBar;
import io.flowmatch.viz.TrajectoryPlot;
import io.flowmatch.viz.VectorFieldPlot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Java code blocks of README.md, as written there (iteration and sample counts lowered so the
 * class runs in seconds; each lowered number carries a comment with the README's). A snippet that
 * stops compiling or does something else than the README says fails here, so the README cannot
 * drift from the API unnoticed. Section names are the README's headings.
 */
class ReadmeSnippetsTest {

    @TempDir
    Path dir;

    /** "Using the library": train, sample, save, load; the loaded model samples bit-identically. */
    @Test
    void usingTheLibrary() {
        Path file = dir.resolve("moons.flow");
        FlowModel model = FlowMatcher.builder()
                .data(Datasets.moons(0.05))        // or Datasets.fromCsv(Path.of("points.csv"))
                .iterations(50)                    // README: 5_000
                .batchSize(256)
                .seed(42L)
                .train();

        INDArray x = model.sample(1_000, Solvers.euler(), 100);    // README: 10_000; [n, 2]
        INDArray y = model.sample(1_000);                            // midpoint rule, 50 steps
        model.save(file);
        FlowModel again = FlowModel.load(file);                      // samples bit-identically

        assertThat(x.shape()).containsExactly(1_000, 2);
        assertThat(y.shape()).containsExactly(1_000, 2);
        assertThat(model.sample(1_000, Solvers.midpoint(), 50, 42L)).isEqualTo(y);   // sample(n): the model's seed
        assertThat(again.sample(500, Solvers.euler(), 20, 7L)).isEqualTo(model.sample(500, Solvers.euler(), 20, 7L));
    }

    /** "Using the library": the old defaults, one call away; the other builder settings compile. */
    @Test
    void toyRecipeAndOtherSettings() {
        FlowModel old = FlowMatcher.builder().recipe(Recipes.toyExperiments())   // first: it sets every setting
                .iterations(20)                                                   // not in the README
                .data(Datasets.moons(0.05)).seed(42L).train();                    // then change single ones
        assertThat(old.provenance()).containsEntry("learning_rate", "0.01").containsEntry("schedule", "constant")
                .containsEntry("time_sampler", "uniform");

        FlowModel tuned = FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(20)
                .hidden(32, 32).activation(Activation.SILU).path(Paths.gaussian(0.01))
                .optimizer(Adam.adamW(1e-4)).schedule(LearningRateSchedule.cosine(0)).clipNorm(1.0)
                .ema(0.999).train();
        assertThat(tuned.provenance()).containsEntry("hidden", "32,32").containsEntry("clip_norm", "1.0");
    }

    /** "Seeing the flow": the pictures from Java (sizes lowered), each written as a non-empty file. */
    @Test
    void seeingTheFlow() throws Exception {
        java.io.StringWriter progress = new java.io.StringWriter();
        LossRecorder losses = new LossRecorder();                       // a TrainingListener
        FlowModel model = FlowMatcher.builder().data(Datasets.moons(0.05))
                .iterations(50)                                         // not in the README (the default 5000)
                .listener(losses)
                .listener(new TrainingProgressBar(progress, ProgressBar.Style.forConsole()))   // README: System.err
                .train();

        INDArray data = Datasets.moons(0.05).sample(200, 1L);           // README: 2000
        INDArray samples = model.sample(200);                           // README: 2000
        Trajectory paths = model.trajectory(100, Solvers.euler(), 10, 7L);   // README: 1000, 100 steps

        ScatterPlot.builder().build().write(dir.resolve("samples.png"), data, samples);
        TrajectoryPlot.builder().particles(30).build().write(dir.resolve("trajectories.png"), paths);
        SnapshotPlot.builder().times(0, 0.25, 0.5, 0.75, 1).build().write(dir.resolve("snapshots.png"), paths);
        VectorFieldPlot.builder().times(0, 0.5, 0.9).build().write(dir.resolve("field.png"), model::velocity, data);
        LossCurvePlot.builder().logScale(true).build().write(dir.resolve("loss.png"), losses.losses());
        FlowAnimation.builder().build().write(dir.resolve("flow.gif"), paths, data);

        assertThat(losses.losses()).hasSize(50);
        assertThat(progress.toString()).contains("50/50");
        for (String file : new String[] {"samples.png", "trajectories.png", "snapshots.png", "field.png", "loss.png",
            "flow.gif"}) {
            assertThat(Files.size(dir.resolve(file))).as(file).isPositive();
        }
    }

    /** "Labels and guidance for point flows", and the conditional likelihood beside it. */
    @Test
    void labelsAndGuidance() throws Exception {
        INDArray points = Datasets.eightGaussians().sample(400, 1L);
        int[] labels = new int[400];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 4;
        }
        FlowModel model = FlowMatcher.builder()
                .data(points, labels)                 // INDArray [n, d], int[n] in 0..K-1; or any LabelledDataSource
                .labelDropout(0.1)                    // the default: P(label -> null label) in training
                .coupling(Couplings.exactOt())        // any coupling: solved within each class
                .iterations(30)                       // not in the README (the default 5000)
                .train();
        INDArray three = model.sample(100, 3, 2.0);                               // class 3, guidance 2; README: 1000
        INDArray mix = model.sample(FlowModel.labelMix(new int[] {50, 0, 25}), 1.0, Solvers.midpoint(), 50, 7L);
        INDArray all = model.sample(100);                                        // the whole data, as ever
        assertThat(three.shape()).containsExactly(100, 2);
        assertThat(mix.shape()).containsExactly(75, 2);
        assertThat(all.shape()).containsExactly(100, 2);
        assertThat(model.classes()).isEqualTo(4);

        INDArray x = three.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        double[] given3 = LogLikelihood.builder(model).label(3).build().logDensity(x);       // log p(x | 3)
        double[] guided = LogLikelihood.builder(model).label(3).guidance(2.0).build().logDensity(x);
        assertThat(given3).hasSize(5).satisfies(ReadmeSnippetsTest::allFinite);
        assertThat(guided).hasSize(5).satisfies(ReadmeSnippetsTest::allFinite).isNotEqualTo(given3);

        // a CSV label column's names
        Path iris = dir.resolve("iris.csv");
        StringBuilder csv = new StringBuilder("x,y,species\n");
        String[] species = {"setosa", "versicolor", "virginica"};
        for (int i = 0; i < 90; i++) {
            csv.append(i % 3 * 3 + (i % 7) * 0.1).append(',').append(i % 5 * 0.2).append(',').append(species[i % 3])
                    .append('\n');
        }
        Files.writeString(iris, csv);
        FlowModel named = FlowMatcher.builder().data(Datasets.fromCsv(iris, "species")).iterations(20).train();
        assertThat(named.classNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(named.classOf("setosa")).isZero();
        INDArray heldOut = named.sample(4);
        // "Log-likelihood": a labelled model's log p(x | label)
        double[] setosa = LogLikelihood.builder(named).label("setosa").guidance(1.0).build().logDensity(heldOut);
        assertThat(setosa).hasSize(4).satisfies(ReadmeSnippetsTest::allFinite);
    }

    /** "How it fits together": a recipe's text form reads back to an equal recipe. */
    @Test
    void recipeTextForm() {
        Recipe recipe = Recipe.builder().path(Paths.cosine()).coupling(Couplings.exactOt())
                .timeSampler(TimeSamplers.logitNormal(0, 1)).ema(0.999).build();
        Map<String, String> text = recipe.toMap();      // {model=mlp, hidden=64,64,64, path=cosine, coupling=exact_ot, ...}
        assertThat(text).containsEntry("model", "mlp").containsEntry("hidden", "64,64,64")
                .containsEntry("path", "cosine").containsEntry("coupling", "exact_ot");
        FlowModel model = FlowMatcher.builder().recipe(Recipe.fromMap(text)).data(Datasets.moons(0.05))
                .iterations(10)                         // not in the README
                .train();
        assertThat(model.provenance()).containsEntry("path", "cosine").containsEntry("ema_decay", "0.999");
    }

    /** "Log-likelihood", "Training that knows when to stop", divergence policy and threads. */
    @Test
    void likelihoodValidationAndReliability() {
        FlowModel model = FlowMatcher.builder()
                .data(Datasets.moons(0.05))
                .iterations(200)                            // README: 20_000
                .validation(Validation.every(50)            // README: 250; off unless you call this
                        .samples(100)                       // README: 1000; generated points per evaluation
                        .metric(SampleMetric.energyDistance())
                        .patience(4)                        // stop after 4 evaluations without a new best (0: never)
                        .heldOut(Datasets.moons(0.05)))     // or an INDArray of held-out points
                .train();
        String best = model.provenance().get("best_step");  // the weights the model carries
        assertThat(best).isNotNull();
        assertThat(Long.parseLong(best)).isBetween(50L, 200L);

        INDArray heldOut = Datasets.moons(0.05).sample(6, 9L);
        double[] logp = LogLikelihood.builder(model)                 // a FlowModel (MLP) or any TangentField
                .divergence(DivergenceEstimator.exact())              // or hutchinson(4, Probe.RADEMACHER)
                .solver(Solvers.dopri5(1e-5, 1e-5))                   // the default
                .build()
                .logDensity(heldOut);                                 // nats, one per row
        double[] byDefault = LogLikelihood.builder(model).build().logDensity(heldOut);
        double[] hutchinson = LogLikelihood.builder(model)
                .divergence(DivergenceEstimator.hutchinson(4, DivergenceEstimator.Probe.RADEMACHER)).build()
                .logDensity(heldOut);
        assertThat(logp).hasSize(6).satisfies(ReadmeSnippetsTest::allFinite).isEqualTo(byDefault);
        assertThat(hutchinson).hasSize(6).satisfies(ReadmeSnippetsTest::allFinite);

        FlowModel guarded = FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(10)
                .onDivergence(DivergencePolicy.skipAndLowerLearningRate(0.5, 10)) // x0.5 per skipped step, at most 10
                .train();
        INDArray x = guarded.withThreads(2).sample(3_000, Solvers.euler(), 10, 7L);   // = the 1-thread result
        assertThat(x).isEqualTo(guarded.withThreads(1).sample(3_000, Solvers.euler(), 10, 7L));
        double[] parallel = LogLikelihood.builder(model).threads(2).build().logDensity(heldOut);
        assertThat(parallel).isEqualTo(byDefault);

        // "Checkpoints and resuming": a run that checkpoints, then a longer one resumed from it
        Path ckpt = dir.resolve("moons.ckpt");
        FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(40)                   // README: 50_000
                .checkpoints(ckpt, 20)                      // README: 1_000; (0: only on stop or divergence)
                .train();
        assertThat(ckpt).isNotEmptyFile();
        FlowModel resumed = FlowMatcher.builder().data(Datasets.moons(0.05)).iterations(60)
                .checkpoints(ckpt, 20)
                .resumeFrom(ckpt)                            // when continuing an earlier run
                .train();
        assertThat(resumed.provenance()).containsEntry("iterations", "60");
    }

    /** "Tables": synthetic rows, conditioning, imputation, save and load. */
    @Test
    void tables() throws Exception {
        Path trainCsv = dir.resolve("train.csv");
        StringBuilder csv = new StringBuilder("a,b,target\n");
        String[] targets = {"setosa", "versicolor", "virginica"};
        for (int i = 0; i < 60; i++) {
            csv.append(i % 3 + 0.1 * (i % 5)).append(',').append(i % 4).append(',').append(targets[i % 3]).append('\n');
        }
        Files.writeString(trainCsv, csv);
        Path missingCsv = dir.resolve("with-missing.csv");
        Files.writeString(missingCsv, "a,b,target\n1.2,,setosa\n,2,\n");
        Table withMissing = Tables.readCsv(missingCsv);

        Table train = Tables.readCsv(trainCsv);        // or Tables.csv(path).categorical("zip").read()
        TabularModel model = TabularFlowMatcher.builder()
                .data(train)
                .condition("target")        // optional: a categorical column; trained with label dropout for guidance
                .iterations(30)             // README: 5_000
                .seed(1L)
                .train();
        Table fake = model.sample(100, 7L);                                    // README: 1000
        Table setosa = model.sample(50, Map.of("target", "setosa"), 2.0, 7L); // conditioned, guidance 2.0
        Table filled = model.impute(withMissing, 7L);                         // empty cells filled, the rest unchanged
        Tables.writeCsv(fake, dir.resolve("fake.csv"));
        model.save(dir.resolve("table.flow"));
        TabularModel again = TabularModel.load(dir.resolve("table.flow"));

        assertThat(fake.rowCount()).isEqualTo(100);
        assertThat(fake.names()).containsExactly("a", "b", "target");
        Column target = setosa.column("target");
        for (int i = 0; i < target.size(); i++) {
            assertThat(target.text(i)).isEqualTo("setosa");
        }
        assertThat(withMissing.missingCount()).isEqualTo(3);
        assertThat(filled.missingCount()).isZero();
        assertThat(filled.text(0, 0)).isEqualTo(withMissing.text(0, 0));
        assertThat(Tables.readCsv(dir.resolve("fake.csv")).rowCount()).isEqualTo(100);
        assertThat(again.sample(20, 3L)).isEqualTo(model.sample(20, 3L));
    }

    /** "Discrete flows". */
    @Test
    void discreteFlows() throws Exception {
        Path tokensCsv = dir.resolve("tokens.csv");
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            csv.append(i % 128).append(',').append((i + 1) % 128).append('\n');
        }
        Files.writeString(tokensCsv, csv);

        int[][] tokens = TokenCsv.read(tokensCsv);                  // n x L, one sequence a row
        DiscreteFlowModel d = DiscreteFlowMatcher.builder()
                .data(tokens, 128)                                  // vocabulary: tokens in [0, 128)
                .source(DiscreteSources.mask())                     // or DiscreteSources.uniform()
                .scheduler(ConvexSchedulers.polynomial(1))          // κ(t) = t^n (the default n = 1)
                .loss(DiscreteLoss.CROSS_ENTROPY)                   // or GENERALIZED_KL
                .iterations(20).batchSize(256).seed(1L)            // README: 5_000
                .train();
        int[][] s = d.sample(1_000, 64, 7L);                        // README: 100_000; n, Euler steps, seed
        int[][] c = d.sample(100, DiscreteSampler.euler(64).withCorrector(10), 7L);   // README: 10_000
        d.save(dir.resolve("tokens.flow"));                         // format=flowmatch-discrete-model
        DiscreteFlowModel again = DiscreteFlowModel.load(dir.resolve("tokens.flow"));   // samples bit-identically

        assertThat(s).hasNumberOfRows(1_000);
        assertThat(s[0]).hasSize(2);
        assertThat(c).hasNumberOfRows(100);
        for (int[] row : s) {
            for (int t : row) {
                assertThat(t).isBetween(0, 127);
            }
        }
        assertThat(again.sample(300, 16, 5L)).isDeepEqualTo(d.sample(300, 16, 5L));
    }

    /** "Images": the Java block with the offline Shapes in place of Fashion-MNIST (sizes lowered). */
    @Test
    void images() {
        LabelledImages train = Shapes.generate(200, 1L);             // README: FashionMnist.train()
        ImageFlowModel model = ImageFlowMatcher.builder()
                .images(train)
                .iterations(2)                                        // README: 3_000, the default
                .batchSize(32)
                .learningRate(3e-3)
                .labelDropout(0.1)
                .ema(0.998)                                           // sample from an average of the weights
                .seed(42L)
                .threads(2)                                           // two threads share each batch: same numbers as one
                .train();
        model.save(dir.resolve("fashion.flow"));                      // ImageFlowModel.load(path) samples identically
        int[] labels = model.gridLabels(1);                           // README: 8; one row per class
        INDArray images = model.sample(labels, 2.0, 4, 7L);           // guidance w = 2; README: 40 Euler steps
        ImageGrid.writePng(dir.resolve("grid.png"), images, 10, 1, 28, 28, 2);
        ImageJudge judge = ImageJudge.builder().train(train).test(Shapes.generate(100, 2L)).threads(2)
                .epochs(1)                                            // not in the README (the default 2)
                .build();
        ImageJudge.Score score = judge.score(images, labels);         // accuracy, Frechet distance and its floor

        assertThat(labels).hasSize(10);
        assertThat(images.shape()[0]).isEqualTo(10);
        assertThat(ImageFlowModel.load(dir.resolve("fashion.flow")).sample(labels, 2.0, 4, 7L)).isEqualTo(images);
        assertThat(dir.resolve("grid.png")).isNotEmptyFile();
        assertThat(score.toString()).isNotEmpty();
    }

    /** "Manifolds". */
    @Test
    void manifolds() {
        INDArray points = ManifoldDatasets.vonMisesFisherMixture(50, new double[] {0, 0, 1}, new double[] {1, 0, 0})
                .sample(500, 1L);
        RiemannianFlowModel model = RiemannianFlowMatcher.builder()
                .manifold(Manifolds.sphere(3))           // S^2, unit vectors; Manifolds.torus(k): k angles in [-pi, pi)
                .data(points)                             // INDArray [n, 3] (norms within 1e-3 of 1) or a DataSource
                .iterations(30)                           // README: 5_000
                .seed(1L)
                .train();
        INDArray x = model.sample(200, 20, 7L);          // README: 10_000, 100; n, steps, seed
        double[] logp = model.logLikelihood(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5),
                org.nd4j.linalg.indexing.NDArrayIndex.all()));   // w.r.t. the area on S^2
        model.save(dir.resolve("sphere.flow"));           // ModelFile container, format=flowmatch-riemannian-model
        RiemannianFlowModel again = RiemannianFlowModel.load(dir.resolve("sphere.flow"));

        assertThat(x.shape()).containsExactly(200, 3);
        double[] norms = x.norm2(1).toDoubleVector();
        for (double r : norms) {
            assertThat(r).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(logp).hasSize(5).satisfies(ReadmeSnippetsTest::allFinite);
        assertThat(again.sample(50, 10, 3L)).isEqualTo(model.sample(50, 10, 3L));
    }

    private static void allFinite(double[] values) {
        for (double v : values) {
            assertThat(v).isFinite();
        }
    }
}
