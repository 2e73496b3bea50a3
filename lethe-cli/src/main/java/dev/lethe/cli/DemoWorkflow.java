package dev.lethe.cli;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.audit.ledger.LedgerEntry;
import dev.lethe.audit.ledger.LedgerVerification;
import dev.lethe.data.Dataset;
import dev.lethe.data.LoadedData;
import dev.lethe.data.ReadOptions;
import dev.lethe.engine.Catalog;
import dev.lethe.engine.LedgerReceiptSink;
import dev.lethe.engine.Worker;
import dev.lethe.engine.Workflow;
import dev.lethe.model.ForgetRequest;
import dev.lethe.store.DatasetInfo;
import dev.lethe.store.LetheHome;
import dev.lethe.store.Lineage;
import dev.lethe.store.ModelInfo;
import dev.lethe.store.ModelReceipt;
import dev.lethe.store.Registry;
import dev.lethe.store.RequestReceipt;
import dev.lethe.store.RequestStore;
import dev.lethe.store.VersionInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The second part of {@code lethe demo}: the forget workflow end to end, as a data-protection officer
 * would run it. In a fresh Lethe home (embedded H2) it imports a dataset whose rows belong to data
 * subjects, trains several families on it, submits subject requests (one for a subject the data does
 * not hold, which must complete with an empty receipt), lets a worker carry them out, prints each
 * request's receipt with the models' new versions, and checks that no forgotten record is stored or
 * in any model's lineage and that the signed ledger verifies.
 */
final class DemoWorkflow {

    /** The request for a subject the data does not hold: a valid request with an empty receipt. */
    static final String UNKNOWN_SUBJECT = "no-such-subject";

    /**
     * @param home     the Lethe home to create, or {@code null} for a temporary one removed afterwards
     * @param families model families with their settings, in training order
     * @param requests subject requests to submit, the last for an unknown subject
     */
    record Config(Path data, ReadOptions read, String subjectNote, Map<String, Map<String, String>> families, int requests,
                  long seed, Path home) {
    }

    private final Config config;
    private final PrintWriter out;
    private final Progress progress;
    /** A subject part 2 left alone, erased through OpenDSR in part 3. */
    private String served;

    DemoWorkflow(Config config, PrintWriter out, Progress progress) {
        this.config = config;
        this.out = out;
        this.progress = progress;
    }

    /** Runs the workflow part; returns whether every check passed. */
    boolean run() {
        Path dir = homeDir();
        boolean temporary = config.home() == null;
        try {
            boolean ok;
            Ledger.initialiseIfNew(dir);
            try (LetheHome home = LetheHome.open(dir)) {
                ok = run(home, dir);
            }
            if (ok && served != null) {
                out.println();
                out.println("== Part 3: the same home as a service: one OpenDSR 2.0 erasure over HTTP ==");
                out.println();
                try {
                    ok = new DemoService(out).run(dir, served);
                } catch (Exception e) {
                    out.println("the service part failed: " + e);
                    ok = false;
                }
                out.println();
            }
            return ok;
        } finally {
            if (temporary) {
                deleteTree(dir);
                out.println("(the temporary Lethe home was removed; pass --home DIR to keep it and explore it with "
                        + "`lethe models`, `lethe requests`, `lethe ledger show`)");
            }
        }
    }

