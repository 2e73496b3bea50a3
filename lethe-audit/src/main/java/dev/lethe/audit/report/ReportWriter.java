package dev.lethe.audit.report;

import static dev.lethe.audit.report.Html.escape;
import static dev.lethe.audit.report.Html.num;
import static dev.lethe.audit.report.Html.percent;

import dev.lethe.audit.AttackOutcome;
import dev.lethe.audit.AuditResult;
import dev.lethe.audit.DeletionCurve;
import dev.lethe.audit.ExposedRecord;
import dev.lethe.audit.ForgettingVerdict;
import dev.lethe.audit.metrics.AttackMetrics;
import dev.lethe.audit.metrics.ForgettingQuality;
import dev.lethe.audit.oracle.OracleResult;
import dev.lethe.audit.oracle.Utility;
import dev.lethe.model.ExactnessReport;
import dev.lethe.model.Lethe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes an {@link AuditResult} as one self-contained HTML file: a plain-language summary for a
 * non-specialist, the verdicts, and charts — ROC curves of the unlearned versus the retrained model on
 * the forgotten records, held-out utility versus number of deletions per method, the latency
 * distribution of forgets, and the most exposed records — as SVG data URIs. The page loads nothing
 * from the network; a small script marks when every chart has decoded (used by the rendering test).
 */
public final class ReportWriter {

    /** The attack whose curves and verdicts lead the report. */
    public static final String MAIN_ATTACK = "LiRA (online)";

    private ReportWriter() {
    }

