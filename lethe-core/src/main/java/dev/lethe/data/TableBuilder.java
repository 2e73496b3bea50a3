package dev.lethe.data;

import dev.lethe.model.LetheException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Applies column roles, types and the missing-value policy to a {@link RawTable}. Shared by every
 * text reader, so CSV and ARFF agree on what a label, an ID, a subject and a missing value mean.
 */
final class TableBuilder {

    /** A numeric label with at most this many distinct integral values is read as classes. */
    static final int MAX_INFERRED_CLASSES = 20;

    private TableBuilder() {
    }

    static LoadedData build(RawTable t, ReadOptions o) {
        return build(t, o, null, Map.of());
    }

    /**
     * @param fixed       when non-null, the schema to read into (a model's): its features are looked up
     *                    by name, its dictionaries are used as they are, and a value outside them is an
     *                    error; a missing label column is allowed (targets are then 0 and
     *                    {@link LoadedData#hasLabels()} is false)
     * @param imputation  for {@link MissingPolicy#IMPUTE} with a fixed schema: the values recorded at training
     */
    static LoadedData build(RawTable t, ReadOptions o, Schema fixed, Map<String, String> imputation) {
        boolean labelled = fixed == null || t.names.contains(o.label());
        int labelCol = labelled ? t.columnIndex(o.label(), "the label") : -1;
        // With a model's schema, ID and subject columns are optional: new data may have neither.
        int idCol = o.idColumn() == null || (fixed != null && !t.names.contains(o.idColumn()))
                ? -1 : t.columnIndex(o.idColumn(), "record IDs");
        int subjectCol = o.subjectColumn() == null || (fixed != null && !t.names.contains(o.subjectColumn()))
                ? -1 : t.columnIndex(o.subjectColumn(), "subject IDs");
        for (String d : o.drop()) {
            t.columnIndex(d, "--drop");
        }
        for (String c : o.categorical()) {
            t.columnIndex(c, "--categorical");
        }
        List<Integer> featureCols = new ArrayList<>();
        if (fixed != null) {
            for (Attribute a : fixed.features()) {
                featureCols.add(t.columnIndex(a.name(), "the model's feature"));
            }
        } else {
            for (int j = 0; j < t.names.size(); j++) {
                if (j != labelCol && j != idCol && j != subjectCol && !o.drop().contains(t.names.get(j))) {
                    featureCols.add(j);
                }
            }
        }
        if (t.rows.isEmpty()) {
            throw new DataException(t.source + ": no data rows");
        }

        // Missing values: reject, or pick the rows to keep.
        int n = t.rows.size();
        boolean[] keep = new boolean[n];
        Arrays.fill(keep, true);
        int dropped = 0;
        for (int i = 0; i < n; i++) {
            String[] row = t.rows.get(i);
            if (idCol >= 0 && row[idCol] == null) {
                throw new DataException(t.where(i, idCol) + ": missing record ID");
            }
            boolean missingLabel = labelCol >= 0 && row[labelCol] == null;
            boolean missingFeature = false;
            int firstMissing = -1;
            for (int j : featureCols) {
                if (row[j] == null) {
                    missingFeature = true;
                    firstMissing = j;
                    break;
                }
            }
            if (!missingLabel && !missingFeature) {
                continue;
            }
            switch (o.missing()) {
                case REJECT -> throw new DataException(t.where(i, missingLabel ? labelCol : firstMissing)
                        + ": missing value (use --missing drop or --missing impute)");
                case DROP -> {
                    keep[i] = false;
                    dropped++;
                }
                case IMPUTE -> {
                    if (missingLabel) {
                        throw new DataException(t.where(i, labelCol)
                                + ": missing label; labels are never imputed (use --missing drop)");
                    }
                }
            }
        }
        int m = n - dropped;
        if (m == 0) {
            throw new DataException(t.source + ": every row has a missing value; nothing is left to train on");
        }

        // Types and dictionaries: the fixed schema's, or inferred from the kept rows.
        Schema schema;
        if (fixed != null) {
            schema = fixed;
        } else {
            List<Attribute> inferred = new ArrayList<>();
            for (int j : featureCols) {
                inferred.add(attribute(t, o, j, keep, false));
            }
            Task task = o.task() != null ? o.task() : inferTask(t, o, labelCol, keep);
            Attribute target = attribute(t, o, labelCol, keep, task == Task.CLASSIFICATION);
            if (task == Task.REGRESSION && target.isCategorical()) {
                throw new DataException(t.source + ": column '" + o.label() + "' holds text, so it cannot be a regression target");
            }
            schema = new Schema(inferred, target, task);
        }
        List<Attribute> features = schema.features();
        Attribute target = schema.target();

        // Imputation values (mean or most frequent level, over the non-missing kept cells).
        Map<String, String> usedImputation = new LinkedHashMap<>();
        double[] fill = new double[features.size()];
        if (o.missing() == MissingPolicy.IMPUTE) {
            for (int f = 0; f < features.size(); f++) {
                int j = featureCols.get(f);
                Attribute a = features.get(f);
                boolean anyMissing = false;
                int firstMissingRow = -1;
                for (int i = 0; i < n && !anyMissing; i++) {
                    anyMissing = keep[i] && t.rows.get(i)[j] == null;
                    firstMissingRow = i;
                }
                if (!anyMissing) {
                    continue;
                }
                if (fixed != null) {
                    String recorded = imputation.get(a.name());
                    if (recorded == null) {
                        throw new DataException(t.where(firstMissingRow, j) + ": missing value, and the model recorded no "
                                + "imputation for this column");
                    }
                    fill[f] = parse(t, firstMissingRow, j, recorded, a.isCategorical() ? a.levelIndexMap() : null);
                } else {
                    fill[f] = a.isCategorical() ? mostFrequent(t, j, keep, a) : mean(t, j, keep);
                }
                usedImputation.put(a.name(), a.format(fill[f]));
            }
        }

        int d = features.size();
        double[] values = new double[m * d];
        double[] targets = new double[m];
        long[] ids = new long[m];
        String[] subjects = subjectCol >= 0 ? new String[m] : null;
        List<Map<String, Integer>> levelMaps = new ArrayList<>();
        for (Attribute a : features) {
            levelMaps.add(a.isCategorical() ? a.levelIndexMap() : null);
        }
        Map<String, Integer> classMap = target.isCategorical() ? target.levelIndexMap() : null;
        Map<Long, Integer> idLines = new HashMap<>();
        long imputed = 0;
        int r = 0;
        for (int i = 0; i < n; i++) {
            if (!keep[i]) {
                continue;
            }
            String[] row = t.rows.get(i);
            for (int f = 0; f < d; f++) {
                int j = featureCols.get(f);
                String cell = row[j];
                if (cell == null) {
                    values[r * d + f] = fill[f];
                    imputed++;
                } else {
                    values[r * d + f] = parse(t, i, j, cell, levelMaps.get(f));
                }
            }
            targets[r] = labelCol < 0 ? 0 : parse(t, i, labelCol, row[labelCol], classMap);
            if (idCol >= 0) {
                ids[r] = parseId(t, i, idCol, row[idCol]);
                Integer previous = idLines.put(ids[r], t.lines.get(i));
                if (previous != null) {
                    throw new DataException(t.where(i, idCol) + ": duplicate record ID " + ids[r]
                            + " (first seen on line " + previous + ")");
                }
            } else {
                ids[r] = i;
            }
            if (subjects != null) {
                subjects[r] = row[subjectCol];
            }
            r++;
        }
        return new LoadedData(Dataset.of(schema, values, targets, ids, subjects), dropped, usedImputation, imputed,
                labelCol >= 0);
    }

