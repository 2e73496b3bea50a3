package dev.lethe.privacy.compare;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.privacy.anonymise.Anonymisation;
import dev.lethe.privacy.anonymise.EquivalenceClass;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A k-anonymous release of training data in a form a model trains on and is queried through. Each
 * quasi-identifier becomes a categorical feature whose values are the generalised values Mondrian
 * released (an interval such as {@code [25-30]}, a hierarchy label, or the value itself). A query
 * record — a new person, or a record an attacker asks about — is generalised the same way: by the
 * class whose box holds it, or the nearest box when none does (normalised distance per
 * quasi-identifier). The boxes of a strict partitioning are disjoint, so a training record always maps
 * to its own class: the model sees exactly the release.
 */
final class Generalisation {

    private final Schema raw;
    private final Schema generalised;
    private final int[] qi;
    private final boolean[] numeric;
    private final double[] range;
    private final double[][] lo;
    private final double[][] hi;
    /** [class][quasi]: the one raw level all rows share, or −1 when the class holds several. */
    private final int[][] level;
    /** [class][quasi]: the generalised value's level in the generalised schema. */
    private final int[][] code;
    /** Per anonymised row, its class (−1: suppressed). */
    private final int[] classOfRow;

    private Generalisation(Schema raw, Schema generalised, int[] qi, double[] range, double[][] lo, double[][] hi, int[][] level,
                           int[][] code, int[] classOfRow) {
        this.raw = raw;
        this.generalised = generalised;
        this.qi = qi;
        this.numeric = new boolean[qi.length];
        for (int j = 0; j < qi.length; j++) {
            numeric[j] = !raw.feature(qi[j]).isCategorical();
        }
        this.range = range;
        this.lo = lo;
        this.hi = hi;
        this.level = level;
        this.code = code;
        this.classOfRow = classOfRow;
    }

    /** The release of {@code data} under {@code a}, Mondrian's anonymisation of its rows (same order). */
    static Generalisation of(Dataset data, int[] qi, Anonymisation a) {
        List<EquivalenceClass> classes = a.classes();
        int m = classes.size();
        double[][] lo = new double[m][qi.length];
        double[][] hi = new double[m][qi.length];
        int[][] level = new int[m][qi.length];
        int[][] code = new int[m][qi.length];
        List<Map<String, Integer>> labels = new ArrayList<>();
        for (int j = 0; j < qi.length; j++) {
            labels.add(new LinkedHashMap<>());
        }
        int[] classOfRow = new int[data.size()];
        Arrays.fill(classOfRow, -1);
        double[] min = new double[qi.length];
        double[] max = new double[qi.length];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int c = 0; c < m; c++) {
            EquivalenceClass e = classes.get(c);
            for (int j = 0; j < qi.length; j++) {
                double l = Double.POSITIVE_INFINITY;
                double h = Double.NEGATIVE_INFINITY;
                for (int r : e.rows()) {
                    double v = data.value(r, qi[j]);
                    l = Math.min(l, v);
                    h = Math.max(h, v);
                }
                lo[c][j] = l;
                hi[c][j] = h;
                level[c][j] = l == h ? (int) l : -1;
                min[j] = Math.min(min[j], l);
                max[j] = Math.max(max[j], h);
                Map<String, Integer> codes = labels.get(j);
                code[c][j] = codes.computeIfAbsent(e.generalised()[j], x -> codes.size());
            }
            for (int r : e.rows()) {
                classOfRow[r] = c;
            }
        }
        double[] range = new double[qi.length];
        for (int j = 0; j < qi.length; j++) {
            range[j] = max[j] > min[j] ? max[j] - min[j] : 1;
        }
        Schema raw = data.schema();
        List<Attribute> features = new ArrayList<>(raw.features());
        for (int j = 0; j < qi.length; j++) {
            features.set(qi[j], Attribute.categorical(raw.feature(qi[j]).name(), List.copyOf(labels.get(j).keySet())));
        }
        return new Generalisation(raw, new Schema(features, raw.target(), raw.task()), qi, range, lo, hi, level, code, classOfRow);
    }

    /** The released rows (suppressed ones left out), quasi-identifiers generalised, record IDs kept. */
    Dataset training(Dataset data) {
        int d = data.numFeatures();
        int n = (int) Arrays.stream(classOfRow).filter(c -> c >= 0).count();
        double[] values = new double[n * d];
        double[] targets = new double[n];
        long[] ids = new long[n];
        String[] subjects = data.hasSubjects() ? new String[n] : null;
        double[] row = new double[d];
        int at = 0;
        for (int r = 0; r < data.size(); r++) {
            int c = classOfRow[r];
            if (c < 0) {
                continue;
            }
            data.copyRow(r, row);
            for (int j = 0; j < qi.length; j++) {
                row[qi[j]] = code[c][j];
            }
            System.arraycopy(row, 0, values, at * d, d);
            targets[at] = data.target(r);
            ids[at] = data.recordId(r);
            if (subjects != null) {
                subjects[at] = data.subjectId(r);
            }
            at++;
        }
        return Dataset.of(generalised, values, targets, ids, subjects);
    }

    Schema rawSchema() {
        return raw;
    }

    /** A raw row (in the raw schema) as the release would show it. */
    double[] recode(double[] row) {
        int c = classOf(row);
        double[] out = row.clone();
        for (int j = 0; j < qi.length; j++) {
            out[qi[j]] = code[c][j];
        }
        return out;
    }

    /** The class whose box holds the row, or the nearest one. */
    int classOf(double[] row) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < lo.length && bestDistance > 0; c++) {
            double distance = 0;
            for (int j = 0; j < qi.length && distance < bestDistance; j++) {
                double v = row[qi[j]];
                if (numeric[j]) {
                    distance += Math.max(0, Math.max(lo[c][j] - v, v - hi[c][j])) / range[j];
                } else if (level[c][j] >= 0 && level[c][j] != (int) v) {
                    distance += 1;
                }
            }
            if (distance < bestDistance) {
                bestDistance = distance;
                best = c;
            }
        }
        return best;
    }
}
