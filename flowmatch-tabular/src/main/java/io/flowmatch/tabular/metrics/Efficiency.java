package io.flowmatch.tabular.metrics;

import io.flowmatch.datasets.Column;
import io.flowmatch.datasets.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * Machine-learning efficiency: how well models trained on a table predict a target column of
 * held-out real rows. The score is the mean over two model families of Tribuo (Apache-2.0):
 * a linear model (multinomial logistic regression, or least squares for a number target, by
 * AdaGrad SGD on standardized features) and a random forest (100 CART trees of depth at most 28,
 * square root of the features per split for labels, all (0.999) for numbers), each seeded, averaged over
 * {@value #TRIES} seeds for the forest. A label target scores macro F1 (over the labels of the
 * truth and the predictions, as scikit-learn's {@code f1_score(average="macro")}), 0 when the
 * training table lacks a label of the test rows, as in the reference; a number target scores R2.
 *
 * <p>Features as in the reference: numbers raw (standardized here, which changes nothing for the
 * forest and only the conditioning of the linear fit), labels one-hot over the union of the labels
 * of the fit and test tables. The reference also averages AdaBoost and XGBoost; this one uses the
 * two families Tribuo provides without native code, so its figures are close to, not equal to,
 * {@code tabular_eval.py}'s.
 */
public final class Efficiency {

    /** Seeds the random forest is averaged over. */
    public static final int TRIES = 3;

    private final Table schema;
    private final String target;
    private final boolean classification;

    /**
     * @param schema the training table: the feature columns are its columns other than the target
     * @param target a label column (classification) or a number column (regression)
     */
    public Efficiency(Table schema, String target) {
        this.schema = schema;
        this.target = target;
        this.classification = schema.column(target).isCategorical();
    }

    /** Whether the target is a label (F1) rather than a number (R2). */
    public boolean isClassification() {
        return classification;
    }

    /** Trains on {@code fit} and scores on {@code test}: the mean over the model families. */
    public double score(Table fit, Table test) {
        if (fit.rowCount() == 0) {
            return classification ? 0 : Double.NaN;
        }
        Features features = new Features(fit, test);
        if (classification) {
            Set<String> fitLabels = new HashSet<>();
            Column y = fit.column(target);
            for (int r = 0; r < fit.rowCount(); r++) {
                fitLabels.add(y.text(r));
            }
            Column yt = test.column(target);
            for (int r = 0; r < test.rowCount(); r++) {
                if (!fitLabels.contains(yt.text(r))) {
                    return 0;
                }
            }
            if (fitLabels.size() < 2) {
                return 0;
            }
            LabelFactory factory = new LabelFactory();
            MutableDataset<Label> data = dataset(factory, features, fit, r -> new Label(y.text(r)));
            double linear = f1(new org.tribuo.classification.sgd.linear.LinearSGDTrainer(new LogMulticlass(),
                    new AdaGrad(0.5), 100, 1L).train(data), features, test);
            double forest = 0;
            int nf = features.names.length;
            for (int s = 0; s < TRIES; s++) {
                // sqrt(features) per split, as scikit-learn's forest; Tribuo's forest needs a fraction below 1
                float fraction = (float) Math.min(0.999, Math.max(1.0 / nf, Math.sqrt(nf) / nf));
                CARTClassificationTrainer tree = new CARTClassificationTrainer(28, 1f, 0f, fraction, false,
                        new GiniIndex(), s);
                Trainer<Label> rf = new RandomForestTrainer<>(tree, new VotingCombiner(), 100, s);
                forest += f1(rf.train(data), features, test);
            }
            return (linear + forest / TRIES) / 2;
        }
        RegressionFactory factory = new RegressionFactory();
        Column y = fit.column(target);
        MutableDataset<Regressor> data = dataset(factory, features, fit,
                r -> new Regressor(target, number(y, r)));
        double linear = r2(new org.tribuo.regression.sgd.linear.LinearSGDTrainer(new SquaredLoss(),
                new AdaGrad(0.1), 100, 1L).train(data), features, test);
        double forest = 0;
        for (int s = 0; s < TRIES; s++) {
            CARTRegressionTrainer tree = new CARTRegressionTrainer(28, 1f, 0f, 0.999f, false, new MeanSquaredError(), s);
            Trainer<Regressor> rf = new RandomForestTrainer<>(tree, new AveragingCombiner(), 100, s);
            forest += r2(rf.train(data), features, test);
        }
        return (linear + forest / TRIES) / 2;
    }

    private interface OutputOf<T> {
        T at(int row);
    }

    private <T extends Output<T>> MutableDataset<T> dataset(OutputFactory<T> factory, Features f, Table t,
                                                           OutputOf<T> output) {
        MutableDataset<T> data = new MutableDataset<>(new SimpleDataSourceProvenance("table", factory), factory);
        for (int r = 0; r < t.rowCount(); r++) {
            data.add(new ArrayExample<>(output.at(r), f.names, f.row(t, r)));
        }
        return data;
    }

    private double f1(Model<Label> model, Features f, Table test) {
        Column yt = test.column(target);
        List<String> truth = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        for (int r = 0; r < test.rowCount(); r++) {
            ArrayExample<Label> ex = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, f.names, f.row(test, r));
            truth.add(yt.text(r));
            predicted.add(model.predict(ex).getOutput().getLabel());
        }
        return macroF1(truth, predicted);
    }

    /** Macro F1 over the union of true and predicted labels (scikit-learn's definition). */
    static double macroF1(List<String> truth, List<String> predicted) {
        Set<String> labels = new TreeSet<>(truth);
        labels.addAll(predicted);
        double sum = 0;
        for (String label : labels) {
            int tp = 0;
            int fp = 0;
            int fn = 0;
            for (int i = 0; i < truth.size(); i++) {
                boolean t = truth.get(i).equals(label);
                boolean p = predicted.get(i).equals(label);
                tp += t && p ? 1 : 0;
                fp += !t && p ? 1 : 0;
                fn += t && !p ? 1 : 0;
            }
            sum += tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        }
        return sum / labels.size();
    }

    private double r2(Model<Regressor> model, Features f, Table test) {
        Column yt = test.column(target);
        int n = test.rowCount();
        double mean = 0;
        for (int r = 0; r < n; r++) {
            mean += number(yt, r);
        }
        mean /= n;
        double ssRes = 0;
        double ssTot = 0;
        for (int r = 0; r < n; r++) {
            ArrayExample<Regressor> ex = new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, f.names, f.row(test, r));
            double p = model.predict(ex).getOutput().getValues()[0];
            double y = number(yt, r);
            ssRes += (y - p) * (y - p);
            ssTot += (y - mean) * (y - mean);
        }
        return ssTot == 0 ? Double.NaN : 1 - ssRes / ssTot;
    }

    private static double number(Column c, int r) {
        return c.isCategorical() ? Double.parseDouble(c.text(r)) : c.value(r);
    }

    /** The feature columns: numbers standardized on the fit table, labels one-hot over fit and test. */
    private final class Features {
        final String[] names;
        final List<String> columns = new ArrayList<>();
        final Map<String, double[]> scaling = new LinkedHashMap<>();
        final Map<String, List<String>> labels = new LinkedHashMap<>();

        Features(Table fit, Table test) {
            List<String> names = new ArrayList<>();
            for (Column c : schema.columns()) {
                if (c.name().equals(target)) {
                    continue;
                }
                columns.add(c.name());
                if (c.isCategorical()) {
                    TreeSet<String> all = new TreeSet<>();
                    for (Table t : new Table[] {fit, test}) {
                        Column col = t.column(c.name());
                        for (int r = 0; r < t.rowCount(); r++) {
                            all.add(col.text(r));
                        }
                    }
                    labels.put(c.name(), new ArrayList<>(all));
                    for (String l : all) {
                        names.add(c.name() + "=" + l);
                    }
                } else {
                    Column col = fit.column(c.name());
                    double sum = 0;
                    double ss = 0;
                    for (int r = 0; r < fit.rowCount(); r++) {
                        sum += number(col, r);
                    }
                    double mean = sum / fit.rowCount();
                    for (int r = 0; r < fit.rowCount(); r++) {
                        double v = number(col, r) - mean;
                        ss += v * v;
                    }
                    double sd = Math.sqrt(ss / fit.rowCount());
                    scaling.put(c.name(), new double[] {mean, sd > 0 ? sd : 1});
                    names.add(c.name());
                }
            }
            this.names = names.toArray(new String[0]);
        }

        double[] row(Table t, int r) {
            double[] out = new double[names.length];
            int o = 0;
            for (String name : columns) {
                Column col = t.column(name);
                List<String> ls = labels.get(name);
                if (ls != null) {
                    int at = ls.indexOf(col.text(r));
                    if (at >= 0) {
                        out[o + at] = 1;
                    }
                    o += ls.size();
                } else {
                    double[] s = scaling.get(name);
                    out[o++] = (number(col, r) - s[0]) / s[1];
                }
            }
            return out;
        }
    }
}