    public static void write(AuditResult result, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, html(result), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit report " + file + ": " + e.getMessage(), e);
        }
    }

    public static String html(AuditResult r) {
        StringBuilder h = new StringBuilder();
        h.append(Html.head("Lethe audit report — " + r.family()));
        h.append("<h1>Lethe audit report</h1>\n<p class=\"note\">Model family <b>").append(escape(r.family()))
                .append("</b>, trained on ").append(r.trainingRows()).append(" records (data fingerprint ")
                .append(escape(abbreviate(r.provenance().dataFingerprint()))).append("), audited against ")
                .append(r.heldOutRows()).append(" held-out records. Generated ").append(Instant.now().toString().substring(0, 19))
                .append(" UTC by Lethe ").append(escape(Lethe.version())).append(".</p>\n");
        summary(h, r);
        verdicts(h, r);
        roc(h, r);
        attacks(h, r);
        oracle(h, r);
        quality(h, r);
        curves(h, r);
        latency(h, r);
        exposure(h, r);
        methods(h, r);
        h.append(Html.tail());
        return h.toString();
    }

    private static String abbreviate(String s) {
        return s == null ? "?" : s.length() > 12 ? s.substring(0, 12) + "…" : s;
    }

    private static AttackOutcome main(AuditResult r) {
        return r.attacks().stream().filter(a -> a.attack().equals(MAIN_ATTACK)).findFirst()
                .orElse(r.attacks().isEmpty() ? null : r.attacks().get(r.attacks().size() - 1));
    }

    private static void summary(StringBuilder h, AuditResult r) {
        OracleResult o = r.oracle();
        ExactnessReport e = o.exactness();
        List<String> s = new ArrayList<>();
        int m = r.forgottenCount();
        s.add("This model was asked to forget <b>" + m + "</b> of its " + r.trainingRows() + " training records.");
        if (e.passed()) {
            s.add("<span class=\"ok\">Retraining it from scratch without them gives the same model</span>: the largest difference in any"
                    + " predicted probability or parameter is " + sci(e.maxDifference()) + ", within the tolerance of " + sci(e.tolerance())
                    + ".");
        } else {
            s.add("<span class=\"bad\">It is not the same as a model retrained without them</span>: the largest difference is "
                    + sci(e.maxDifference()) + " (tolerance " + sci(e.tolerance()) + ") and the two models predict differently on "
                    + e.disagreements() + " of " + e.rowsCompared() + " training rows.");
        }
        Utility u = o.unlearnedUtility();
        Utility t = o.retrainedUtility();
        s.add("On records it never saw its " + u.metric() + " is " + metric(u.metric(), u.heldOut()) + " (retrained: "
                + metric(t.metric(), t.heldOut()) + ").");
        AttackOutcome a = main(r);
        if (a != null && a.membersVsHeldOut() != null) {
            double auc = a.membersVsHeldOut().auc();
            s.add(auc < 0.55
                    ? "The model reveals little about who was in its training data: the strongest attack (" + MAIN_ATTACK
                    + ") is hardly better than a coin flip (AUC " + num(auc, 3) + "; 0.5 means guessing)."
                    : "The model does reveal who was in its training data: the strongest attack (" + MAIN_ATTACK
                    + ") tells training records from others with AUC " + num(auc, 3) + " (0.5 means guessing) and catches "
                    + percent(a.membersVsHeldOut().tprAt01()) + " of them while wrongly accusing only 0.1% of outsiders.");
        }
        if (a != null && a.forgottenUnlearned() != null) {
            s.add("On the forgotten records the same attack scores AUC " + num(a.forgottenUnlearned().auc(), 3)
                    + " against the model, and " + num(a.forgottenRetrained().auc(), 3)
                    + " against a model that never saw them — the closer these two are, the better the forgetting.");
        }
        for (ForgettingVerdict v : r.verdicts()) {
            if (v.scope().startsWith("all ")) {
                String cls = v.outcome() == ForgettingVerdict.Outcome.INCONSISTENT ? "bad"
                        : v.outcome() == ForgettingVerdict.Outcome.CONSISTENT ? "ok" : "";
                s.add("<span class=\"" + cls + "\">Verdict: " + v.outcome() + "</span>. " + escape(v.explanation()));
            }
        }
        if (r.quality() != null) {
            s.add("Over " + r.quality().runs() + " repeated runs, the forgetting-quality score of the NeurIPS 2023 unlearning"
                    + " challenge is " + num(r.quality().quality(), 3) + " (1 means indistinguishable from retraining).");
        }
        if (!r.exposed().isEmpty()) {
            ExposedRecord top = r.exposed().get(0);
            s.add("The training record the attack identifies most confidently is record " + top.recordId()
                    + "; the " + r.exposed().size() + " most exposed records are listed below, so their owners' risk is known before anyone asks.");
        }
        h.append("<h2>Summary</h2>\n<div class=\"summary\" id=\"summary\">\n");
        for (String line : s) {
            h.append("<p>").append(line).append("</p>\n");
        }
        h.append("</div>\n");
    }

    private static String sci(double v) {
        return Double.isInfinite(v) ? "∞ (the models have different parameters)" : String.format(Locale.ROOT, "%.2g", v);
    }

    private static String metric(String name, double v) {
        return Utility.ACCURACY.equals(name) ? percent(v) : num(v, 4);
    }

    private static void verdicts(StringBuilder h, AuditResult r) {
        h.append("<h2>Forgetting quality per receipt</h2>\n");
        if (r.verdicts().isEmpty()) {
            h.append("<p>Nothing was forgotten, so there is nothing to judge.</p>\n");
            return;
        }
        h.append("<p class=\"note\">AUC of ").append(MAIN_ATTACK).append(" on forgotten versus held-out records, unlearned minus retrained model,")
                .append(" with a ").append(num(r.options().confidenceLevel() * 100, 0)).append("% paired bootstrap interval (")
                .append(r.options().bootstrapResamples()).append(" resamples). An EXACT forget must contain 0.</p>\n");
        h.append("<table><tr><th class=\"l\">scope</th><th class=\"l\">guarantee</th><th>records</th><th>AUC difference</th>")
                .append("<th>interval</th><th class=\"l\">verdict</th></tr>\n");
        for (ForgettingVerdict v : r.verdicts()) {
            String cls = v.outcome() == ForgettingVerdict.Outcome.INCONSISTENT ? "bad" : v.outcome() == ForgettingVerdict.Outcome.CONSISTENT ? "ok" : "";
            h.append("<tr><td class=\"l\">").append(escape(v.scope())).append("</td><td class=\"l\">")
                    .append(v.guarantee() == null ? "–" : escape(v.guarantee().toString())).append("</td><td>").append(v.records())
                    .append("</td><td>").append(num(v.aucDifference().estimate(), 4)).append("</td><td>[")
                    .append(num(v.aucDifference().lower(), 4)).append(", ").append(num(v.aucDifference().upper(), 4))
                    .append("]</td><td class=\"l ").append(cls).append("\">").append(v.outcome()).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void roc(StringBuilder h, AuditResult r) {
        h.append("<h2>ROC curves on the forgotten records</h2>\n");
        AttackOutcome a = main(r);
        if (a == null || a.rocUnlearned() == null) {
            h.append("<p>No records were forgotten.</p>\n");
            return;
        }
        double[][] u = a.rocUnlearned().thinned(400);
        double[][] t = a.rocRetrained().thinned(400);
        SvgChart chart = new SvgChart(a.attack() + ": forgotten vs held-out records", "false-positive rate", "true-positive rate")
                .xRange(0, 1).yRange(0, 1)
                .add(new SvgChart.Series("unlearned model (AUC " + num(a.forgottenUnlearned().auc(), 3) + ")", u[0], u[1], false))
                .add(new SvgChart.Series("retrained model (AUC " + num(a.forgottenRetrained().auc(), 3) + ")", t[0], t[1], true))
                .add(new SvgChart.Series("chance", new double[] {0, 1}, new double[] {0, 1}, true));
        h.append("<p>").append(Html.image(chart.lines(), "ROC curves of the unlearned and the retrained model")).append("</p>\n");
        h.append("<p class=\"note\">If the model truly forgot, the two curves coincide: the attack sees the forgotten records as it"
                + " would on a model that never trained on them.</p>\n");
    }

    private static void attacks(StringBuilder h, AuditResult r) {
        h.append("<h2>Membership-inference attacks</h2>\n<table><tr><th class=\"l\">attack</th><th class=\"l\">model</th>")
                .append("<th class=\"l\">records</th><th>AUC</th><th>TPR at 1% FPR</th><th>TPR at 0.1% FPR</th></tr>\n");
        for (AttackOutcome a : r.attacks()) {
            row(h, a.attack(), "unlearned", "retained vs held-out", a.membersVsHeldOut());
            row(h, a.attack(), "retrained", "retained vs held-out", a.retrainedMembersVsHeldOut());
            row(h, a.attack(), "unlearned", "forgotten vs held-out", a.forgottenUnlearned());
            row(h, a.attack(), "retrained", "forgotten vs held-out", a.forgottenRetrained());
        }
        h.append("</table>\n<p class=\"note\">").append(r.options().shadowModels())
                .append(" shadow models of the same family and settings, each trained on a random half of training and held-out data.</p>\n");
    }

    private static void row(StringBuilder h, String attack, String model, String groups, AttackMetrics m) {
        if (m == null) {
            return;
        }
        h.append("<tr><td class=\"l\">").append(escape(attack)).append("</td><td class=\"l\">").append(model).append("</td><td class=\"l\">")
                .append(groups).append(" (").append(m.members()).append(" / ").append(m.nonMembers()).append(")</td><td>")
                .append(num(m.auc(), 3)).append("</td><td>").append(percent(m.tprAt1())).append("</td><td>")
                .append(percent(m.tprAt01())).append("</td></tr>\n");
    }

    private static void oracle(StringBuilder h, AuditResult r) {
        OracleResult o = r.oracle();
        ExactnessReport e = o.exactness();
        Utility u = o.unlearnedUtility();
        Utility t = o.retrainedUtility();
        h.append("<h2>Retrain oracle</h2>\n<table><tr><th class=\"l\">").append(u.metric())
                .append("</th><th>retained records</th><th>forgotten records</th><th>held-out records</th></tr>\n");
        h.append("<tr><td class=\"l\">unlearned model</td><td>").append(metric(u.metric(), u.retained())).append("</td><td>")
                .append(metric(u.metric(), u.forgotten())).append("</td><td>").append(metric(u.metric(), u.heldOut())).append("</td></tr>\n");
        h.append("<tr><td class=\"l\">retrained model</td><td>").append(metric(t.metric(), t.retained())).append("</td><td>")
                .append(metric(t.metric(), t.forgotten())).append("</td><td>").append(metric(t.metric(), t.heldOut())).append("</td></tr>\n</table>\n");
        h.append("<table><tr><th class=\"l\">comparison</th><th>value</th></tr>\n")
                .append("<tr><td class=\"l\">largest output difference (").append(escape(e.note())).append(")</td><td>")
                .append(sci(e.maxOutputDifference())).append("</td></tr>\n")
                .append("<tr><td class=\"l\">largest parameter difference (relative)</td><td>").append(sci(e.maxParameterDifference())).append("</td></tr>\n")
                .append("<tr><td class=\"l\">parameter distance (Euclidean)</td><td>").append(num(o.parameterDistance(), 6)).append("</td></tr>\n")
                .append("<tr><td class=\"l\">prediction disagreements on training rows</td><td>").append(e.disagreements()).append(" / ")
                .append(e.rowsCompared()).append("</td></tr>\n")
                .append("<tr><td class=\"l\">prediction agreement on held-out rows</td><td>").append(percent(o.heldOutAgreement())).append("</td></tr>\n")
                .append("<tr><td class=\"l\">exact within tolerance ").append(sci(e.tolerance())).append("</td><td class=\"")
                .append(e.passed() ? "ok\">yes" : "bad\">no").append("</td></tr>\n")
                .append("<tr><td class=\"l\">time to retrain</td><td>").append(o.retrainMillis()).append(" ms</td></tr>\n</table>\n");
    }

    private static void quality(StringBuilder h, AuditResult r) {
        ForgettingQuality.Result q = r.quality();
        if (q == null) {
            return;
        }
        h.append("<h2>Forgetting quality over repeated runs</h2>\n<p>")
                .append("Following the NeurIPS 2023 Machine Unlearning Challenge, the model was trained and made to forget ")
                .append(q.runs()).append(" times with fresh seeds, and retrained as often; for each forgotten record, every threshold")
                .append(" on its confidence tries to tell the two apart, giving a per-record ε (δ = ").append(q.delta())
                .append("). Score: <b>").append(num(q.quality(), 3)).append("</b> (1 = indistinguishable); median ε ")
                .append(num(q.medianEpsilon(), 3)).append(" over ").append(q.epsilons().length).append(" records.</p>\n");
        if (q.runs() < 10) {
            h.append("<p class=\"note\">With only ").append(q.runs()).append(" runs the largest measurable ε is about ")
                    .append(num(Math.log(2.0 * q.runs()), 2)).append("; more runs sharpen the estimate.</p>\n");
        }
    }

    private static void curves(StringBuilder h, AuditResult r) {
        h.append("<h2>Utility versus number of deletions</h2>\n");
        List<DeletionCurve> curves = r.curves().stream().filter(c -> !c.isEmpty()).toList();
        if (curves.isEmpty()) {
            h.append("<p>Not measured.</p>\n");
        } else {
            SvgChart chart = new SvgChart("Held-out " + curves.get(0).metric() + " while forgetting records one by one",
                    "records forgotten", curves.get(0).metric());
            if (Utility.ACCURACY.equals(curves.get(0).metric())) {
                // a window of ±5 points around the data: flat stays flat, drift shows, labels stay readable
                double lo = curves.stream().flatMapToDouble(c -> Arrays.stream(c.utility())).min().orElse(0);
                double hi = curves.stream().flatMapToDouble(c -> Arrays.stream(c.utility())).max().orElse(1);
                chart.yRange(Math.max(0, lo - 0.05), Math.min(1, hi + 0.05));
            }
            for (DeletionCurve c : curves) {
                chart.add(new SvgChart.Series(c.family() + " " + c.guarantees(), Arrays.stream(c.deletions()).asDoubleStream().toArray(),
                        c.utility(), false));
            }
            h.append("<p>").append(Html.image(chart.lines(), "utility versus deletions")).append("</p>\n")
                    .append("<p class=\"note\">Exact methods track retraining and stay flat; approximate ones may drift as forgets accumulate"
                            + " (\"catastrophic unlearning\").</p>\n");
        }
        for (DeletionCurve c : r.curves()) {
            if (!c.note().isEmpty()) {
                h.append("<p class=\"note\">").append(escape(c.family())).append(": ").append(escape(c.note())).append("</p>\n");
            }
        }
    }

    private static void latency(StringBuilder h, AuditResult r) {
        List<DeletionCurve> curves = r.curves().stream().filter(c -> c.latencyNanos().length > 0).toList();
        if (curves.isEmpty()) {
            return;
        }
        h.append("<h2>Latency of forgets</h2>\n");
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (DeletionCurve c : curves) {
            for (long n : c.latencyNanos()) {
                double v = Math.log10(Math.max(1, n) / 1e3);
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        lo = Math.floor(lo * 4) / 4;
        hi = Math.max(lo + 0.25, Math.ceil(hi * 4) / 4);
        int bins = (int) Math.round((hi - lo) / 0.25);
        SvgChart chart = new SvgChart("Single-record forget latency", "log10 of latency in microseconds", "forgets");
        h.append("<table><tr><th class=\"l\">family</th><th>forgets</th><th>median</th><th>90th percentile</th><th>max</th></tr>\n");
        for (DeletionCurve c : curves) {
            double[] x = new double[bins];
            double[] y = new double[bins];
            for (int b = 0; b < bins; b++) {
                x[b] = lo + (b + 0.5) * 0.25;
            }
            for (long n : c.latencyNanos()) {
                int b = (int) Math.min(bins - 1, Math.max(0, Math.floor((Math.log10(Math.max(1, n) / 1e3) - lo) / 0.25)));
                y[b]++;
            }
            chart.add(new SvgChart.Series(c.family(), x, y, false));
            long[] sorted = c.latencyNanos().clone();
            Arrays.sort(sorted);
            h.append("<tr><td class=\"l\">").append(escape(c.family())).append("</td><td>").append(sorted.length).append("</td><td>")
                    .append(micros(sorted[sorted.length / 2])).append("</td><td>").append(micros(sorted[(int) (sorted.length * 0.9)]))
                    .append("</td><td>").append(micros(sorted[sorted.length - 1])).append("</td></tr>\n");
        }
        h.append("</table>\n<p>").append(Html.image(chart.lines(), "latency distribution of forgets")).append("</p>\n");
    }

    private static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }

    private static void exposure(StringBuilder h, AuditResult r) {
        h.append("<h2>Most exposed records</h2>\n");
        if (r.exposed().isEmpty()) {
            h.append("<p>None.</p>\n");
            return;
        }
        List<String> labels = r.exposed().stream().map(e -> Long.toString(e.recordId())).toList();
        double[] scores = r.exposed().stream().mapToDouble(ExposedRecord::score).toArray();
        SvgChart chart = new SvgChart(MAIN_ATTACK + " score of the most exposed training records", "record ID", "log-likelihood ratio");
        h.append("<p>").append(Html.image(chart.bars(labels, scores), "most exposed records")).append("</p>\n");
        h.append("<table><tr><th>rank</th><th>record ID</th><th class=\"l\">label</th><th>LiRA score</th><th>model confidence</th>")
                .append("<th class=\"l\">forgotten?</th></tr>\n");
        int rank = 1;
        for (ExposedRecord e : r.exposed()) {
            h.append("<tr><td>").append(rank++).append("</td><td>").append(e.recordId()).append("</td><td class=\"l\">")
                    .append(escape(e.label())).append("</td><td>").append(num(e.score(), 2)).append("</td><td>")
                    .append(percent(e.confidence())).append("</td><td class=\"l").append(e.forgotten() ? " bad\">yes" : "\">no")
                    .append("</td></tr>\n");
        }
        h.append("</table>\n<p class=\"note\">A positive score means the attack believes the record was used for training."
                + " Records the model memorised are the ones whose owners are most at risk.</p>\n");
    }

    private static void methods(StringBuilder h, AuditResult r) {
        h.append("<h2>Methods</h2>\n<ul class=\"note\">\n")
                .append("<li>Retrain oracle: the same learner, settings and seed, refitted on the training data minus everything forgotten.</li>\n")
                .append("<li>LOSS attack: Yeom et al., <i>Privacy Risk in Machine Learning</i>, CSF 2018.</li>\n")
                .append("<li>Shadow-model attack: Shokri et al., <i>Membership Inference Attacks Against Machine Learning Models</i>, IEEE S&amp;P 2017.</li>\n")
                .append("<li>LiRA, online and offline: Carlini et al., <i>Membership Inference Attacks From First Principles</i>, IEEE S&amp;P 2022.</li>\n")
                .append("<li>Forgetting quality: Triantafillou et al., NeurIPS 2023 Machine Unlearning Challenge.</li>\n</ul>\n");
        h.append("<table><tr><th class=\"l\">phase</th><th>time</th></tr>\n");
        for (Map.Entry<String, Long> e : r.phaseMillis().entrySet()) {
            h.append("<tr><td class=\"l\">").append(escape(e.getKey())).append("</td><td>").append(e.getValue()).append(" ms</td></tr>\n");
        }
        h.append("</table>\n<p class=\"note\">").append(r.options().threads()).append(" threads, seed ").append(r.options().seed()).append(".</p>\n");
    }
}
