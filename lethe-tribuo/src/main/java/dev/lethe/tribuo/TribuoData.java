package dev.lethe.tribuo;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.data.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Converts between Lethe datasets and Tribuo classification datasets. Lethe → Tribuo: a numeric
 * feature keeps its name, a categorical feature becomes a one-hot indicator {@code name=level}, the
 * class becomes a {@link Label}. Tribuo → Lethe: every feature name in the feature map becomes a
 * numeric feature (absent sparse values are 0), the labels become the class levels (sorted), and
 * record IDs number the examples from 0.
 */
public final class TribuoData {

    private static final LabelFactory LABELS = new LabelFactory();

    private TribuoData() {
    }

    /** The Tribuo example of one row (in {@code schema}'s columns); the label is unknown when {@code label} is null. */
    public static Example<Label> example(Schema schema, double[] row, String label) {
        return example(schema, row, label, null);
    }

    static Example<Label> example(Schema schema, double[] row, String label, Scaling scaling) {
        ArrayExample<Label> e = new ArrayExample<>(label == null ? LabelFactory.UNKNOWN_LABEL : new Label(label));
        int d = schema.numFeatures();
        String[] names = new String[d];
        double[] values = new double[d];
        for (int j = 0; j < d; j++) {
            Attribute a = schema.feature(j);
            if (a.isCategorical()) {
                names[j] = a.name() + "=" + a.levels().get((int) row[j]);
                values[j] = 1;
            } else {
                names[j] = a.name();
                values[j] = scaling == null ? row[j] : scaling.apply(j, row[j]);
            }
        }
        for (int j = 0; j < d; j++) {
            e.add(names[j], values[j]);
        }
        return e;
    }

    /** A Tribuo dataset holding every row of {@code data} with its class label. */
    public static MutableDataset<Label> toTribuo(Dataset data) {
        return toTribuo(data, null);
    }

    static MutableDataset<Label> toTribuo(Dataset data, Scaling scaling) {
        if (!data.schema().isClassification()) {
            throw new dev.lethe.data.DataException("Tribuo conversion here is for classification; '"
                    + data.schema().target().name() + "' is numeric");
        }
        MutableDataset<Label> out = new MutableDataset<>(new SimpleDataSourceProvenance("lethe dataset " + data.fingerprint(),
                LABELS), LABELS);
        double[] row = new double[data.numFeatures()];
        List<String> classes = data.schema().classes();
        for (int i = 0; i < data.size(); i++) {
            out.add(example(data.schema(), data.copyRow(i, row), classes.get(data.label(i)), scaling));
        }
        return out;
    }

    /** A Lethe dataset from a Tribuo classification dataset, with class target {@code targetName}. */
    public static Dataset fromTribuo(org.tribuo.Dataset<Label> tribuo, String targetName) {
        TreeSet<String> featureNames = new TreeSet<>();
        TreeSet<String> labels = new TreeSet<>();
        for (Example<Label> e : tribuo) {
            for (Feature f : e) {
                featureNames.add(f.getName());
            }
            labels.add(e.getOutput().getLabel());
        }
        List<Attribute> features = new ArrayList<>();
        Map<String, Integer> column = new TreeMap<>();
        for (String name : featureNames) {
            column.put(name, features.size());
            features.add(Attribute.numeric(name));
        }
        List<String> levels = new ArrayList<>(labels);
        Schema schema = new Schema(features, Attribute.categorical(targetName, levels), Task.CLASSIFICATION);
        int n = tribuo.size();
        int d = features.size();
        double[] values = new double[n * d];
        double[] targets = new double[n];
        long[] ids = new long[n];
        int i = 0;
        for (Example<Label> e : tribuo) {
            for (Feature f : e) {
                values[i * d + column.get(f.getName())] = f.getValue();
            }
            targets[i] = levels.indexOf(e.getOutput().getLabel());
            ids[i] = i;
            i++;
        }
        return Dataset.of(schema, values, targets, ids, null);
    }
}
