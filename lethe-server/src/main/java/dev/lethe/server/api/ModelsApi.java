package dev.lethe.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.engine.Catalog;
import dev.lethe.model.InvalidInputException;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.server.RouteTable;
import dev.lethe.server.Role;
import dev.lethe.server.ServerContext;
import dev.lethe.store.ModelEvent;
import dev.lethe.store.ModelInfo;
import dev.lethe.store.Registry;
import dev.lethe.store.VersionInfo;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/models}: train a model on a dataset (a job), list models, a model's versions,
 * lineage summary and events, and predictions of its current version. For engineers.
 */
final class ModelsApi {

    private static final int MAX_ROWS = 10_000;

    /** A model version loaded for predictions; replaced when the model's current version moves on. */
    private record Loaded(int version, UnlearnableModel model) {}

    private final ServerContext context;
    private final Jobs jobs;
    private final Map<String, Loaded> loaded = new java.util.concurrent.ConcurrentHashMap<>();

    ModelsApi(ServerContext context, Jobs jobs) {
        this.context = context;
        this.jobs = jobs;
    }

    void register(ApiRoutes api) {
        api.post("/models", "train a model (a job)", ApiDescriptions.Doc.of(
                        "Trains `family` with `settings` (an object of hyperparameters) on `dataset` and stores it as `name` "
                                + "version 1; `seed`, `holdout` (fraction held out to guard accuracy) and `accuracy_margin` are "
                                + "optional. Answers 202 with the training job.").body("application/json").status(202),
                        this::train, Role.ENGINEER)
                .get("/models", "list the models", ApiDescriptions.Doc.of("Every model with its family, dataset and current version."),
                        this::list, Role.ENGINEER)
                .get("/models/{name}", "a model and its lineage summary", ApiDescriptions.Doc.of(
                        "The model, its settings, and its lineage: records held at training and now, versions by cause."),
                        this::show, Role.ENGINEER)
                .get("/models/{name}/versions", "a model's versions", ApiDescriptions.Doc.of(
                        "Each version: why it was made (trained, forget, retrain), records held, digests, purge time."),
                        this::versions, Role.ENGINEER)
                .get("/models/{name}/events", "a model's events", ApiDescriptions.Doc.of(
                        "What happened to the model besides forgets, e.g. retrains forced by its accuracy guard."),
                        this::events, Role.ENGINEER)
                .post("/models/{name}/predict", "predict with the current version", ApiDescriptions.Doc.of(
                        "Body `{\"rows\": [{feature: value, …}, …]}`; answers the `version` that predicted and per row the "
                                + "`prediction` and, for a classifier, `p_<class>` for every class.").body("application/json"),
                        this::predict, Role.ENGINEER);
    }

    private void train(Context ctx) {
        JsonNode body = Bodies.json(ctx);
        Map<String, String> settings = new LinkedHashMap<>();
        JsonNode s = body.get("settings");
        if (s != null && !s.isNull()) {
            if (!s.isObject()) {
                throw new InvalidInputException("field 'settings' must be an object of hyperparameters");
            }
            s.fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
        }
        String family = Bodies.text(body, "family");
        java.util.OptionalLong given = body.hasNonNull("seed") ? java.util.OptionalLong.of((long) Bodies.number(body, "seed", 42))
                : java.util.OptionalLong.empty();
        Catalog.TrainSpec spec = new Catalog.TrainSpec(Bodies.text(body, "name"), Bodies.text(body, "dataset"), family, settings,
                dev.lethe.model.ModelFamilies.seedFor(family, given, 42), Bodies.number(body, "holdout", 0),
                Bodies.number(body, "accuracy_margin", 0.05));
        Registry registry = context.home().registry();
        Job job = jobs.start("train", RouteTable.principal(ctx), progress -> {
            progress.update(0.1, "training " + spec.family() + " on " + spec.dataset());
            ModelInfo m = new Catalog(registry).train(spec);
            return describe(m);
        });
        ctx.status(202).header("Location", "/api/v1/jobs/" + job.id()).json(job);
    }

    private void list(Context ctx) {
        ctx.json(context.home().registry().models().list().stream().map(this::describe).toList());
    }

