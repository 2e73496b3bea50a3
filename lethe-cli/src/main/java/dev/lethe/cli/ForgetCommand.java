package dev.lethe.cli;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.audit.ledger.LedgerEntry;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.ModelFile;
import dev.lethe.model.UnlearnableModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * {@code --out}) only after the forget succeeded; a failed request leaves every file as it was. The
 * receipt is then appended to the signed ledger of the Lethe home ({@code --no-ledger} to skip).
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

    @Option(names = "--no-ledger", description = "Do not append the receipt to the ledger of the Lethe home.")
    boolean noLedger;

    @Override
    public Integer call() throws IOException {
        ForgetRequest request = request();
        UnlearnableModel model = ModelFile.load(modelFile);
        ForgetReceipt receipt = model.forget(request);
        Ledger ledger = noLedger ? null : Ledger.open(home.dir());
        // with a ledger, the receipt names a subject by the home's keyed hash, as the ledger does; an
        // unkeyed hash of a guessable ID (an e-mail address) could be reversed by trying candidates
        ForgetReceipt shown = ledger != null && request instanceof ForgetRequest.Subject subject
                ? withRequest(receipt, "subject " + ledger.subjects().hash(subject.subjectId())) : receipt;
        Path target = out == null ? modelFile : out;
        Path receiptTmp = null;
        if (receiptFile != null) {
            Path dir = receiptFile.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            receiptTmp = Files.createTempFile(dir, "." + receiptFile.getFileName(), ".tmp");
            Files.writeString(receiptTmp, Json.pretty(Json.receipt(shown)) + "\n");
        }
        try {
            ModelFile.save(model, target);
            if (receiptTmp != null) {
                move(receiptTmp, receiptFile);
            }
        } finally {
            if (receiptTmp != null) {
                Files.deleteIfExists(receiptTmp);
            }
        }
        spec.commandLine().getOut().printf("forgot %s: %d record%s, %s, in %s → %s%n", shown.request(),
                receipt.recordCount(), receipt.recordCount() == 1 ? "" : "s", receipt.guarantee(),
                Durations.format(receipt.elapsed().toNanos()), target);
        if (receipt.details().containsKey("retrain_reason")) {
            spec.commandLine().getOut().printf("retrained from scratch: %s%n", receipt.details().get("retrain_reason"));
        }
        if (ledger != null) {
            // after the model is saved: the ledger records forgets that happened
            LedgerEntry entry = ledger.append(receipt, request);
            spec.commandLine().getOut().printf("ledger: entry %d in %s%n", entry.seq(), ledger.file());
        }
        return Main.OK;
    }

    private static ForgetReceipt withRequest(ForgetReceipt r, String request) {
        return new ForgetReceipt(r.family(), r.requestKind(), request, r.records(), r.guarantee(), r.elapsed(),
                r.digestBefore(), r.digestAfter(), r.at(), r.details());
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
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
                throw new Main.UserError(file + " line " + (i + 1) + ": expected a record ID, got '" + s + "'");
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
                throw new Main.UserError(file + " line " + (i + 1) + ": expected 'record ID,new label', got '" + s + "'");
            }
            try {
                long id = Long.parseLong(s.substring(0, comma).strip());
                if (labels.put(id, s.substring(comma + 1).strip()) != null) {
                    throw new Main.UserError(file + " line " + (i + 1) + ": record " + id + " is relabelled twice");
                }
            } catch (NumberFormatException e) {
                throw new Main.UserError(file + " line " + (i + 1) + ": expected a record ID, got '" + s.substring(0, comma) + "'");
            }
        }
        if (labels.isEmpty()) {
            throw new Main.UserError(file + ": no relabelled records in the file");
        }
        return labels;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new Main.UserError(file + ": no such file");
        } catch (IOException e) {
            throw new Main.UserError(file + ": cannot read: " + e.getMessage());
        }
    }
}
