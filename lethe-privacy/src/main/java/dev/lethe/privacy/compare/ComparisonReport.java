package dev.lethe.privacy.compare;

import static dev.lethe.audit.report.Html.escape;
import static dev.lethe.audit.report.Html.num;
import static dev.lethe.audit.report.Html.percent;

import dev.lethe.audit.report.Html;
import dev.lethe.audit.report.SvgChart;
import dev.lethe.model.Lethe;
import dev.lethe.privacy.anonymise.CsvOutput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The comparison as one self-contained HTML page, with the audit report's frame and SVG charts: a
 * summary in plain words, the table (median over seeds with the smallest and largest value), privacy
 * against utility (LiRA AUC against accuracy, one point per configuration), training time, the
 * configurations that do not apply and why, and the methods and settings used.
 */
public final class ComparisonReport {

    private ComparisonReport() {
    }

    /** Writes the page through a temporary file moved into place: a failure leaves no partial report. */
    public static void write(ComparisonResult r, Path file) {
        CsvOutput.replace(file, out -> out.write(html(r).getBytes(StandardCharsets.UTF_8)));
    }

    public static String html(ComparisonResult r) {
        StringBuilder h = new StringBuilder(Html.head("Lethe privacy comparison — " + r.dataset()));
        CompareOptions o = r.options();
        h.append("<h1>Privacy, utility and cost on ").append(escape(r.dataset())).append("</h1>\n<p class=\"note\">")
                .append(r.rows()).append(" rows × ").append(r.features()).append(" features; per seed ").append(r.trainRows())
                .append(" train and ").append(r.heldOutRows()).append(" are held out; the attack targets ").append(r.auditedRecords())
                .append(" audited training records. Model family <b>").append(escape(o.family())).append("</b>, DP family <b>")
                .append(escape(o.dpFamily())).append("</b>. Every figure is the median of ").append(o.seeds()).append(" seed")
                .append(o.seeds() == 1 ? "" : "s").append(" (").append(o.seed()).append("…").append(o.seed() + o.seeds() - 1)
                .append("), with the smallest and largest value in brackets. Generated ").append(Instant.now().toString(), 0, 19)
                .append(" UTC by Lethe ").append(escape(Lethe.version())).append(" in ").append(num(r.totalMillis() / 1000.0, 1))
                .append(" s.</p>\n");
        if (o.seeds() < 3) {
            h.append("<p class=\"bad\">Fewer than 3 seeds: the medians below are not yet stable.</p>\n");
        }
        summary(h, r);
        table(h, r);
        charts(h, r);
        notApplicable(h, r);
        methods(h, r);
        return h.append(Html.tail()).toString();
    }

    private static void summary(StringBuilder h, ComparisonResult r) {
        ConfigurationResult raw = r.result(Configuration.Kind.RAW);
        ConfigurationResult exact = r.result(Configuration.Kind.EXACT_UNLEARNING);
        h.append("<h2>Summary</h2>\n<div class=\"summary\" id=\"summary\">\n");
        h.append("<p>The raw model is ").append(percent(raw.accuracy().median())).append(" accurate on records it never saw. ")
                .append("The likelihood-ratio attack (LiRA) tells its audited training records from held-out ones with AUC ")
                .append(num(raw.auc().median(), 3)).append(" (0.5 is guessing) and catches ").append(percent(raw.tprAt01().median()))
                .append(" of them at 0.1% false positives.</p>\n");
        h.append("<p>After exactly forgetting the audited records the same attack scores AUC ").append(num(exact.auc().median(), 3))
                .append(": ").append(Math.abs(exact.auc().median() - 0.5) < 0.05 ? "the forgotten records look like records it never saw."
                        : "further from 0.5 than sampling noise alone would explain at this size; read the spread.")
                .append(" It forgot ").append(r.auditedRecords()).append(" of its ").append(r.trainRows())
                .append(" training records, which is why its accuracy is ").append(percent(exact.accuracy().median())).append(".</p>\n");
        if (!r.options().dpFamily().equals("dp-" + r.options().family()) && !r.options().epsilons().isEmpty()) {
            h.append("<p class=\"note\">The DP rows train ").append(escape(r.options().dpFamily())).append(", not ")
                    .append(escape(r.options().family())).append(": their accuracy also reflects the other model class.</p>\n");
        }
        for (ConfigurationResult c : r.results()) {
            Configuration conf = c.configuration();
            if (!conf.applies() || c.trials().isEmpty() || conf.kind() == Configuration.Kind.RAW
                    || conf.kind() == Configuration.Kind.EXACT_UNLEARNING) {
                continue;
            }
            h.append("<p>").append(escape(conf.name())).append(": accuracy ").append(points(c.accuracy().median() - raw.accuracy().median()))
                    .append(" points against raw, AUC ").append(num(c.auc().median(), 3)).append(", training ")
                    .append(ratio(c.millis().median(), raw.millis().median())).append(" the raw time.</p>\n");
        }
        h.append("</div>\n");
    }