    private static Task inferTask(RawTable t, ReadOptions o, int labelCol, boolean[] keep) {
        if (t.declaredTypes != null) {
            return t.declaredTypes.get(labelCol) == FeatureType.CATEGORICAL ? Task.CLASSIFICATION : Task.REGRESSION;
        }
        if (t.quoted[labelCol] || o.categorical().contains(t.names.get(labelCol))) {
            return Task.CLASSIFICATION;
        }
        TreeSet<Double> distinct = new TreeSet<>();
        for (int i = 0; i < t.rows.size(); i++) {
            String cell = t.rows.get(i)[labelCol];
            if (!keep[i] || cell == null) {
                continue;
            }
            Double v = tryParse(cell);
            if (v == null) {
                return Task.CLASSIFICATION;
            }
            if (v != Math.rint(v)) {
                return Task.REGRESSION;
            }
            distinct.add(v);
            if (distinct.size() > MAX_INFERRED_CLASSES) {
                return Task.REGRESSION;
            }
        }
        return Task.CLASSIFICATION;
    }

    private static Attribute attribute(RawTable t, ReadOptions o, int j, boolean[] keep, boolean forceCategorical) {
        String name = t.names.get(j);
        if (t.declaredTypes != null) {
            FeatureType declared = t.declaredTypes.get(j);
            if (declared == FeatureType.CATEGORICAL) {
                return Attribute.categorical(name, t.declaredLevels.get(j));
            }
            if (!forceCategorical) {
                return Attribute.numeric(name);
            }
        }
        boolean categorical = forceCategorical || t.quoted[j] || o.categorical().contains(name);
        int numeric = 0;
        int text = 0;
        int firstText = -1;
        for (int i = 0; i < t.rows.size() && !categorical; i++) {
            String cell = t.rows.get(i)[j];
            if (!keep[i] || cell == null) {
                continue;
            }
            if (tryParse(cell) != null) {
                numeric++;
            } else {
                text++;
                if (firstText < 0) {
                    firstText = i;
                }
            }
        }
        if (!categorical && text == 0) {
            return Attribute.numeric(name);
        }
        if (!categorical && numeric > text) {
            throw new DataException(t.where(firstText, j) + ": expected a number, got " + LetheException.quote(t.rows.get(firstText)[j])
                    + " (mark missing values as NA, or read the column as text with --categorical " + name + ")");
        }
        TreeSet<String> levels = new TreeSet<>(LEVEL_ORDER);
        for (int i = 0; i < t.rows.size(); i++) {
            String cell = t.rows.get(i)[j];
            if (keep[i] && cell != null) {
                levels.add(cell);
            }
        }
        return Attribute.categorical(name, new ArrayList<>(levels));
    }

