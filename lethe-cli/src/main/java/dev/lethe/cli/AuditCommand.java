package dev.lethe.cli;

import dev.lethe.audit.AttackOutcome;
import dev.lethe.audit.AuditOptions;
import dev.lethe.audit.AuditResult;
import dev.lethe.audit.AuditRunner;
import dev.lethe.audit.ForgettingVerdict;
import dev.lethe.audit.ledger.Ledger;
import dev.lethe.audit.ledger.ReceiptChain;
import dev.lethe.audit.report.ReportWriter;
import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.UnlearnableModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lethe audit}: retrain oracle, membership-inference attacks and forgetting quality for a model
 * that forgot, written as a self-contained HTML report. The model's receipts are found in the ledger
 * (the chain of state digests that ends at the model's digest), for a verdict per receipt. Exit 1
 * when a forget that claims EXACT is distinguishable from retraining.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Audit what a model forgot (retrain oracle, LOSS / shadow-model / LiRA attacks) and write an HTML report.")
final class AuditCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--data", required = true, paramLabel = "TRAIN", description = "The training file of the model.")
    Path data;

    @Option(names = "--test", required = true, paramLabel = "TEST", description = "Held-out records the model never saw.")
    Path test;

    @Mixin
    EncodingOption encoding;

    @Option(names = "--forgotten", paramLabel = "FILE",
            description = "Record IDs (one a line) that should be forgotten besides what the model says it forgot.")
    Path forgotten;

    @Option(names = "--out", required = true, paramLabel = "REPORT", description = "Where to write the HTML report.")
    Path out;

    @Option(names = "--shadows", defaultValue = "16", description = "Shadow models for LiRA (default: ${DEFAULT-VALUE}).")
    int shadows;

    @Option(names = "--threads", description = "Worker threads (default: all cores).")
    Integer threads;

    @Option(names = "--runs", defaultValue = "8",
            description = "Repeated unlearn-versus-retrain runs for the forgetting-quality score; 0 skips (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--methods", split = ",", paramLabel = "FAMILY",
            description = "Families for the accuracy-versus-deletions curve, or 'all' (default: the model's).")
    List<String> methods;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the audit's randomness (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    HomeOption home;

    @Option(names = {"-q", "--quiet"}, description = "No progress on standard error.")
    boolean quiet;

    @Override
    public Integer call() {
        Progress progress = new Progress(spec.commandLine().getErr(), quiet);
        UnlearnableModel m = model.load(progress);
        Dataset train = DataFiles.readFor(m, data, true, null, encoding.charset, progress).dataset();
        Dataset held = DataFiles.readFor(m, test, true, null, encoding.charset, progress).dataset();
        Set<Long> extra = forgotten == null ? Set.of() : ForgetCommand.readIds(forgotten);
        List<ForgetReceipt> receipts = receipts(m);
        AuditOptions options = AuditOptions.defaults().withShadowModels(shadows).withRepeatedRuns(runs).withSeed(seed)
                .withReceipts(receipts);
        if (threads != null) {
            options = options.withThreads(threads);
        }
        if (methods != null) {
            List<String> families = methods.equals(List.of("all")) ? ModelFamilies.names() : methods;
            options = options.withCurve(families, options.curveSteps(), options.forgetsPerStep());
        }
        progress.stage("auditing " + m.family() + " (" + receipts.size() + " receipt" + (receipts.size() == 1 ? "" : "s") + " in the ledger)");
        AuditResult r = AuditRunner.audit(m, train, held, extra, options, line -> { });
        ReportWriter.write(r, out);
        progress.done();
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "retrain oracle: %s (largest difference %.3g, tolerance %.1g)%n",
                r.oracle().exactness().passed() ? "EXACT" : "DIFFERS", r.oracle().exactness().maxDifference(),
                r.oracle().exactness().tolerance());
        for (AttackOutcome a : r.attacks()) {
            o.printf(Locale.ROOT, "%-23s members AUC %.3g", a.attack(), a.membersVsHeldOut() == null ? Double.NaN : a.membersVsHeldOut().auc());
            if (a.forgottenUnlearned() != null) {
                o.printf(Locale.ROOT, "; forgotten AUC %.3g (retrained %.3g)", a.forgottenUnlearned().auc(), a.forgottenRetrained().auc());
            }
            o.println();
        }
        boolean failed = false;
        for (ForgettingVerdict v : r.verdicts()) {
            o.println(v.outcome() + ": " + v.scope() + " — " + v.explanation());
            failed |= v.outcome() == ForgettingVerdict.Outcome.INCONSISTENT;
        }
        if (r.quality() != null) {
            o.printf(Locale.ROOT, "forgetting quality (NeurIPS 2023, %d runs): %.3f%n", r.quality().runs(), r.quality().quality());
        }
        o.println("report: " + out);
        return failed ? Main.CHECK_FAILED : Main.OK;
    }

    /** The ledger receipts whose digests chain to the model's current state, oldest first. */
    private List<ForgetReceipt> receipts(UnlearnableModel m) {
        if (!Files.isDirectory(home.dir()) || !Files.exists(home.dir().resolve(Ledger.FILE))) {
            return List.of();
        }
        return ReceiptChain.of(Ledger.open(home.dir()), m);
    }
}