    private boolean run(LetheHome home, Path dir) {
        Registry registry = home.registry();
        out.printf("Lethe home %s (embedded H2 registry, signed ledger)%n", dir);

        LoadedData loaded = DataFiles.readTraining(config.data(), config.read(), progress);
        Dataset data = loaded.dataset();
        List<String> subjects = data.subjects();
        if (subjects.isEmpty()) {
            throw new Main.UserError(config.data() + ": no subject column; pass --subject COL for the workflow part");
        }
        String name = datasetName(config.data());
        progress.stage("importing " + data.size() + " records into the registry");
        Catalog catalog = new Catalog(registry);
        DatasetInfo info = catalog.importDataset(name, data, DataFiles.source(config.data(), config.read(), loaded));
        progress.done();
        out.printf(Locale.ROOT, "imported %s: %,d records (IDs %d–%d) of %,d subjects; %s%n", info.name(), info.importedRows(),
                info.firstRecord(), info.lastRecord(), subjects.size(), config.subjectNote());
        out.printf("task: predict '%s' (%s) from %d features%n", info.schema().target().name(), info.schema().isClassification()
                ? info.schema().numClasses() + " classes" : "regression", info.schema().numFeatures());

        for (Map.Entry<String, Map<String, String>> f : config.families().entrySet()) {
            progress.stage(f.getKey() + ": training on " + name);
            long start = System.nanoTime();
            ModelInfo m = catalog.train(new Catalog.TrainSpec(f.getKey(), name, f.getKey(), f.getValue(), config.seed(), 0.2, 0.05));
            long nanos = System.nanoTime() - start;
            progress.done();
            VersionInfo v1 = registry.models().version(m.name(), m.currentVersion());
            out.printf(Locale.ROOT, "trained %-7s on %,d records (20%% held out: accuracy %.4f, retrain if it falls by 0.05) in %s%s%n",
                    m.name(), v1.liveRecords(), m.baselineAccuracy(), Durations.format(nanos),
                    f.getValue().isEmpty() ? "" : "  " + f.getValue());
        }

        List<String> requested = pickSubjects(subjects, config.requests() - 1, config.seed());
        served = subjects.stream().filter(s -> !requested.contains(s)).findFirst().orElse(null);
        requested.add(UNKNOWN_SUBJECT);
        Map<String, String> byRequest = new LinkedHashMap<>();
        Workflow workflow = Workflow.inHome(home);
        out.println();
        for (int i = 0; i < requested.size(); i++) {
            String id = "DEMO-" + (i + 1);
            String subject = requested.get(i);
            workflow.submit(id, new ForgetRequest.Subject(subject));
            byRequest.put(id, subject);
            long owned = IntStream.range(0, data.size()).filter(r -> subject.equals(data.subjectId(r))).count();
            out.printf(Locale.ROOT, "submitted %s: forget subject '%s' (%d record%s)%n", id, subject, owned, owned == 1 ? "" : "s");
        }
        RequestStore.Submission again = workflow.submit("DEMO-1", new ForgetRequest.Subject(requested.get(0)));
        out.printf("submitted DEMO-1 again: %s%n", again.created() ? "stored twice (wrong!)" : "already stored, nothing changes");

        LedgerReceiptSink sink = LedgerReceiptSink.inHome(dir, registry);
        progress.stage("worker: processing " + requested.size() + " requests");
        long start = System.nanoTime();
        int done;
        try (Worker worker = new Worker(registry, Worker.Config.defaults().withSink(sink))) {
            done = worker.drain();
        }
        long nanos = System.nanoTime() - start;
        progress.done();
        out.printf("%nworker: completed %d requests in %s (forget in every model, store new versions, purge old ones, "
                + "erase the records, write receipts, append them to the ledger)%n", done, Durations.format(nanos));
        out.println("receipts (a model forgets only the records it trained on; the rest were held out for its accuracy guard):");
        out.println();

        Ledger ledger = sink.ledger();
        boolean ok = done == requested.size() && !again.created();
        for (String id : byRequest.keySet()) {
            ok &= printReceipt(workflow, ledger, id);
        }
        out.println();
        ok &= checkForgotten(registry, info, data, requested);
        LedgerVerification v = ledger.verify();
        long entries = ledger.entries().stream().filter(e -> byRequest.containsKey(e.requestId())).count();
        boolean clear = ledgerMentions(ledger, requested);
        out.printf("ledger %s: %s; %d entr%s for %d requests; subjects %s%n", ledger.file(),
                v.valid() ? "hash chain and Ed25519 signatures verified" : v.toString(), entries, entries == 1 ? "y" : "ies",
                byRequest.size(), clear ? "IN CLEAR (wrong!)" : "appear only as keyed hashes (HMAC-SHA256)");
        ok &= v.valid() && entries == byRequest.size() && !clear;
        return ok;
    }

