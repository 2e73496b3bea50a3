package dev.lethe.privacy.anonymise;

import dev.lethe.data.TextTable;
import dev.lethe.model.UnavailableException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a table as RFC 4180 CSV (gzip when the name ends in {@code .gz}) to a temporary file moved
 * into place, so a failed write leaves no partial output and an existing file as it was.
 */
public final class CsvOutput {

    private CsvOutput() {
    }

    public static void write(TextTable table, Path out) {
        replace(out, raw -> {
            try (OutputStream maybeGz = out.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw;
                 BufferedWriter w = new BufferedWriter(new OutputStreamWriter(maybeGz, StandardCharsets.UTF_8))) {
                line(w, table.names().toArray(new String[0]));
                for (String[] row : table.rows()) {
                    line(w, row);
                }
            }
        });
    }

    /** What goes into a file; it may close the stream. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code out} through a temporary file beside it, moved into place when complete: the one way
     * this module writes files (anonymised CSVs, comparison reports).
     */
    public static void replace(Path out, Body body) {
        Path dir = out.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, ".lethe-", ".tmp");
            try (OutputStream raw = Files.newOutputStream(tmp)) {
                body.write(raw);
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UnavailableException("cannot write " + out + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the move succeeded or the write failed; nothing more to do
                }
            }
        }
    }

    private static void line(BufferedWriter w, String[] cells) throws IOException {
        for (int j = 0; j < cells.length; j++) {
            if (j > 0) {
                w.write(',');
            }
            w.write(quote(cells[j]));
        }
        w.write('\n');
    }

    /** A cell as CSV: empty for missing, quoted when it holds a comma, quote or line break. */
    static String quote(String s) {
        if (s == null) {
            return "";
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
