package dev.lethe.audit.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.model.OsFileLock;
import dev.lethe.model.PrivateFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ledger's files: {@code ledger.jsonl} (one entry a line, appended and forced to disk), the
 * signed head {@code ledger.head} (entry count and last hash, replaced atomically) and
 * {@code ledger.lock}, whose operating-system lock ({@link OsFileLock}) serialises writers
 * in every process, so two {@code lethe} commands on one home append one chain.
 *
 * <p>Every file it creates is readable and writable by its owner only (where the file system has POSIX
 * permissions): the ledger holds record IDs and keyed subject hashes, no one else's business.
 *
 * <p>Threads sharing one {@code Ledger} wait on its monitor; separate {@code Ledger} objects on one
 * file, in this JVM or another process, wait for the lock ({@link OsFileLock}).
 */
final class LedgerFile {

    static final String FILE = "ledger.jsonl";
    static final String HEAD = "ledger.head";
    static final String LOCK = "ledger.lock";

    private final Path file;
    private final Path head;
    private final Path lock;
    /** Bytes read from the ledger file so far: how an index refresh shows it reads only what was appended. */
    private final java.util.concurrent.atomic.AtomicLong bytesRead = new java.util.concurrent.atomic.AtomicLong();

    LedgerFile(Path dir) {
        this.file = dir.resolve(FILE);
        this.head = dir.resolve(HEAD);
        this.lock = dir.resolve(LOCK);
    }

    Path file() {
        return file;
    }

    Path head() {
        return head;
    }

    /** Work done while holding the ledger's lock. */
    @FunctionalInterface
    interface Locked<T> {
        T run() throws IOException;
    }

    /** Runs {@code work} holding the operating-system lock on {@code ledger.lock}. */
    <T> T locked(Locked<T> work) {
        try (OsFileLock held = OsFileLock.acquire(lock, null).orElseThrow()) {
            return work.run();
        } catch (IOException e) {
            throw new LedgerException("cannot write the ledger " + file + ": " + e.getMessage(), e);
        }
    }

    long bytesRead() {
        return bytesRead.get();
    }

    boolean exists() {
        return Files.exists(file);
    }

    /** The length of the ledger file in bytes (0 when it does not exist). */
    long length() throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /** A line of the ledger read from {@code offset}. */
    record Line(long offset, String text) {
    }

    /** The non-blank lines from byte {@code offset} to the end, with the offset each starts at. */
    List<Line> linesFrom(long offset) throws IOException {
        List<Line> out = new ArrayList<>();
        if (!exists()) {
            return out;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.position(offset);
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            ByteArrayOutputStream current = new ByteArrayOutputStream();
            long start = offset;
            long position = offset;
            while (channel.read(buffer) > 0) {
                buffer.flip();
                bytesRead.addAndGet(buffer.remaining());
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    position++;
                    if (b == '\n') {
                        add(out, start, current);
                        start = position;
                    } else {
                        current.write(b);
                    }
                }
                buffer.clear();
            }
            add(out, start, current);
        }
        return out;
    }

    private static void add(List<Line> out, long start, ByteArrayOutputStream bytes) {
        String text = bytes.toString(StandardCharsets.UTF_8);
        bytes.reset();
        if (!text.isBlank()) {
            out.add(new Line(start, text));
        }
    }

    /** The line starting at {@code offset}. */
    String lineAt(long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.position(offset);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (channel.read(buffer) > 0) {
                buffer.flip();
                bytesRead.addAndGet(buffer.remaining());
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    if (b == '\n') {
                        return bytes.toString(StandardCharsets.UTF_8);
                    }
                    bytes.write(b);
                }
                buffer.clear();
            }
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Every non-blank line, in order (verification and listing read the whole ledger; appends do not). */
    List<String> lines() {
        try {
            return linesFrom(0).stream().map(Line::text).toList();
        } catch (IOException e) {
            throw new LedgerException("cannot read the ledger " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends the bytes and forces them to disk once. (Opening the file with {@code SYNC} instead made
     * every 8 KiB chunk of the write its own synchronous disk write: hundreds per batch.)
     */
    void append(byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), PrivateFiles.fileAttributes())) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        }
    }

    /** Creates an empty ledger file if there is none (a new home's ledger exists from the start). */
    void createEmpty() throws IOException {
        if (!exists()) {
            PrivateFiles.createFileIfMissing(file);
        }
    }

    /** The signed head as recorded: entries, last hash and signature. */
    record Head(long entries, String hash, String signature) {
        static String message(long entries, String hash) {
            return "lethe-ledger-head:" + entries + ":" + hash;
        }
    }

    /** The head as recorded, or empty when the file does not exist. */
    Optional<Head> readHead() throws IOException {
        if (!Files.exists(head)) {
            return Optional.empty();
        }
        JsonNode h = EntryCodec.tree(Files.readString(head));
        return Optional.of(new Head(h.path("entries").asLong(-1), h.path("hash").asText(""), h.path("signature").asText("")));
    }

    /** Replaces the head atomically. */
    void writeHead(long entries, String hash, String signature) throws IOException {
        String text = "{\"entries\":" + entries + ",\"hash\":" + EntryCodec.quoted(hash) + ",\"signature\":"
                + EntryCodec.quoted(signature) + "}";
        Path tmp = head.resolveSibling(HEAD + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PrivateFiles.fileAttributes());
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, head, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
