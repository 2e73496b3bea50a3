package dev.lethe.cli;

import dev.lethe.model.LetheException;
import dev.lethe.audit.ledger.Ledger;
import dev.lethe.audit.ledger.LedgerEntry;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFile;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.UnlearnableModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lethe forget}: make a model forget, atomically. The model file is replaced (or written to
 * {@code --out}) only after the forget succeeded, and together with the receipt and the entry in the
 * signed ledger of the Lethe home ({@code --no-ledger} to skip): all of them or none
 * ({@link ForgetOutputs}). Writers of one model file take turns ({@link ModelFileLock}); a model path
 * that is a symbolic link is followed, so the file it points to is replaced and the link kept.
 */
@Command(name = "forget", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Make a model forget records, a subject, a feature or a class; write the receipt.")
final class ForgetCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "The model file.")
    Path modelFile;

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    static final class What {
        @Option(names = "--records", paramLabel = "FILE", description = "A file with one record ID per line.")
        Path recordsFile;

        @Option(names = "--record", paramLabel = "ID", arity = "1..*", description = "Record IDs to forget.")
        List<Long> records;

        @Option(names = "--subject", paramLabel = "ID", description = "Forget every record of this data subject.")
        String subject;

        @Option(names = "--feature", paramLabel = "NAME", description = "Forget a feature from every record.")
        String feature;

        @Option(names = "--class", paramLabel = "LABEL", description = "Forget every record of a class.")
        String label;

        @Option(names = "--relabel", paramLabel = "FILE",
                description = "Correct labels: a file of 'record ID,new label' lines.")
        Path relabelFile;
    }

    @Option(names = "--out", paramLabel = "MODEL", description = "Write the new model here (default: replace --model).")
    Path out;

    @Option(names = "--receipt", paramLabel = "FILE", description = "Write the receipt as JSON.")
    Path receiptFile;

    @Mixin
    HomeOption home;

    @Mixin
    MethodForget methods;

    @Option(names = "--no-ledger", description = "Do not append the receipt to the ledger of the Lethe home.")
    boolean noLedger;

    @Option(names = "--lock-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to wait while another lethe process changes the model (default: ${DEFAULT-VALUE}).")
    double lockTimeout;

    @Override
    public Integer call() {
        ForgetRequest request = request();
        methods.checkUsage();
        if (!(lockTimeout >= 0) || lockTimeout > 86_400) {
            throw new Main.UserError("--lock-timeout must be between 0 and 86400 seconds, got " + lockTimeout);
        }
        Path source = ModelFile.followLinks(modelFile).toAbsolutePath();
        if (!Files.isRegularFile(source)) {
            throw new ModelFileException(modelFile + ": no such model file");
        }
        Path target = out == null ? source : ModelFile.followLinks(out).toAbsolutePath();
        Ledger ledger = noLedger ? null : Ledger.open(home.dir());
        ForgetOutputs outputs = new ForgetOutputs(target, receiptFile, ledger == null ? null : ledger.file());
        outputs.check();
        Duration wait = Duration.ofMillis(Math.round(lockTimeout * 1000));
        // writers of one model file are serialised for the whole read-modify-write; only the file written
        // needs the lock (with --out the model read is replaced atomically by its writers, if any, so the
        // read sees one whole version, and a read-only model can still be forgotten into a new file)
        try (ModelFileLock lock = ModelFileLock.acquire(target, wait)) {
            UnlearnableModel model = ModelFile.load(source);
            ForgetReceipt receipt;
            if (methods.requested()) {
                methods.cacheNextTo(source);
                MethodForget.Outcome outcome = methods.forget(model, request, spec.commandLine().getOut());
                model = outcome.model();
                receipt = outcome.receipt();
            } else {
                receipt = model.forget(request);
            }
            // with a ledger, the receipt names a subject by the home's keyed hash, as the ledger does; an
            // unkeyed hash of a guessable ID (an e-mail address) could be reversed by trying candidates
            ForgetReceipt shown = ledger != null && request instanceof ForgetRequest.Subject subject
                    ? withRequest(receipt, "subject " + ledger.subjects().hash(subject.subjectId())) : receipt;
            LedgerEntry entry = outputs.commit(ModelFile.toBytes(model), Json.pretty(Json.receipt(shown)) + "\n",
                    () -> ledger == null ? null : ledger.append(Ledger.forModelFile(receipt, target), request));
            if (target.equals(source)) {
                methods.modelReplaced();
            }
            spec.commandLine().getOut().printf("forgot %s: %d record%s, %s, in %s → %s%n", shown.request(),
                    receipt.recordCount(), receipt.recordCount() == 1 ? "" : "s", receipt.guarantee(),
                    Durations.format(receipt.elapsed().toNanos()), out == null ? modelFile : out);
            if (receipt.details().containsKey("method")) {
                spec.commandLine().getOut().printf("method: %s%n", receipt.details().get("method"));
            }
            if (receipt.details().containsKey("retrain_reason")) {
                spec.commandLine().getOut().printf("retrained from scratch: %s%n", receipt.details().get("retrain_reason"));
            }
            if (entry != null) {
                spec.commandLine().getOut().printf("ledger: entry %d in %s%n", entry.seq(), ledger.file());
            }
        }
        return Main.OK;
    }

    private static ForgetReceipt withRequest(ForgetReceipt r, String request) {
        return new ForgetReceipt(r.family(), r.requestKind(), request, r.records(), r.guarantee(), r.elapsed(),
                r.digestBefore(), r.digestAfter(), r.at(), r.details());
    }

    private ForgetRequest request() {
        if (what.recordsFile != null) {
            return new ForgetRequest.Records(readIds(what.recordsFile));
        }
        if (what.records != null) {
            return new ForgetRequest.Records(new LinkedHashSet<>(what.records));
        }
        if (what.subject != null) {
            return new ForgetRequest.Subject(what.subject);
        }
        if (what.feature != null) {
            return new ForgetRequest.Feature(what.feature);
        }
        if (what.label != null) {
            return new ForgetRequest.ClassLabel(what.label);
        }
        return new ForgetRequest.Relabel(readRelabels(what.relabelFile));
    }

    static Set<Long> readIds(Path file) {
        Set<Long> ids = new LinkedHashSet<>();
        List<String> lines = lines(file);
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i).strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            try {
                ids.add(Long.parseLong(s));
            } catch (NumberFormatException e) {
                throw new Main.UserError(file + " line " + (i + 1) + ": expected a record ID, got " + LetheException.quote(s));
            }
        }
        if (ids.isEmpty()) {
            throw new Main.UserError(file + ": no record IDs in the file");
        }
        return ids;
    }

    static Map<Long, String> readRelabels(Path file) {
        Map<Long, String> labels = new LinkedHashMap<>();
        List<String> lines = lines(file);
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i).strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            int comma = s.indexOf(',');
            if (comma < 0) {
                throw new Main.UserError(file + " line " + (i + 1) + ": expected 'record ID,new label', got " + LetheException.quote(s));
            }
            try {
                long id = Long.parseLong(s.substring(0, comma).strip());
                if (labels.put(id, s.substring(comma + 1).strip()) != null) {
                    throw new Main.UserError(file + " line " + (i + 1) + ": record " + id + " is relabelled twice");
                }
            } catch (NumberFormatException e) {
                throw new Main.UserError(file + " line " + (i + 1) + ": expected a record ID, got " + LetheException.quote(s.substring(0, comma)));
            }
        }
        if (labels.isEmpty()) {
            throw new Main.UserError(file + ": no relabelled records in the file");
        }
        return labels;
    }

    private static List<String> lines(Path file) {
        try {
            List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
            if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
                lines.set(0, lines.get(0).substring(1)); // a byte-order mark is no part of the first ID
            }
            return lines;
        } catch (NoSuchFileException e) {
            throw new Main.UserError(file + ": no such file");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new Main.UserError(file + ": not valid UTF-8 text");
        } catch (IOException e) {
            throw new Main.UserError(file + ": cannot read: " + e.getMessage());
        }
    }
}