    private boolean printReceipt(Workflow workflow, Ledger ledger, String id) {
        RequestReceipt r = workflow.receipt(id).orElse(null);
        LedgerEntry entry = ledger.find(id).orElse(null);
        if (r == null || entry == null) {
            out.printf("%s: NO RECEIPT%s%n", id, entry == null ? " and no ledger entry" : "");
            return false;
        }
        out.printf("%s  %s  %s  ledger entry %d%n", id, entry.request(), r.isEmpty()
                ? "empty receipt: no record of this subject is held (a valid answer)"
                : r.recordsErased() + " records erased from " + r.datasets(), entry.seq());
        for (ModelReceipt m : r.models()) {
            out.printf(Locale.ROOT, "    %-7s → v%d  %3d records forgotten  %-11s %9s  state %s → %s%s%n", m.modelName(), m.version(),
                    m.receipt().recordCount(), m.receipt().guarantee(), Durations.format(m.receipt().elapsed().toNanos()),
                    abbreviate(m.receipt().digestBefore()), abbreviate(m.receipt().digestAfter()),
                    m.batchRequests() > 1 ? "  (one forget for a batch of " + m.batchRequests() + " requests)" : "");
        }
        return true;
    }

    /** No record of a requested subject is stored, or in the lineage of a model's unpurged version. */
    private boolean checkForgotten(Registry registry, DatasetInfo info, Dataset data, List<String> requested) {
        long[] gone = IntStream.range(0, data.size()).filter(i -> requested.contains(data.subjectId(i)))
                .mapToLong(i -> info.firstRecord() + i).toArray();
        boolean stored = registry.datasets().anyStored(gone);
        Lineage goneSet = Lineage.of(gone);
        List<String> remembering = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        for (ModelInfo m : registry.models().list()) {
            for (VersionInfo v : registry.models().versions(m.name())) {
                if (!v.isPurged() && v.lineage().intersects(goneSet)) {
                    remembering.add(m.name() + " v" + v.version());
                }
            }
            versions.add(m.name() + " v" + m.currentVersion());
        }
        out.printf("models now: %s (older versions purged)%n", String.join(", ", versions));
        if (stored || !remembering.isEmpty()) {
            out.printf("CHECK FAILED: %s%s%n", stored ? "forgotten records are still stored " : "",
                    remembering.isEmpty() ? "" : "still in " + remembering);
            return false;
        }
        out.printf("check: none of the %d forgotten records is stored or in any model version's lineage%n", gone.length);
        return true;
    }

    private static boolean ledgerMentions(Ledger ledger, List<String> subjects) {
        try {
            String text = Files.readString(ledger.file());
            return subjects.stream().anyMatch(s -> text.contains("\"" + s + "\""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code n} distinct subjects of the data, chosen by the seed. */
    static List<String> pickSubjects(List<String> subjects, int n, long seed) {
        List<String> shuffled = new ArrayList<>(subjects);
        Collections.shuffle(shuffled, new Random(seed));
        return new ArrayList<>(shuffled.subList(0, Math.min(n, shuffled.size())));
    }

    private Path homeDir() {
        try {
            if (config.home() == null) {
                return Files.createTempDirectory("lethe-demo-");
            }
            Path h = config.home();
            if (Files.exists(h)) {
                try (Stream<Path> s = Files.list(h)) {
                    if (s.findAny().isPresent()) {
                        throw new Main.UserError("--home " + h + ": not empty; the demo needs a fresh Lethe home");
                    }
                }
            }
            return h;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }

    private static String datasetName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static String abbreviate(String digest) {
        return digest == null ? "-" : digest.substring(0, Math.min(12, digest.length()));
    }
}
