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
 * file, in this JVM or another process, wait for the lock ({@link OsFileLock}). Processes on other
 * machines cannot share the lock: a registry that several machines share keeps the ledger in its
 * database instead ({@link LedgerTable}).
 */
final class LedgerFile implements LedgerStorage {

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

    /** Runs {@code work} holding the operating-system lock on {@code ledger.lock}. */
    @Override
    public <T> T locked(Locked<T> work) {
        try (OsFileLock held = OsFileLock.acquire(lock, null).orElseThrow()) {
            return work.run();
        } catch (IOException e) {
            throw new LedgerException("cannot write the ledger " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long read() {
        return bytesRead.get();
    }

    @Override
    public boolean exists() {
        return Files.exists(file);
    }

    @Override
    public boolean isNew() throws IOException {
        return !exists() && readHead().isEmpty();
    }

    @Override
    public boolean createdByRegistry() {
        return false;
    }

    @Override
    public String name() {
        return file.getFileName().toString();
    }

    @Override
    public String headName() {
        return head.getFileName().toString();
    }

    /** The length of the ledger file in bytes (0 when it does not exist); the file alone does not know its last hash. */
    @Override
    public Tip tip() throws IOException {
        try {
            return new Tip(Files.size(file), null);
        } catch (NoSuchFileException e) {
            return new Tip(0, null);
        }
    }

    /** The non-blank lines from byte {@code offset} to the end (which is {@code end} while the lock is held), with the offset each starts at. */
    @Override
    public List<Line> linesFrom(long offset, long end) throws IOException {
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

    @Override
    public boolean readsWithoutLock() {
        return false;
    }

    @Override
    public Optional<String> lineOfRequest(String requestId) {
        throw new UnsupportedOperationException("the ledger file has no index of its own: the ledger's in-memory index finds entries");
    }

    /** The line starting at {@code offset}. */
    @Override
    public String lineAt(long offset) throws IOException {
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
    @Override
    public List<String> lines() {
        try {
            return linesFrom(0, Long.MAX_VALUE).stream().map(Line::text).toList();
        } catch (IOException e) {
            throw new LedgerException("cannot read the ledger " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends the bytes and forces them to disk once. (Opening the file with {@code SYNC} instead made
     * every 8 KiB chunk of the write its own synchronous disk write: hundreds per batch.)
     */
    @Override
    public long[] append(List<Written> entries) throws IOException {
        int estimate = 0;
        for (Written w : entries) {
            estimate += w.canonical().length() + w.hash().length() + w.signature().length() + 32;
        }
        Lines bytes = new Lines(estimate); // one buffer sized for the batch: written as it is, not copied
        long base = tip().position();
        long[] positions = new long[entries.size() + 1];
        for (int i = 0; i < entries.size(); i++) {
            positions[i] = base + bytes.size();
            Written w = entries.get(i);
            byte[] canonical = w.canonical().getBytes(StandardCharsets.UTF_8); // the line is it without its last '}', then the end
            bytes.write(canonical, 0, canonical.length - 1);
            bytes.writeBytes(EntryCodec.lineEnd(w.hash(), w.signature()).getBytes(StandardCharsets.UTF_8));
            bytes.write('\n');
        }
        positions[entries.size()] = base + bytes.size();
        append(bytes.buffer());
        return positions;
    }

    /** The bytes of the lines to append, handed to the channel without a copy. */
    private static final class Lines extends ByteArrayOutputStream {
        Lines(int size) {
            super(size);
        }

        ByteBuffer buffer() {
            return ByteBuffer.wrap(buf, 0, count);
        }
    }

    private void append(ByteBuffer buffer) throws IOException {
        try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), PrivateFiles.fileAttributes())) {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        }
    }

    /** Creates an empty ledger file if there is none (a new home's ledger exists from the start). */
    @Override
    public void createEmpty() throws IOException {
        if (!exists()) {
            PrivateFiles.createFileIfMissing(file);
        }
    }

    /** The head as recorded, or empty when the file does not exist. */
    @Override
    public Optional<Head> readHead() throws IOException {
        if (!Files.exists(head)) {
            return Optional.empty();
        }
        JsonNode h = EntryCodec.tree(Files.readString(head));
        return Optional.of(new Head(h.path("entries").asLong(-1), h.path("hash").asText(""), h.path("signature").asText("")));
    }

    /** Replaces the head atomically. */
    @Override
    public void writeHead(long entries, String hash, String signature) throws IOException {
        String text = "{\"entries\":" + entries + ",\"hash\":" + EntryCodec.quoted(hash) + ",\"signature\":"
                + EntryCodec.quoted(signature) + "}";
        Path tmp = head.resolveSibling(HEAD + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PrivateFiles.fileAttributes());
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, head, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
