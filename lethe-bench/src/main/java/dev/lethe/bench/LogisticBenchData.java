package dev.lethe.bench;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.IdxReader;
import dev.lethe.data.ReadOptions;
import dev.lethe.data.Schema;
import dev.lethe.data.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The two datasets of the logistic benchmark, prepared as Guo et al. (ICML 2020) prepare theirs:
 * <ul>
 *   <li>MNIST digits 3 versus 8 (train: 11,982 images, test: 1,984), each image's pixel vector
 *       scaled to unit L2 norm (Guo et al. assume ‖xᵢ‖ ≤ 1);</li>
 *   <li>Spam (UCI Spambase, 4,601 rows, label {@code type}): each feature log(1 + x)-transformed and
 *       z-scored (the raw columns are heavy-tailed), then each row scaled to unit L2 norm; split
 *       80/20 with seed 7.</li>
 * </ul>
 */
final class LogisticBenchData {

    record TrainTest(String name, Dataset train, Dataset test) {
    }

    private LogisticBenchData() {
    }

    static TrainTest mnist(Path datasets) {
        Dataset train = unitRows(threeVersusEight(IdxReader.read(datasets.resolve("mnist")).dataset()));
        Dataset test = unitRows(threeVersusEight(IdxReader.readTestSplit(datasets.resolve("mnist"))));
        return new TrainTest("mnist-3v8", train, test);
    }

    static TrainTest spam(Path datasets) {
        Dataset raw = DatasetReader.read(datasets.resolve("kernlab_spam.csv.gz"), ReadOptions.label("type")).dataset();
        Dataset.Split split = unitRows(logStandardise(raw)).split(0.8, 7);
        return new TrainTest("spam", split.first(), split.second());
    }

    static Dataset threeVersusEight(Dataset digits) {
        Schema schema = digits.schema();
        int three = schema.target().levelIndex("3");
        int eight = schema.target().levelIndex("8");
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < digits.size(); i++) {
            if (digits.label(i) == three || digits.label(i) == eight) {
                keep.add(i);
            }
        }
        int[] rows = keep.stream().mapToInt(Integer::intValue).toArray();
        double[] targets = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            targets[k] = digits.label(rows[k]) == eight ? 1 : 0;
        }
        Schema binary = new Schema(schema.features(), Attribute.categorical("digit", List.of("3", "8")), Task.CLASSIFICATION);
        return rebuild(digits.select(rows), binary, targets, (i, row) -> row);
    }

    static Dataset logStandardise(Dataset raw) {
        int n = raw.size();
        int d = raw.numFeatures();
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += Math.log1p(raw.value(i, j)) / n;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double e = Math.log1p(raw.value(i, j)) - mean[j];
                sd[j] += e * e / n;
            }
        }
        double[] targets = new double[n];
        for (int i = 0; i < n; i++) {
            targets[i] = raw.target(i);
        }
        return rebuild(raw, raw.schema(), targets, (i, row) -> {
            for (int j = 0; j < d; j++) {
                double s = Math.sqrt(sd[j]);
                row[j] = s > 0 ? (Math.log1p(row[j]) - mean[j]) / s : 0;
            }
            return row;
        });
    }

    static Dataset unitRows(Dataset data) {
        double[] targets = new double[data.size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = data.target(i);
        }
        return rebuild(data, data.schema(), targets, (i, row) -> {
            double s = 0;
            for (double v : row) {
                s += v * v;
            }
            double norm = Math.sqrt(s);
            if (norm > 0) {
                for (int j = 0; j < row.length; j++) {
                    row[j] /= norm;
                }
            }
            return row;
        });
    }

    interface RowMap {
        double[] apply(int row, double[] values);
    }

    private static Dataset rebuild(Dataset data, Schema schema, double[] targets, RowMap map) {
        int n = data.size();
        int d = data.numFeatures();
        double[] values = new double[n * d];
        double[] row = new double[d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(map.apply(i, data.copyRow(i, row)), 0, values, i * d, d);
        }
        return Dataset.of(schema, values, targets, data.recordIds(), null);
    }
}
