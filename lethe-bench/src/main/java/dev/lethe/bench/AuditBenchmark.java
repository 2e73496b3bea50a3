package dev.lethe.bench;

import dev.lethe.audit.AttackOutcome;
import dev.lethe.audit.AuditOptions;
import dev.lethe.audit.AuditResult;
import dev.lethe.audit.AuditRunner;
import dev.lethe.audit.metrics.AttackMetrics;
import dev.lethe.audit.report.ReportWriter;
import dev.lethe.data.Dataset;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.ReadOptions;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFamily;
import dev.lethe.model.UnlearnableModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an audit costs, end to end, as a main class (a benchmark, not a test): read a CSV, split it in
 * half (training / held-out), fit a family, forget random records, and audit with N shadow models on
 * T threads; prints the wall and CPU time of the audit, the time of each phase and the attack figures.
 *
 * <pre>java -Xmx2g -cp … dev.lethe.bench.AuditBenchmark CSV LABEL FAMILY [shadows=16] [threads=2] [forget=100] [report.html]</pre>
 */
public final class AuditBenchmark {

    private AuditBenchmark() {
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: AuditBenchmark CSV LABEL FAMILY [shadows=16] [threads=2] [forget=100] [report.html]");
            System.exit(2);
        }
        int shadows = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        int forget = args.length > 5 ? Integer.parseInt(args[5]) : 100;
        long start = System.nanoTime();
        Dataset data = DatasetReader.read(Path.of(args[0]), ReadOptions.label(args[1])).dataset();
        Dataset.Split split = data.split(0.5, 42);
        ModelFamily family = ModelFamilies.byName(args[2]);
        UnlearnableModel model = family.learner(Map.of(), 42).fit(split.first());
        long[] ids = split.first().shuffle(7).recordIds();
        TreeSet<Long> gone = new TreeSet<>();
        for (int i = 0; i < forget; i++) {
            gone.add(ids[i]);
        }
        ForgetReceipt receipt = model.forget(new ForgetRequest.Records(gone));
        System.out.printf(Locale.ROOT, "%s: %d training, %d held-out rows; read+fit+forget %.1f s%n", family.name(),
                split.first().size(), split.second().size(), (System.nanoTime() - start) / 1e9);
        AuditOptions options = AuditOptions.defaults().withShadowModels(shadows).withThreads(threads).withRepeatedRuns(4)
                .withMaxEvaluationRecords(20_000).withReceipts(List.of(receipt)).withCurve(List.of(), 5, 20);
        long auditStart = System.nanoTime();
        double cpuStart = cpuSeconds();
        AuditResult r = AuditRunner.audit(model, split.first(), split.second(), Set.of(), options,
                line -> System.out.println("  " + line));
        double seconds = (System.nanoTime() - auditStart) / 1e9;
        System.out.printf(Locale.ROOT, "audit: %.1f s wall, %.1f s CPU, on %d threads with %d shadow models%n", seconds,
                cpuSeconds() - cpuStart, threads, shadows);
        r.phaseMillis().forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-20s %8d ms%n", k, v));
        System.out.println("attack                  model      records                AUC    TPR@1%  TPR@0.1%");
        for (AttackOutcome a : r.attacks()) {
            print(a.attack(), "unlearned", "retained/held-out", a.membersVsHeldOut());
            print(a.attack(), "unlearned", "forgotten/held-out", a.forgottenUnlearned());
            print(a.attack(), "retrained", "forgotten/held-out", a.forgottenRetrained());
        }
        r.verdicts().forEach(v -> System.out.println("verdict " + v.outcome() + ": " + v.explanation()));
        if (r.quality() != null) {
            System.out.printf(Locale.ROOT, "forgetting quality (NeurIPS 2023, %d runs): %.3f%n", r.quality().runs(), r.quality().quality());
        }
        if (args.length > 6) {
            ReportWriter.write(r, Path.of(args[6]));
            System.out.println("report: " + args[6]);
        }
    }

    /** CPU time of this process so far: on a shared machine wall time alone says little. */
    private static double cpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    private static void print(String attack, String model, String groups, AttackMetrics m) {
        if (m != null) {
            System.out.printf(Locale.ROOT, "%-23s %-10s %-20s %6.4f %8.4f %8.4f%n", attack, model, groups, m.auc(), m.tprAt1(), m.tprAt01());
        }
    }
}
