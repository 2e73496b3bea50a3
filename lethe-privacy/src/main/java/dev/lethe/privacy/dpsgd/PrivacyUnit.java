package dev.lethe.privacy.dpsgd;

import dev.lethe.data.DataException;
import dev.lethe.data.Dataset;
import dev.lethe.model.OptionsException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What DP-SGD protects: one record, or one data subject with all of their records. With the subject
 * as the unit each step samples subjects (each with probability q) and clips the sum of a subject's
 * per-example gradients to C, so adding or removing a whole subject changes the noisy sum by at most C
 * and the accountant's (ε, δ) holds per subject (user-level DP-SGD, McMahan et al., ICLR 2018).
 */
public enum PrivacyUnit {
    RECORD,
    SUBJECT;

    /** The unit named by a setting: {@code record} or {@code subject}. */
    public static PrivacyUnit of(String name) {
        for (PrivacyUnit u : values()) {
            if (u.label().equals(name)) {
                return u;
            }
        }
        throw new OptionsException("DP-SGD setting 'unit': expected record or subject, got " + dev.lethe.model.LetheException.quote(name));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The rows of each unit, in order of first appearance: one row each for records; each subject's
     * rows for subjects (a row without a subject ID is a subject of its own).
     */
    public int[][] groups(Dataset data) {
        int n = data.size();
        if (this == RECORD) {
            int[][] g = new int[n][];
            for (int i = 0; i < n; i++) {
                g[i] = new int[] {i};
            }
            return g;
        }
        if (!data.hasSubjects()) {
            throw new DataException("DP-SGD with unit=subject needs a subject column (import the data with --subject COLUMN)");
        }
        Map<String, java.util.List<Integer>> bySubject = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String s = data.subjectId(i);
            bySubject.computeIfAbsent(s == null ? "\u0000row" + i : "s" + s, k -> new java.util.ArrayList<>()).add(i);
        }
        return bySubject.values().stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }
}