    private static void table(StringBuilder h, ComparisonResult r) {
        h.append("<h2>Configurations</h2>\n<table id=\"configurations\"><tr><th class=\"l\">configuration</th><th>accuracy</th>")
                .append("<th>LiRA AUC</th><th>TPR at 0.1% FPR</th><th class=\"l\">privacy guarantee</th><th>training time</th></tr>\n");
        for (ConfigurationResult c : r.results()) {
            Configuration conf = c.configuration();
            h.append("<tr data-kind=\"").append(conf.kind()).append("\"><td class=\"l\">").append(escape(conf.name())).append("</td>");
            if (!conf.applies()) {
                h.append("<td class=\"l\" colspan=\"5\">not applicable: ").append(escape(conf.notApplicable())).append("</td></tr>\n");
                continue;
            }
            h.append("<td>").append(spread(c.accuracy(), true)).append("</td><td>").append(spread(c.auc(), false)).append("</td><td>")
                    .append(spread(c.tprAt01(), true)).append("</td><td class=\"l\">").append(guarantee(c, r.options()))
                    .append("</td><td>").append(millis(c.millis())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    /** What the row's model guarantees, as its provenance or receipt states it. */
    static String guarantee(ConfigurationResult c, CompareOptions o) {
        Configuration conf = c.configuration();
        return switch (conf.kind()) {
            case RAW -> "none";
            case K_ANONYMOUS -> "every class of quasi-identifiers " + escape(String.join(", ", o.quasi())) + " holds ≥ "
                    + (int) conf.parameter() + " training records" + (o.l() > 1 ? " and ≥ " + o.l() + " values of " + escape(o.sensitive()) : "")
                    + " (checked)";
            case DP_SGD -> {
                Spread eps = c.guaranteeFigure("dp.epsilon");
                String accountant = c.guaranteeText("dp.accountant");
                yield "target ε = " + Configuration.format(conf.parameter()) + ", δ = " + o.delta() + "; "
                        + (Double.isNaN(eps.median()) ? "the family states no accountant figure"
                        : "accountant's ε = " + num(eps.median(), 3) + " (" + escape(accountant == null ? "accountant not named" : accountant)
                        + "), noise multiplier σ = " + num(c.guaranteeFigure("dp.noiseMultiplier").median(), 3))
                        + ", per " + escape(String.valueOf(c.guaranteeText("dp.privacyUnit") == null ? "record" : c.guaranteeText("dp.privacyUnit")));
            }
            case EXACT_UNLEARNING -> "forget receipt: " + escape(String.valueOf(c.guaranteeText("forget.guarantee")))
                    + (c.guaranteeText("forget.note") == null ? "" : " — " + escape(c.guaranteeText("forget.note")));
        };
    }

    private static void charts(StringBuilder h, ComparisonResult r) {
        List<ConfigurationResult> measured = r.results().stream().filter(c -> !c.trials().isEmpty()).toList();
        h.append("<h2>Privacy against utility</h2>\n");
        double lo = measured.stream().mapToDouble(c -> c.accuracy().median()).min().orElse(0);
        double hi = measured.stream().mapToDouble(c -> c.accuracy().median()).max().orElse(1);
        double pad = Math.max(0.01, (hi - lo) * 0.1);
        double aucHi = Math.max(0.6, measured.stream().mapToDouble(c -> c.auc().max()).max().orElse(0.6) + 0.02);
        double aucLo = Math.min(0.4, measured.stream().mapToDouble(c -> c.auc().min()).min().orElse(0.4) - 0.02);
        SvgChart privacy = new SvgChart("LiRA AUC against accuracy (median over seeds)", "held-out accuracy", "LiRA AUC on audited records")
                .xRange(lo - pad, hi + pad).yRange(aucLo, Math.min(1, aucHi));
        for (Configuration.Kind kind : Configuration.Kind.values()) {
            List<ConfigurationResult> ofKind = measured.stream().filter(c -> c.configuration().kind() == kind).toList();
            if (!ofKind.isEmpty()) {
                privacy.add(new SvgChart.Series(seriesName(kind, ofKind), ofKind.stream().mapToDouble(c -> c.accuracy().median()).toArray(),
                        ofKind.stream().mapToDouble(c -> c.auc().median()).toArray(), false));
            }
        }
        privacy.add(new SvgChart.Series("guessing (AUC 0.5)", new double[] {lo - pad, hi + pad}, new double[] {0.5, 0.5}, true));
        h.append("<p>").append(Html.image(privacy.lines(), "LiRA AUC against accuracy per configuration")).append("</p>\n")
                .append("<p class=\"note\">Lower is more private, further right is more useful: the best trade-offs sit bottom right. ")
                .append("The k-anonymous and DP points are joined in the order of k and ε.</p>\n");
        h.append("<h2>Training time</h2>\n");
        SvgChart time = new SvgChart("Training time per configuration (median, seconds)", "configuration", "seconds");
        h.append("<p>").append(Html.image(time.bars(measured.stream().map(c -> shortName(c.configuration())).toList(),
                measured.stream().mapToDouble(c -> c.millis().median() / 1000.0).toArray()), "training time per configuration"))
                .append("</p>\n<p class=\"note\">k-anonymous rows include anonymising; the exact-unlearning row is the forget alone "
                        + "(or the retraining, where the family's forget is not exact).</p>\n");
    }

    /** One series per kind, its points joined in the order of k or ε, named with them. */
    private static String seriesName(Configuration.Kind kind, List<ConfigurationResult> ofKind) {
        String values = String.join(", ", ofKind.stream().map(c -> Configuration.format(c.configuration().parameter())).toList());
        return switch (kind) {
            case RAW -> ofKind.get(0).configuration().name();
            case K_ANONYMOUS -> "k-anonymous, k = " + values;
            case DP_SGD -> "DP-SGD, ε = " + values;
            case EXACT_UNLEARNING -> "exact unlearning";
        };
    }

    private static String shortName(Configuration c) {
        return switch (c.kind()) {
            case RAW -> "raw";
            case K_ANONYMOUS -> "k=" + (int) c.parameter();
            case DP_SGD -> "ε=" + Configuration.format(c.parameter());
            case EXACT_UNLEARNING -> "unlearned";
        };
    }

    private static void notApplicable(StringBuilder h, ComparisonResult r) {
        List<ConfigurationResult> skipped = r.results().stream().filter(c -> !c.configuration().applies()).toList();
        if (skipped.isEmpty()) {
            return;
        }
        h.append("<h2>Configurations that do not apply</h2>\n<ul>\n");
        for (ConfigurationResult c : skipped) {
            h.append("<li>").append(escape(c.configuration().name())).append(": ").append(escape(c.configuration().notApplicable()))
                    .append("</li>\n");
        }
        h.append("</ul>\n");
    }

    private static void methods(StringBuilder h, ComparisonResult r) {
        CompareOptions o = r.options();
        h.append("<h2>Methods and settings</h2>\n<ul class=\"note\">\n")
                .append("<li>Per seed the rows are split in half: the target trains on one half, the other is held out. ")
                .append("Accuracy is measured on the held-out half.</li>\n")
                .append("<li>Attack: LiRA, online, one global variance per side (Carlini et al., <i>Membership Inference Attacks From First ")
                .append("Principles</i>, IEEE S&amp;P 2022), with ").append(o.shadows()).append(" shadow models per configuration and seed, ")
                .append("each trained by the configuration's own pipeline on a random half of all rows (every row is in exactly ")
                .append(o.shadows() / 2).append(" of them). It scores the ").append(r.auditedRecords())
                .append(" audited training records against the ").append(r.heldOutRows()).append(" held-out ones. ")
                .append(o.shadows()).append(" shadows is the smallest setting that keeps LiRA's Gaussians usable at this cost; the paper's ")
                .append("figures use 64–256. With ").append(r.heldOutRows()).append(" non-members the smallest false-positive rate is ")
                .append(percent(1.0 / r.heldOutRows())).append(r.heldOutRows() < 1000 ? ", so the TPR at 0.1% FPR is the TPR at that rate" : "")
                .append(".</li>\n")
                .append("<li>k-anonymity: Mondrian strict multidimensional partitioning (LeFevre, DeWitt, Ramakrishnan, ICDE 2006) over ")
                .append(o.quasi().isEmpty() ? "no quasi-identifiers" : escape(String.join(", ", o.quasi())))
                .append(o.sensitive() == null ? "" : ", with distinct " + o.l() + "-diversity of " + escape(o.sensitive()))
                .append("; categories flat, no suppression; checked by the independent checker. The model trains on the release ")
                .append("(each quasi-identifier replaced by its class's interval or label, read as a category) and generalises ")
                .append("a query the same way: by the class whose box holds it, else the nearest box.</li>\n")
                .append("<li>DP-SGD (Abadi et al., CCS 2016): family ").append(escape(o.dpFamily())).append(" with settings ")
                .append(escape(o.dpSettings().toString())).append(", δ = ").append(o.delta())
                .append("; σ is chosen by the RDP accountant (Mironov 2017; Mironov, Talwar, Zhang 2019) for the target ε, ")
                .append("and the accountant's ε for the run is shown; their training time includes that search for σ.</li>\n")
                .append("<li>Exact unlearning: the raw model forgets the audited records through its family's forget; were forgetting ")
                .append("exact, the model equals one never trained on them, and LiRA (with the raw shadows) should score them as it scores ")
                .append("held-out records: AUC near 0.5.</li>\n")
                .append("<li>Model settings: ").append(escape(o.family())).append(" ").append(escape(o.settings().toString()))
                .append("; ").append(o.threads()).append(" worker thread").append(o.threads() == 1 ? "" : "s").append(".</li>\n</ul>\n");
    }

    private static String spread(Spread s, boolean asPercent) {
        if (s.count() == 0) {
            return "–";
        }
        if (asPercent) {
            return percent(s.median()) + " <span class=\"note\">[" + percent(s.min()) + "–" + percent(s.max()) + "]</span>";
        }
        return num(s.median(), 3) + " <span class=\"note\">[" + num(s.min(), 3) + "–" + num(s.max(), 3) + "]</span>";
    }

    private static String millis(Spread s) {
        return String.format(Locale.ROOT, "%s s <span class=\"note\">[%s–%s]</span>", num(s.median() / 1000, 2), num(s.min() / 1000, 2),
                num(s.max() / 1000, 2));
    }

    private static String points(double difference) {
        return String.format(Locale.ROOT, "%+.1f", difference * 100);
    }

    private static String ratio(double a, double b) {
        return b <= 0 ? "–" : num(a / b, 1) + "×";
    }
}
