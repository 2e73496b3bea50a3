package dev.lethe.engine;

import dev.lethe.store.RequestReceipt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * A receipt sink that appends one line per receipt to a text file ({@code requestId<TAB>kind<TAB>
 * records erased<TAB>models}) and, being idempotent as {@link ReceiptSink} requires, skips a request
 * already in the file. Each line is forced to disk before {@link #record} returns. A stand-in for the
 * audit ledger, and what the crash tests count.
 */
public final class FileReceiptSink implements ReceiptSink {

    private final Path file;
    private final Set<String> seen = new HashSet<>();

    public FileReceiptSink(Path file) {
        this.file = file;
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isEmpty()) {
                        seen.add(line.substring(0, line.indexOf('\t')));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void record(RequestReceipt r) {
        if (!seen.add(r.requestId())) {
            return;
        }
        String line = r.requestId() + "\t" + r.kind() + "\t" + r.recordsErased() + "\t" + r.models().size() + "\n";
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        } catch (IOException e) {
            seen.remove(r.requestId());
            throw new UncheckedIOException(e);
        }
    }
}
