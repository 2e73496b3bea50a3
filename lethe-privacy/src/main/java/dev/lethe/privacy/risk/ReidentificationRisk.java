package dev.lethe.privacy.risk;

import dev.lethe.data.DataException;
import dev.lethe.data.TextTable;
import dev.lethe.model.InvalidInputException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-identification risk from the sizes of the equivalence classes (rows with equal quasi-identifier
 * values). For a record in a class of size f: prosecutor risk 1/f (the attacker knows the person is
 * in the file); journalist risk 1/F, with F the size of the same class in a population file (the
 * attacker does not know; without a population it equals the prosecutor's); marketer risk is the
 * expected share of records re-identified when all are attacked, (1/n)·Σ f/F over classes.
 *
 * @param recordsAtRisk  share of records whose risk is above the threshold
 * @param highest        risk of the most exposed record: 1/smallest class
 * @param average        mean risk over records: classes/records for the prosecutor
 */
public record ReidentificationRisk(int records, int classes, double threshold, Model prosecutor, Model journalist,
                                   double marketer, double sampleUniqueness) {

    /** One attacker model's figures. */
    public record Model(double recordsAtRisk, double highest, double average) {
    }

    /**
     * @param population the population file the data was sampled from, or {@code null}
     * @param threshold  a record whose risk exceeds this counts as at risk, in (0, 1]
     */
    public static ReidentificationRisk of(TextTable data, List<String> quasi, TextTable population, double threshold) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new InvalidInputException("--threshold must be in (0, 1], got " + threshold);
        }
        if (quasi.isEmpty()) {
            throw new InvalidInputException("--quasi needs at least one column");
        }
        int n = data.rows().size();
        if (n == 0) {
            throw new DataException(data.source() + ": no rows");
        }
        Map<List<String>, Integer> sample = classSizes(data, quasi);
        Map<List<String>, Integer> pop = population == null ? sample : classSizes(population, quasi);
        int[] qcol = quasi.stream().mapToInt(q -> data.column(q, "--quasi")).toArray();
        double[] prosecutor = new double[n];
        double[] journalist = new double[n];
        for (int i = 0; i < n; i++) {
            List<String> key = key(data.rows().get(i), qcol);
            Integer big = pop.get(key);
            int f = sample.get(key);
            if (big == null || big < f) {
                throw new DataException(data.where(i, qcol[0]) + ": the population file has " + (big == null ? "no" : "fewer")
                        + " rows with this row's quasi-identifier values; it must contain the sample");
            }
            prosecutor[i] = 1.0 / f;
            journalist[i] = 1.0 / big;
        }
        double marketer = 0;
        for (Map.Entry<List<String>, Integer> e : sample.entrySet()) {
            marketer += (double) e.getValue() / pop.get(e.getKey());
        }
        long unique = sample.values().stream().filter(f -> f == 1).count();
        return new ReidentificationRisk(n, sample.size(), threshold, model(prosecutor, threshold), model(journalist, threshold),
                marketer / n, (double) unique / n);
    }

    private static Model model(double[] risks, double threshold) {
        return new Model((double) Arrays.stream(risks).filter(r -> r > threshold).count() / risks.length,
                Arrays.stream(risks).max().orElse(0), Arrays.stream(risks).average().orElse(0));
    }

    private static Map<List<String>, Integer> classSizes(TextTable t, List<String> quasi) {
        int[] qcol = quasi.stream().mapToInt(q -> t.column(q, "--quasi")).toArray();
        Map<List<String>, Integer> sizes = new HashMap<>();
        for (String[] row : t.rows()) {
            sizes.merge(key(row, qcol), 1, Integer::sum);
        }
        return sizes;
    }

    private static List<String> key(String[] row, int[] cols) {
        return Arrays.stream(cols).mapToObj(j -> String.valueOf(row[j])).toList();
    }
}
