package dev.lethe.server.dashboard;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.data.Dataset;
import dev.lethe.data.ReadOptions;
import dev.lethe.engine.Catalog;
import dev.lethe.engine.KeyedSummaries;
import dev.lethe.engine.LedgerReceiptSink;
import dev.lethe.engine.Worker;
import dev.lethe.engine.Workflow;
import dev.lethe.server.KeyVerifier;
import dev.lethe.server.LetheServer;
import dev.lethe.server.Principal;
import dev.lethe.server.Role;
import dev.lethe.server.ServerContext;
import dev.lethe.server.ServerOptions;
import dev.lethe.store.LetheHome;
import dev.lethe.testing.ManualClock;
import dev.lethe.testing.RepositoryData;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A home for the dashboard's tests: the bundled Pima Indians Diabetes data (768 rows) imported with
 * one derived subject per row ({@code patient-<row>}, as data/README.md says tests derive them), a
 * naive Bayes model trained on it with an accuracy guard, a workflow and a worker that records in
 * the ledger, and a started server with the dashboard and one key per role.
 */
final class DashboardFixture implements AutoCloseable {

    static final String OFFICER = "o1.officer-secret";
    static final String ENGINEER = "e1.engineer-secret";
    static final String ADMIN = "a1.admin-secret";
    static final String CONTROLLER = "c1.controller-secret";

    /** One stored audit report of the model, as a report store would hold it. */
    static final String REPORT = "<!DOCTYPE html><html><head><style>h1{color:#123}</style></head><body><h1>Audit of diabetes-nb v1</h1>"
            + "<img alt=\"ROC\" src=\"data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=\"></body></html>";
    static final AuditReports AUDITS = new AuditReports() {
        @Override
        public List<Summary> of(String model) {
            return model.equals("diabetes-nb") ? List.of(new Summary("audit-1", 1, Instant.parse("2026-12-01T10:00:00Z"),
                    "forgetting verified <exact>")) : List.of();
        }

        @Override
        public Optional<String> html(String model, String id) {
            return model.equals("diabetes-nb") && id.equals("audit-1") ? Optional.of(REPORT) : Optional.empty();
        }
    };

    final Path dir;
    final ManualClock clock = new ManualClock(Instant.now());
    final LetheHome home;
    final Workflow workflow;
    final Worker worker;
    final LetheServer server;

    DashboardFixture(Path dir) {
        this.dir = dir;
        Ledger.initialiseIfNew(dir);
        home = LetheHome.open(dir);
        Catalog catalog = new Catalog(home.registry());
        catalog.importDataset("patients", withSubjects(RepositoryData.read("mlbench_PimaIndiansDiabetes.csv.gz",
                ReadOptions.label("diabetes"))), Map.of("file", "mlbench_PimaIndiansDiabetes.csv.gz"));
        catalog.train(new Catalog.TrainSpec("diabetes-nb", "patients", "nb", Map.of(), 1L, 0.2, 0.05));
        workflow = new Workflow(home.registry(), clock, KeyedSummaries.subjectHash(dir));
        worker = new Worker(home.registry(), Worker.Config.defaults().withSink(LedgerReceiptSink.inHome(dir, home.registry())));
        Map<String, Principal> keys = Map.of(OFFICER, new Principal("o1", Role.OFFICER), ENGINEER, new Principal("e1", Role.ENGINEER),
                ADMIN, new Principal("a1", Role.ADMIN), CONTROLLER, new Principal("c1", Role.CONTROLLER));
        KeyVerifier verifier = (id, secret) -> Optional.ofNullable(keys.get(id + "." + secret));
        ServerContext context = new ServerContext(home, workflow, verifier, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), clock);
        server = LetheServer.create(context, ServerOptions.defaults(),
                List.of(new DashboardModule(DashboardModule.IDLE, DashboardModule.ABSOLUTE, AUDITS))).start("127.0.0.1", 0);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    /** Pima's rows, each with its own subject {@code patient-<row>}. */
    static Dataset withSubjects(Dataset data) {
        int d = data.numFeatures();
        double[] values = new double[data.size() * d];
        double[] targets = new double[data.size()];
        String[] subjects = new String[data.size()];
        double[] row = new double[d];
        for (int i = 0; i < data.size(); i++) {
            System.arraycopy(data.copyRow(i, row), 0, values, i * d, d);
            targets[i] = data.target(i);
            subjects[i] = "patient-" + i;
        }
        return Dataset.of(data.schema(), values, targets, data.recordIds(), subjects);
    }

    @Override
    public void close() {
        server.close();
        worker.close();
        home.close();
    }
}