    private void show(Context ctx) {
        Registry registry = context.home().registry();
        ModelInfo m = registry.models().get(ctx.pathParam("name"));
        List<VersionInfo> versions = registry.models().versions(m.name());
        Map<String, Object> out = describe(m);
        out.put("settings", m.settings());
        out.put("seed", dev.lethe.model.ModelFamilies.seedIsSecret(m.family()) ? "secret" : m.seed());
        Map<String, Object> lineage = new LinkedHashMap<>();
        lineage.put("records_at_training", versions.isEmpty() ? 0 : versions.get(0).liveRecords());
        int now = registry.models().version(m.name(), m.currentVersion()).liveRecords();
        lineage.put("records_held", now);
        lineage.put("records_forgotten", versions.isEmpty() ? 0 : versions.get(0).liveRecords() - now);
        Map<String, Long> byCause = new LinkedHashMap<>();
        versions.forEach(v -> byCause.merge(v.cause(), 1L, Long::sum));
        lineage.put("versions_by_cause", byCause);
        lineage.put("purged_versions", versions.stream().filter(VersionInfo::isPurged).count());
        out.put("lineage", lineage);
        if (m.hasAccuracyGuard()) {
            out.put("baseline_accuracy", m.baselineAccuracy());
            out.put("accuracy_margin", m.accuracyMargin());
        }
        ctx.json(out);
    }

    private void versions(Context ctx) {
        ctx.json(context.home().registry().models().versions(ctx.pathParam("name")).stream().map(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", v.version());
            m.put("cause", v.cause());
            m.put("records_held", v.liveRecords());
            m.put("sha256", v.sha256());
            m.put("state_digest", v.stateDigest());
            m.put("batch", v.batchId());
            m.put("created_at", v.createdAt());
            m.put("purged_at", v.purgedAt());
            return m;
        }).toList());
    }

    private void events(Context ctx) {
        String name = context.home().registry().models().get(ctx.pathParam("name")).name();
        ctx.json(context.home().registry().models().events(name).stream().map((ModelEvent e) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", e.version());
            m.put("event", e.event());
            m.put("detail", e.detail());
            m.put("batch", e.batchId());
            m.put("at", e.at());
            return m;
        }).toList());
    }

    private void predict(Context ctx) {
        Registry registry = context.home().registry();
        ModelInfo info = registry.models().get(ctx.pathParam("name"));
        JsonNode rows = Bodies.json(ctx).get("rows");
        if (rows == null || !rows.isArray() || rows.isEmpty()) {
            throw new InvalidInputException("field 'rows' must be a non-empty array of objects");
        }
        if (rows.size() > MAX_ROWS) {
            throw new InvalidInputException("at most " + MAX_ROWS + " rows per call, got " + rows.size());
        }
        int version = info.currentVersion();
        UnlearnableModel model = current(info);
        RowEncoder encoder = new RowEncoder(model.schema());
        boolean classifier = model.schema().isClassification();
        List<String> classes = model.schema().classes();
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            double[] row = encoder.encode(rows.get(i), i);
            Map<String, Object> answer = new LinkedHashMap<>();
            if (classifier) {
                double[] p = model.probabilities(row);
                answer.put("prediction", classes.get((int) model.predict(row)));
                for (int c = 0; c < classes.size(); c++) {
                    answer.put("p_" + classes.get(c), p[c]);
                }
            } else {
                answer.put("prediction", model.predict(row));
            }
            out.add(answer);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", info.name());
        body.put("version", version);
        body.put("predictions", out);
        ctx.json(body);
    }

    /** The model's current version, decoded once per version rather than on every call. */
    private UnlearnableModel current(ModelInfo info) {
        Loaded l = loaded.get(info.name());
        if (l == null || l.version() != info.currentVersion()) {
            l = new Loaded(info.currentVersion(), context.home().registry().models().load(info.name(), info.currentVersion()));
            loaded.put(info.name(), l);
        }
        return l.model();
    }

    private Map<String, Object> describe(ModelInfo m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", m.name());
        out.put("family", m.family());
        out.put("dataset", context.home().registry().datasets().get(m.datasetId()).name());
        out.put("current_version", m.currentVersion());
        out.put("created_at", m.createdAt());
        return out;
    }
}
