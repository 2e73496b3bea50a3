package dev.lethe.bench;

import java.util.List;
import java.util.Locale;

/** {@link UnlearnBenchmark}'s rows as a Markdown table per family and scenario, with the targets checked. */
public final class UnlearnMarkdown {

    private UnlearnMarkdown() {
    }

    public static String of(String notes, List<UnlearnBenchmark.Row> rows) {
        StringBuilder md = new StringBuilder("# Approximate unlearning of monolithic networks (`lethe bench unlearn`)\n\n")
                .append(notes).append("\n");
        String group = null;
        for (UnlearnBenchmark.Row r : rows) {
            String g = r.family() + " / " + r.scenario();
            if (!g.equals(group)) {
                group = g;
                md.append("\n## ").append(g).append(" (").append(r.forgetSize()).append(" forgotten records, N = ")
                        .append(r.runs()).append(")\n\n")
                        .append("| method | median s | time / retrain | forget acc | retain acc | test acc | MIA AUC | quality [95% CI] | median ε | target |\n")
                        .append("|---|---|---|---|---|---|---|---|---|---|\n");
            }
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.3f | %.2f%% | %.2f%% | %.2f%% | %.3f | %s | %s | %s |%n",
                    r.method(), r.medianSeconds(), r.timeRatio(), 100 * r.forgetAccuracy(), 100 * r.retainAccuracy(),
                    100 * r.testAccuracy(), r.miaAuc(),
                    Double.isNaN(r.quality()) ? "–" : String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", r.quality(), r.qualityLow(),
                            r.qualityHigh()),
                    Double.isNaN(r.medianEpsilon()) ? "–" : String.format(Locale.ROOT, "%.2f", r.medianEpsilon()),
                    target(r, rows)));
        }
        return md.toString();
    }

    /**
     * The targets. Class: forget accuracy ≤ 1%, retain and test within 1 point of retraining,
     * in ≤ 10% of its time. Random and subject: MIA AUC within 0.02 of retraining's, test within 1 point,
     * in ≤ 20% of its time.
     */
    static String target(UnlearnBenchmark.Row r, List<UnlearnBenchmark.Row> rows) {
        if (r.method().equals(UnlearnBenchmark.RETRAIN)) {
            return "reference";
        }
        if (r.method().equals(UnlearnBenchmark.ORIGINAL)) {
            return "control (no unlearning)";
        }
        UnlearnBenchmark.Row ref = rows.stream().filter(x -> x.family().equals(r.family()) && x.scenario().equals(r.scenario())
                && x.method().equals(UnlearnBenchmark.RETRAIN)).findFirst().orElseThrow();
        boolean test = Math.abs(r.testAccuracy() - ref.testAccuracy()) <= 0.01;
        if (r.scenario().equals("class")) {
            boolean forget = r.forgetAccuracy() <= 0.01;
            boolean retain = Math.abs(r.retainAccuracy() - ref.retainAccuracy()) <= 0.01;
            boolean time = r.timeRatio() <= 0.10;
            return forget && retain && test && time ? "met" : "missed (" + missing(!forget, "forget acc", !retain, "retain acc",
                    !test, "test acc", !time, "time") + ")";
        }
        boolean auc = Math.abs(r.miaAuc() - ref.miaAuc()) <= 0.02;
        boolean time = r.timeRatio() <= 0.20;
        return auc && test && time ? "met" : "missed (" + missing(!auc, "MIA AUC", !test, "test acc", false, "", !time, "time") + ")";
    }

    private static String missing(boolean a, String an, boolean b, String bn, boolean c, String cn, boolean d, String dn) {
        StringBuilder s = new StringBuilder();
        for (Object[] p : new Object[][] {{a, an}, {b, bn}, {c, cn}, {d, dn}}) {
            if ((Boolean) p[0]) {
                s.append(s.length() == 0 ? "" : ", ").append(p[1]);
            }
        }
        return s.toString();
    }
}
