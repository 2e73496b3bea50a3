package dev.lethe.server.api;

import dev.lethe.data.Attribute;
import dev.lethe.data.DatasetReader;
import dev.lethe.data.LoadedData;
import dev.lethe.data.ReadOptions;
import dev.lethe.engine.Catalog;
import dev.lethe.model.PrivateFiles;
import dev.lethe.model.UnavailableException;
import dev.lethe.server.RouteTable;
import dev.lethe.server.Role;
import dev.lethe.server.ServerContext;
import dev.lethe.store.DatasetInfo;
import dev.lethe.store.Registry;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/datasets}: import an uploaded CSV (a job), list the datasets, inspect one's
 * columns. For engineers; no answer holds a subject ID (the subject column is named, its values are not).
 */
final class DatasetsApi {

    private final ServerContext context;
    private final Jobs jobs;

    DatasetsApi(ServerContext context, Jobs jobs) {
        this.context = context;
        this.jobs = jobs;
        removeStaleUploads();
    }

    /** Uploads a previous server left behind (it stopped mid-import) may hold subject IDs: none stays outside the registry. */
    private void removeStaleUploads() {
        Path dir = context.home().dir().resolve("uploads");
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var stale = Files.list(dir)) {
            for (Path file : (Iterable<Path>) stale::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UnavailableException("cannot clear " + dir + ": " + e.getMessage());
        }
    }

    void register(ApiRoutes api) {
        api.post("/datasets", "import a CSV as a dataset (a job)", ApiDescriptions.Doc.of(
                        "Imports the CSV in the body (text/csv) under `name`; `label` names the target column, `subject` the "
                                + "data-subject column and `id` a record-ID column. Answers 202 with the import job.")
                        .query("name", "label", "subject", "id").body("text/csv").status(202), this::importCsv, Role.ENGINEER)
                .get("/datasets", "list the datasets", ApiDescriptions.Doc.of("Every dataset with its size and target."),
                        this::list, Role.ENGINEER)
                .get("/datasets/{name}", "a dataset's columns", ApiDescriptions.Doc.of(
                        "The dataset's columns (type, levels of categorical ones), target and record counts; never subject IDs."),
                        this::inspect, Role.ENGINEER);
    }

    private void importCsv(Context ctx) throws IOException {
        String name = Params.required(ctx, "name");
        ReadOptions options = ReadOptions.label(Params.required(ctx, "label"))
                .withSubject(ctx.queryParam("subject")).withId(ctx.queryParam("id"));
        Path upload = receive(ctx.bodyInputStream());
        Registry registry = context.home().registry();
        Job job = jobs.start("import", RouteTable.principal(ctx), progress -> {
            try {
                progress.update(0.1, "reading the CSV");
                LoadedData loaded = DatasetReader.read(upload, options);
                progress.update(0.5, "storing " + loaded.dataset().size() + " records");
                Map<String, String> source = new LinkedHashMap<>(options.toMap());
                source.put("file", "upload");
                DatasetInfo info = new Catalog(registry).importDataset(name, loaded.dataset(), source);
                return describe(info);
            } finally {
                Files.deleteIfExists(upload); // the upload may hold subject IDs: none stays outside the registry
            }
        });
        ctx.status(202).header("Location", "/api/v1/jobs/" + job.id()).json(job);
    }

    /** Stores the body in a private temporary file in the home (0600), since the readers take files. */
    private Path receive(InputStream body) throws IOException {
        Path dir = PrivateFiles.createDirectories(context.home().dir().resolve("uploads"));
        Path file = Files.createTempFile(dir, "upload-", ".csv", PrivateFiles.fileAttributes());
        try (body) {
            Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw new UnavailableException("cannot store the upload: " + e.getMessage());
        }
        return file;
    }

    private void list(Context ctx) {
        ctx.json(context.home().registry().datasets().list().stream().map(this::describe).toList());
    }

    private void inspect(Context ctx) {
        DatasetInfo info = context.home().registry().datasets().get(ctx.pathParam("name"));
        Map<String, Object> out = describe(info);
        List<Map<String, Object>> columns = info.schema().features().stream().map(DatasetsApi::column).toList();
        out.put("columns", columns);
        out.put("target", column(info.schema().target()));
        ctx.json(out);
    }

    private Map<String, Object> describe(DatasetInfo info) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", info.name());
        m.put("imported_records", info.importedRows());
        m.put("live_records", context.home().registry().datasets().liveCount(info.id()));
        m.put("first_record", info.firstRecord());
        m.put("last_record", info.lastRecord());
        m.put("features", info.schema().numFeatures());
        m.put("target", info.schema().target().name());
        m.put("task", info.schema().task().name().toLowerCase(java.util.Locale.ROOT));
        m.put("imported_at", info.importedAt());
        return m;
    }

    private static Map<String, Object> column(Attribute a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("type", a.type().name().toLowerCase(java.util.Locale.ROOT));
        if (a.isCategorical()) {
            m.put("levels", a.liveLevels());
        }
        return m;
    }
}
