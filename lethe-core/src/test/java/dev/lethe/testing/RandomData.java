package dev.lethe.testing;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.data.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random datasets for property tests of every family: numeric features on different scales (some
 * rounded, to create ties), categorical features (some levels unused), classes or a numeric target
 * that depends on the features, shuffled non-dense record IDs and subjects owning several rows.
 */
public final class RandomData {

    private RandomData() {
    }

    public static Dataset classification(long seed, int rows, int numeric, int categorical, int classes) {
        return generate(seed, rows, numeric, categorical, classes, Task.CLASSIFICATION);
    }

    public static Dataset regression(long seed, int rows, int numeric, int categorical) {
        return generate(seed, rows, numeric, categorical, 0, Task.REGRESSION);
    }

    public static Dataset generate(long seed, int rows, int numeric, int categorical, int classes, Task task) {
        Random r = new Random(seed);
        List<Attribute> features = new ArrayList<>();
        double[] scale = new double[numeric];
        double[] offset = new double[numeric];
        boolean[] rounded = new boolean[numeric];
        for (int j = 0; j < numeric; j++) {
            features.add(Attribute.numeric("x" + j));
            scale[j] = Math.pow(10, r.nextInt(5) - 2);
            offset[j] = r.nextGaussian() * 10 * scale[j];
            rounded[j] = r.nextInt(3) == 0;
        }
        int[] levels = new int[categorical];
        for (int j = 0; j < categorical; j++) {
            levels[j] = 2 + r.nextInt(4);
            List<String> names = new ArrayList<>();
            for (int k = 0; k < levels[j]; k++) {
                names.add("c" + j + "_" + k);
            }
            features.add(Attribute.categorical("cat" + j, names));
        }
        Attribute target;
        if (task == Task.CLASSIFICATION) {
            List<String> names = new ArrayList<>();
            for (int k = 0; k < classes; k++) {
                names.add("class" + k);
            }
            target = Attribute.categorical("y", names);
        } else {
            target = Attribute.numeric("y");
        }
        Schema schema = new Schema(features, target, task);
        int d = numeric + categorical;
        double[] weights = new double[d];
        for (int j = 0; j < d; j++) {
            weights[j] = r.nextGaussian();
        }
        double[] values = new double[rows * d];
        double[] targets = new double[rows];
        long[] ids = new long[rows];
        String[] subjects = new String[rows];
        int subjectCount = Math.max(1, rows / 3);
        long nextId = 1000 + r.nextInt(1000);
        for (int i = 0; i < rows; i++) {
            double score = 0;
            for (int j = 0; j < numeric; j++) {
                double z = r.nextGaussian();
                double v = offset[j] + scale[j] * z;
                if (rounded[j]) {
                    v = Math.rint(v / scale[j]) * scale[j];
                }
                values[i * d + j] = v;
                score += weights[j] * z;
            }
            for (int j = 0; j < categorical; j++) {
                // the last level is never used, to exercise empty categories
                int level = r.nextInt(Math.max(1, levels[j] - 1));
                values[i * d + numeric + j] = level;
                score += weights[numeric + j] * (level - 1);
            }
            if (task == Task.CLASSIFICATION) {
                int k = (int) Math.floorMod((long) Math.floor(score + r.nextGaussian() * 0.5), (long) classes);
                targets[i] = k;
            } else {
                targets[i] = 3 * score + r.nextGaussian();
            }
            nextId += 1 + r.nextInt(3);
            ids[i] = nextId;
            subjects[i] = "s" + r.nextInt(subjectCount);
        }
        return Dataset.of(schema, values, targets, ids, subjects).shuffle(seed ^ 0x5DEECE66DL);
    }

    /** The same rows, IDs and targets with no subject column, as a file read without {@code --subject} gives. */
    public static Dataset withoutSubjects(Dataset d) {
        double[] values = new double[d.size() * d.numFeatures()];
        double[] row = new double[d.numFeatures()];
        double[] targets = new double[d.size()];
        for (int i = 0; i < d.size(); i++) {
            d.copyRow(i, row);
            System.arraycopy(row, 0, values, i * row.length, row.length);
            targets[i] = d.target(i);
        }
        return Dataset.of(d.schema(), values, targets, d.recordIds(), null);
    }
}
