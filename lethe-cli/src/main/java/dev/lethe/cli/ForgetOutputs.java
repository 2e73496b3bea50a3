package dev.lethe.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;

/**
 * The outputs of one {@code lethe forget} — the new model file, the receipt and the ledger entry —
 * committed all or none (DESIGN.md, "Privacy by design"). {@link #check()} finds the mistakes a user
 * can fix (a receipt path that is a directory, a ledger that cannot be appended to) before anything is
 * applied; {@link #commit} writes the model to a temporary file beside its target, places the receipt,
 * appends the ledger entry and only then moves the model into place, atomically, so until that last
 * step the model file is untouched. On any failure what was written is undone: temporary files
 * deleted, the receipt removed (or its earlier content put back).
 *
 * <p>A ledger entry, once appended, cannot be withdrawn; the only step after it is the rename of the
 * model within its own directory, which {@link #check()} made as safe as a file system allows.
 */
final class ForgetOutputs {

    private final Path model;
    private final Path receipt;
    private final Path ledgerFile;

    /**
     * @param model      where the new model goes (links already followed)
     * @param receipt    the receipt file, or {@code null} for none
     * @param ledgerFile the ledger that gets an entry, or {@code null} for none
     */
    ForgetOutputs(Path model, Path receipt, Path ledgerFile) {
        this.model = model.toAbsolutePath();
        this.receipt = receipt == null ? null : receipt.toAbsolutePath();
        this.ledgerFile = ledgerFile == null ? null : ledgerFile.toAbsolutePath();
    }

    /** Refuses, with a one-line message, any output that cannot be written. Creates only missing directories of the receipt. */
    void check() {
        if (Files.isDirectory(model)) {
            throw new Main.UserError(model + ": is a directory; the model must be a file");
        }
        writableDirectory(model.getParent(), "the model's directory");
        if (receipt != null) {
            if (Files.isDirectory(receipt)) {
                throw new Main.UserError(receipt + ": is a directory; --receipt needs a file name");
            }
            try {
                Files.createDirectories(receipt.getParent());
            } catch (IOException e) {
                throw FileErrors.of(receipt.getParent(), "cannot create the receipt's directory", e);
            }
            writableDirectory(receipt.getParent(), "the receipt's directory");
            if (Files.exists(receipt) && !Files.isWritable(receipt)) {
                throw new Main.UserError(receipt + ": the receipt file is not writable");
            }
        }
        if (ledgerFile != null) {
            if (Files.exists(ledgerFile) && (!Files.isRegularFile(ledgerFile) || !Files.isWritable(ledgerFile))) {
                throw new Main.UserError(ledgerFile + ": the ledger cannot be appended to (not a writable file); "
                        + "fix it or use --no-ledger");
            }
            writableDirectory(ledgerFile.getParent(), "the ledger's directory");
        }
    }

    private static void writableDirectory(Path dir, String what) {
        if (!Files.isDirectory(dir)) {
            throw new Main.UserError(dir + ": " + what + " does not exist or is not a directory");
        }
        if (!Files.isWritable(dir)) {
            throw new Main.UserError(dir + ": " + what + " is not writable");
        }
    }

    /**
     * Writes everything or nothing.
     *
     * @param modelBytes  the new model file
     * @param receiptJson the receipt, written when a receipt file was given
     * @param record      appends the ledger entry (or does nothing without a ledger); runs after the
     *                    receipt is placed and before the model is
     * @return what {@code record} returned
     */
    <T> T commit(byte[] modelBytes, String receiptJson, Supplier<T> record) {
        Path modelTmp = null;
        Path receiptTmp = null;
        byte[] earlierReceipt = null;
        boolean receiptPlaced = false;
        try {
            modelTmp = writeTemp(model, modelBytes, "cannot write the new model");
            if (receipt != null) {
                receiptTmp = writeTemp(receipt, receiptJson.getBytes(StandardCharsets.UTF_8), "cannot write the receipt");
                earlierReceipt = Files.exists(receipt) ? read(receipt) : null;
                move(receiptTmp, receipt, "cannot write the receipt");
                receiptPlaced = true;
            }
            T recorded = record.get();
            move(modelTmp, model, "cannot replace the model");
            return recorded;
        } catch (RuntimeException e) {
            undo(modelTmp, receiptTmp, receiptPlaced, earlierReceipt, e);
            throw e;
        }
    }

    private void undo(Path modelTmp, Path receiptTmp, boolean receiptPlaced, byte[] earlierReceipt, RuntimeException failure) {
        try {
            if (modelTmp != null) {
                Files.deleteIfExists(modelTmp);
            }
            if (receiptTmp != null) {
                Files.deleteIfExists(receiptTmp);
            }
            if (receiptPlaced) {
                if (earlierReceipt == null) {
                    Files.deleteIfExists(receipt);
                } else {
                    Files.write(receipt, earlierReceipt);
                }
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static Path writeTemp(Path target, byte[] bytes, String action) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                out.write(bytes);
            }
            return tmp;
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw FileErrors.of(target, action, e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw FileErrors.of(file, "cannot read the earlier receipt", e);
        }
    }

    private static void move(Path from, Path to, String action) {
        try {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw FileErrors.of(to, action, e);
        }
    }
}
