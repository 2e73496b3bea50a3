package dev.lethe.awareness.pii;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds quasi-identifiers among a table's columns: the candidates are columns that describe a person
 * without naming them (age, sex, postcode, date of birth, nationality, occupation, …, by name or by
 * detected type); every set of one to three candidates is measured on the row sample, and the sets
 * that make at least {@link #MIN_UNIQUE} of the records unique, and are not made redundant by a
 * smaller set, are reported with the re-identification risk a linkage on them would give.
 */
final class QuasiIdentifiers {

    static final double MIN_UNIQUE = 0.05;
    private static final int MAX_CANDIDATES = 10;
    private static final int MAX_REPORTED = 10;
    private static final Pattern NAMES = Pattern.compile("(^|_)(age|gender|sex|zip|zipcode|postcode|postal_code|plz|birth|"
            + "dob|birth_year|year_of_birth|nationality|citizenship|country|city|county|region|state|marital|marital_status|"
            + "personal_status|occupation|job|profession|education|race|ethnicity|religion|height|weight|children|"
            + "num_children|household|income|employer|foreign_worker|residence|district)(_|$)");
    private static final List<PiiType> DESCRIPTIVE = List.of(PiiType.DATE_OF_BIRTH, PiiType.POSTCODE,
            PiiType.ETHNIC_ORIGIN, PiiType.RELIGION, PiiType.COORDINATES);

    private QuasiIdentifiers() {
    }

    /**
     * @param names    the column names
     * @param sample   the sampled rows, each with one cell per column ({@code null} when missing)
     * @param findings what was found per column, in the same order
     */
    static List<QuasiIdentifier> find(List<String> names, List<String[]> sample, List<ColumnFinding> findings) {
        int n = sample.size();
        if (n < 2) {
            return List.of();
        }
        List<Integer> candidates = new ArrayList<>();
        for (int j = 0; j < names.size() && candidates.size() < MAX_CANDIDATES; j++) {
            ColumnFinding f = findings.get(j);
            boolean direct = f.types().stream().anyMatch(t -> t.type().sensitivity() == dev.lethe.awareness.pii.Sensitivity.HIGH
                    || t.type() == PiiType.EMAIL || t.type() == PiiType.PHONE || t.type() == PiiType.PERSON_NAME);
            boolean descriptive = NAMES.matcher(ColumnNames.normalise(names.get(j))).find()
                    || f.types().stream().anyMatch(t -> DESCRIPTIVE.contains(t.type()));
            if (descriptive && !direct && distinctShare(sample, j) < 0.95) {
                candidates.add(j);
            }
        }
        List<QuasiIdentifier> found = new ArrayList<>();
        int k = candidates.size();
        for (int a = 0; a < k; a++) {
            consider(names, sample, List.of(candidates.get(a)), found);
            for (int b = a + 1; b < k; b++) {
                consider(names, sample, List.of(candidates.get(a), candidates.get(b)), found);
                for (int c = b + 1; c < k; c++) {
                    consider(names, sample, List.of(candidates.get(a), candidates.get(b), candidates.get(c)), found);
                }
            }
        }
        return found.stream().sorted(Comparator.comparingDouble(QuasiIdentifier::uniqueShare).reversed()
                .thenComparing(q -> q.columns().size())).limit(MAX_REPORTED).toList();
    }

    private static void consider(List<String> names, List<String[]> sample, List<Integer> columns, List<QuasiIdentifier> found) {
        List<String> cols = columns.stream().map(names::get).toList();
        for (QuasiIdentifier q : found) {
            if (cols.containsAll(q.columns()) && q.uniqueShare() >= MIN_UNIQUE) {
                return; // a subset already singles records out; the superset adds nothing to report
            }
        }
        Map<List<String>, Integer> classes = new HashMap<>();
        for (String[] row : sample) {
            List<String> key = new ArrayList<>(columns.size());
            for (int j : columns) {
                key.add(row[j]);
            }
            classes.merge(key, 1, Integer::sum);
        }
        int n = sample.size();
        long unique = classes.values().stream().filter(s -> s == 1).count();
        double uniqueShare = (double) unique / n;
        if (uniqueShare < MIN_UNIQUE) {
            return;
        }
        int smallest = classes.values().stream().mapToInt(Integer::intValue).min().orElse(n);
        found.add(new QuasiIdentifier(cols, ColumnScanner.round(uniqueShare), ColumnScanner.round((double) classes.size() / n),
                smallest, n));
    }

    private static double distinctShare(List<String[]> sample, int j) {
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (String[] row : sample) {
            distinct.add(row[j]);
        }
        return (double) distinct.size() / sample.size();
    }
}
