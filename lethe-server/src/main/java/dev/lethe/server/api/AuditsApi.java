package dev.lethe.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.audit.AuditOptions;
import dev.lethe.audit.AuditResult;
import dev.lethe.audit.AuditRunner;
import dev.lethe.audit.ForgettingVerdict;
import dev.lethe.audit.ledger.Ledger;
import dev.lethe.audit.ledger.ReceiptChain;
import dev.lethe.audit.report.ReportWriter;
import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.InvalidInputException;
import dev.lethe.model.NotFoundException;
import dev.lethe.model.RefusedException;
import dev.lethe.model.LetheException;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.server.RouteTable;
import dev.lethe.server.Role;
import dev.lethe.server.ServerContext;
import dev.lethe.store.Lineage;
import dev.lethe.store.ModelInfo;
import dev.lethe.store.Registry;
import dev.lethe.store.VersionInfo;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/audits}: audit a model version (retrain oracle and membership-inference attacks,
 * as {@code lethe audit}) as a job, and fetch its self-contained HTML report. The version is
 * audited on the records it holds, against the model's held-out records (or, without a holdout,
 * the dataset's records it never held); its receipts come from the ledger. For officers.
 */
final class AuditsApi {

    private final ServerContext context;
    private final Jobs jobs;

    AuditsApi(ServerContext context, Jobs jobs) {
        this.context = context;
        this.jobs = jobs;
    }

    void register(ApiRoutes api) {
        api.post("/audits", "audit a model version (a job)", ApiDescriptions.Doc.of(
                        "Body: `model`, optionally `version` (default: current), `shadows` (shadow models, default 8), `runs` "
                                + "(repeated unlearn-versus-retrain runs, default 0) and `seed`. Answers 202 with the audit job; "
                                + "its report is at /api/v1/audits/{id}/report once it succeeded.")
                        .body("application/json").status(202), this::start, Role.OFFICER)
                .get("/audits/{id}/report", "an audit's HTML report", ApiDescriptions.Doc.of(
                        "The self-contained HTML report of a finished audit job.").answers("text/html"), this::report, Role.OFFICER);
    }

    private void start(Context ctx) {
        JsonNode body = Bodies.json(ctx);
        Registry registry = context.home().registry();
        ModelInfo info = registry.models().get(Bodies.text(body, "model"));
        int version = (int) Bodies.number(body, "version", info.currentVersion());
        VersionInfo v = registry.models().version(info.name(), version);
        if (v.isPurged()) {
            throw new InvalidInputException("version " + version + " of model " + LetheException.quote(info.name())
                    + " was purged (it held forgotten records); audit a later version");
        }
        AuditOptions options = AuditOptions.defaults().withShadowModels((int) Bodies.number(body, "shadows", 8))
                .withRepeatedRuns((int) Bodies.number(body, "runs", 0)).withSeed((long) Bodies.number(body, "seed", 1))
                .withThreads(2);
        Path home = context.home().dir();
        Job job = jobs.start("audit", RouteTable.principal(ctx), progress -> {
            progress.update(0.05, "loading " + info.name() + " v" + version);
            UnlearnableModel model = registry.models().load(info.name(), version);
            Dataset train = registry.datasets().load(info.datasetId(), v.lineage());
            if (!train.fingerprint().equals(model.provenance().dataFingerprint())) {
                throw new RefusedException("model " + LetheException.quote(info.name()) + " v" + version + " was trained on "
                        + "records the registry has since erased, so its retrain oracle cannot be rebuilt here; audit a version "
                        + "before its forgets are carried out, or use `lethe audit` with the original files");
            }
            Lineage unseen = info.hasAccuracyGuard() ? info.holdout()
                    : registry.datasets().liveRecords(info.datasetId()).andNot(v.lineage());
            Dataset held = registry.datasets().load(info.datasetId(), unseen);
            if (held.size() == 0) {
                throw new InvalidInputException("model " + LetheException.quote(info.name())
                        + " has no held-out records to audit against; train it with a holdout");
            }
            List<ForgetReceipt> receipts = ReceiptChain.of(Ledger.open(home, registry.database()), model);
            progress.update(0.1, "auditing " + model.family() + " (" + receipts.size() + " receipts in the ledger)");
            AuditResult r = AuditRunner.audit(model, train, held, Set.of(), options.withReceipts(receipts),
                    line -> progress.update(0.5, line));
            jobs.saveReport(progress.jobId(), ReportWriter.html(r));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("model", info.name());
            result.put("version", version);
            result.put("exact", r.oracle().exactness().passed());
            result.put("verdicts", r.verdicts().stream().map(ForgettingVerdict::outcome).map(Enum::name).toList());
            result.put("report", "/api/v1/audits/" + progress.jobId() + "/report");
            return result;
        });
        ctx.status(202).header("Location", "/api/v1/jobs/" + job.id()).json(job);
    }

    private void report(Context ctx) {
        Job job = jobs.get(ctx.pathParam("id"), RouteTable.principal(ctx).role());
        String html = jobs.report(job.id()).orElseThrow(() -> new NotFoundException("audit " + LetheException.quote(job.id())
                + " has no report: it is "
                    + job.state().name().toLowerCase(java.util.Locale.ROOT)));
        ctx.contentType("text/html; charset=utf-8").result(html);
    }
}
