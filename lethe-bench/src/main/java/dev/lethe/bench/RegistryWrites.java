package dev.lethe.bench;

import dev.lethe.store.Database;
import dev.lethe.store.Dialect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Locale;

/**
 * What the registry wrote while a benchmark ran, the volume that drives H2's page serialisation and the
 * scrub: on embedded H2, how many bytes its file grew (its size sampled every few milliseconds, growths
 * summed, so the scrub's rewrite into a smaller file is not subtracted); on PostgreSQL, the write-ahead
 * log bytes ({@code pg_current_wal_lsn}) the server wrote meanwhile, the whole server's. Where Linux tells
 * ({@code wchar} in {@code /proc/self/io}), also every byte this process handed to {@code write}: the
 * registry's pages and the scrub's rewrites included, which file sizes sampled under load can miss.
 */
final class RegistryWrites {

    private final Database db;
    private final Path file;
    private final Thread sampler;
    private volatile boolean running = true;
    private long grown;
    private final long walBefore;
    private final long processBefore = processWrites();

    private RegistryWrites(Database db, Path home) {
        this.db = db;
        if (db.dialect() == Dialect.H2) {
            file = home.resolve("registry.mv.db");
            walBefore = 0;
            sampler = new Thread(this::sample, "registry-writes");
            sampler.setDaemon(true);
            sampler.start();
        } else {
            file = null;
            sampler = null;
            walBefore = walBytes();
        }
    }

    /** Starts counting what the registry of the home at {@code home} writes. */
    static RegistryWrites start(Database db, Path home) {
        return new RegistryWrites(db, home);
    }

    private void sample() {
        long last = size();
        while (running) {
            long now = size();
            if (now > last) {
                grown += now - last;
            }
            last = now;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long size() {
        try {
            return Files.size(file);
        } catch (java.nio.file.NoSuchFileException e) { // between the scrub's rename steps
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long walBytes() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** The bytes this process has passed to {@code write} so far (Linux), or -1. */
    private static long processWrites() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("wchar:")) {
                    return Long.parseLong(line.substring("wchar:".length()).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Stops counting; a line that says what was written, in all and per request. */
    String stop(int requests) {
        long bytes;
        String what;
        if (sampler != null) {
            running = false;
            try {
                sampler.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            bytes = grown;
            what = "H2 file grew";
        } else {
            bytes = walBytes() - walBefore;
            what = "PostgreSQL WAL (whole server)";
        }
        long process = processWrites();
        String all = process < 0 || processBefore < 0 ? "" : String.format(Locale.ROOT,
                "; the process wrote %.1f MB, %.1f KB per request", (process - processBefore) / 1e6, (process - processBefore) / 1e3 / requests);
        return String.format(Locale.ROOT, "registry writes during the timed pass: %s %.1f MB, %.1f KB per request%s",
                what, bytes / 1e6, bytes / 1e3 / requests, all);
    }
}