    /** Levels sort numerically when both are numbers ("2" before "10"), else as text. */
    private static final Comparator<String> LEVEL_ORDER = (a, b) -> {
        Double x = tryParse(a);
        Double y = tryParse(b);
        if (x != null && y != null) {
            int c = Double.compare(x, y);
            return c != 0 ? c : a.compareTo(b);
        }
        if (x != null) {
            return -1;
        }
        if (y != null) {
            return 1;
        }
        return a.compareTo(b);
    };

    private static double parse(RawTable t, int row, int col, String cell, Map<String, Integer> levels) {
        if (levels != null) {
            Integer index = levels.get(cell);
            if (index == null) {
                throw new DataException(t.where(row, col) + ": " + LetheException.quote(cell) + " is not one of the known values "
                        + levels.keySet().stream().sorted(Comparator.comparing(levels::get)).toList());
            }
            return index;
        }
        Double v = tryParse(cell);
        if (v == null) {
            throw new DataException(t.where(row, col) + ": expected a number, got " + LetheException.quote(cell));
        }
        return v;
    }

    private static long parseId(RawTable t, int row, int col, String cell) {
        try {
            return Long.parseLong(cell.trim());
        } catch (NumberFormatException e) {
            Double v = tryParse(cell);
            if (v != null && v == Math.rint(v) && Math.abs(v) < 9e15) {
                return v.longValue();
            }
            throw new DataException(t.where(row, col) + ": expected an integer record ID, got " + LetheException.quote(cell));
        }
    }

    static Double tryParse(String s) {
        if (s.isEmpty()) {
            return null;
        }
        char c = s.charAt(0);
        if (!(Character.isDigit(c) || c == '-' || c == '+' || c == '.')) {
            return null;
        }
        try {
            double v = Double.parseDouble(s);
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static double mean(RawTable t, int j, boolean[] keep) {
        double sum = 0;
        long count = 0;
        for (int i = 0; i < t.rows.size(); i++) {
            String cell = t.rows.get(i)[j];
            if (keep[i] && cell != null) {
                Double v = tryParse(cell);
                if (v == null) {
                    throw new DataException(t.where(i, j) + ": expected a number, got " + LetheException.quote(cell));
                }
                sum += v;
                count++;
            }
        }
        if (count == 0) {
            throw new DataException(t.source + ": column '" + t.names.get(j) + "' has no values to impute from");
        }
        return sum / count;
    }

    private static double mostFrequent(RawTable t, int j, boolean[] keep, Attribute a) {
        int[] counts = new int[a.numLevels()];
        Map<String, Integer> index = a.levelIndexMap();
        for (int i = 0; i < t.rows.size(); i++) {
            String cell = t.rows.get(i)[j];
            if (keep[i] && cell != null) {
                Integer k = index.get(cell);
                if (k != null) {
                    counts[k]++;
                }
            }
        }
        int best = 0;
        for (int k = 1; k < counts.length; k++) {
            if (counts[k] > counts[best]) {
                best = k;
            }
        }
        if (counts.length == 0 || counts[best] == 0) {
            throw new DataException(t.source + ": column '" + t.names.get(j) + "' has no values to impute from");
        }
        return best;
    }
}
