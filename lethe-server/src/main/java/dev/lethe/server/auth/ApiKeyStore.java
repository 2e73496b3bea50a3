package dev.lethe.server.auth;

import dev.lethe.model.Digests;
import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import dev.lethe.model.NotFoundException;
import dev.lethe.server.KeyVerifier;
import dev.lethe.server.Principal;
import dev.lethe.server.Role;
import dev.lethe.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API keys of a registry (table {@code api_keys}): created with a role and printed once as
 * {@code ID.SECRET}, listed, revoked. Only a salted PBKDF2 hash of each secret is stored
 * ({@link SecretHasher}).
 *
 * <p>The slow hash is paid once per key and store: after it succeeds, the key's role and a SHA-256
 * of its secret are kept in memory (never stored) and later calls compare against that in constant
 * time, without reading the registry. Revocation still acts promptly: one made in this process (by
 * any store, e.g. the admin API's) is seen by the next call at once; one made by another process
 * ({@code lethe keys revoke}, another server) within {@link #REVOCATION_BOUND}, because a store
 * re-reads a fingerprint of the key table (how many keys, how many revoked, the latest revocation)
 * once that much time has passed since it last did, and forgets every verified key when it changed.
 */
public final class ApiKeyStore implements KeyVerifier {

    private static final int ID_BYTES = 9;
    private static final int SECRET_BYTES = 32;
    private static final int MAX_NAME = 200;
    private static final int MAX_CACHED = 10_000;

    /** How long a key verified by one process stays usable after another process revoked it, at most. */
    public static final java.time.Duration REVOCATION_BOUND = java.time.Duration.ofMillis(250);

    /** Revocations made in this process, by any store: a change makes every store look at its key table again. */
    private static final java.util.concurrent.atomic.AtomicLong REVOCATIONS = new java.util.concurrent.atomic.AtomicLong();

    /** A key verified by this store: who it is and a SHA-256 of its secret. */
    private record Verified(Principal principal, byte[] secretDigest) {
        /** The key's caller if {@code digest} is its secret's, compared in constant time. */
        Optional<Principal> check(byte[] digest) {
            return MessageDigest.isEqual(secretDigest, digest) ? Optional.of(principal) : Optional.empty();
        }
    }

    /** What a revocation anywhere changes in the key table. */
    private record TableState(long keys, long revoked, long lastRevokedAt) {}

    private record Row(ApiKey key, String salt, String hash, int iterations) {}

    private final Database db;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    /** A lock per stored key (only IDs found in the table get one). */
    private final Map<String, Object> slowHashes = new ConcurrentHashMap<>();
    /** Guarded by {@code this}: the key table as last read, and when (by {@link #clock}). */
    private TableState table;
    private volatile long checkedAt;
    private volatile long revocationsSeen = -1;
    /** Counts the times {@link #verified} was emptied: a key read before one is not remembered after it. */
    private volatile long generation;

    public ApiKeyStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public ApiKeyStore(Database db) {
        this(db, Clock.systemUTC());
    }

    /** Creates a key of {@code role}; its printed form is returned here and never again. */
    public CreatedKey create(Role role, String name) {
        if (role == Role.ANYONE) {
            throw new InvalidInputException("a key needs a role: controller, officer, engineer or admin");
        }
        if (name != null && name.length() > MAX_NAME) {
            throw new InvalidInputException("a key's name has at most " + MAX_NAME + " characters, got " + name.length());
        }
        String id = "lk" + SecretHasher.randomToken(ID_BYTES);
        String secret = SecretHasher.randomToken(SECRET_BYTES);
        byte[] salt = SecretHasher.newSalt();
        byte[] hash = SecretHasher.hash(secret, salt, SecretHasher.ITERATIONS);
        Instant now = clock.instant();
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_keys (id, name, role, salt, hash, iterations, "
                    + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, name);
                ps.setString(3, role.name());
                ps.setString(4, Base64.getEncoder().encodeToString(salt));
                ps.setString(5, Base64.getEncoder().encodeToString(hash));
                ps.setInt(6, SecretHasher.ITERATIONS);
                ps.setLong(7, now.toEpochMilli());
                ps.executeUpdate();
            }
            return null;
        });
        return new CreatedKey(new ApiKey(id, name, role, Instant.ofEpochMilli(now.toEpochMilli()), null), id + "." + secret);
    }

    /** Every key ever created, oldest first, revoked ones included. */
    public List<ApiKey> list() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY created_at, id")) {
                List<ApiKey> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs).key());
                    }
                }
                return out;
            }
        });
    }

    /** The key {@code id}. @throws NotFoundException when there is none */
    public ApiKey get(String id) {
        return find(id).map(Row::key).orElseThrow(() -> new NotFoundException("no API key " + LetheException.quote(id)));
    }

    /**
     * Revokes key {@code id} from now on; revoking a revoked key changes nothing.
     *
     * @throws NotFoundException when there is no such key
     */
    public ApiKey revoke(String id) {
        get(id);
        long now = clock.millis();
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                ps.setLong(1, now);
                ps.setString(2, id);
                ps.executeUpdate();
            }
            return null;
        });
        verified.remove(id);
        REVOCATIONS.incrementAndGet();
        return get(id);
    }

    @Override
    public Optional<Principal> verify(String keyId, String secret) {
        if (keyId == null || secret == null || keyId.length() > 40 || secret.length() > 200) {
            return Optional.empty();
        }
        long generationSeen = current();
        byte[] digest = sha256(secret);
        Verified known = verified.get(keyId);
        if (known != null) {
            return known.check(digest);
        }
        Optional<Row> found = find(keyId);
        if (found.isEmpty() || found.get().key().isRevoked()) {
            return Optional.empty();
        }
        // one slow hash per key at a time: callers arriving together (a client's first burst) wait for it
        synchronized (slowHashes.computeIfAbsent(keyId, k -> new Object())) {
            Verified meanwhile = verified.get(keyId);
            if (meanwhile != null) {
                return meanwhile.check(digest);
            }
            Row row = found.get();
            byte[] hash = SecretHasher.hash(secret, Base64.getDecoder().decode(row.salt()), row.iterations());
            if (!MessageDigest.isEqual(hash, Base64.getDecoder().decode(row.hash()))) {
                return Optional.empty();
            }
            Principal principal = new Principal(keyId, row.key().role());
            remember(keyId, new Verified(principal, digest), generationSeen);
            return Optional.of(principal);
        }
    }

    /**
     * Looks at the key table again when a revocation was made in this process since the last look, or
     * {@link #REVOCATION_BOUND} has passed; forgets every verified key when the table changed. Returns
     * the generation of {@link #verified} that the key table, as last read, vouches for.
     */
    private long current() {
        long revocations = REVOCATIONS.get();
        long now = clock.millis();
        if (revocations == revocationsSeen && now >= checkedAt && now - checkedAt < REVOCATION_BOUND.toMillis()) {
            return generation;
        }
        synchronized (this) {
            now = clock.millis();
            if (revocations == revocationsSeen && now >= checkedAt && now - checkedAt < REVOCATION_BOUND.toMillis()) {
                return generation; // another call looked meanwhile
            }
            TableState read = tableState();
            if (!read.equals(table)) {
                verified.clear();
                table = read;
                generation++;
            }
            revocationsSeen = revocations;
            checkedAt = now;
            return generation;
        }
    }

    /** Remembers a key unless the table changed since its row was read (its row may predate a revocation). */
    private synchronized void remember(String keyId, Verified key, long generationSeen) {
        if (generation != generationSeen) {
            return;
        }
        if (verified.size() >= MAX_CACHED) {
            verified.clear();
        }
        verified.put(keyId, key);
    }

    private TableState tableState() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*), COUNT(revoked_at), COALESCE(MAX(revoked_at), 0) FROM api_keys");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new TableState(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        });
    }

    private static final String SELECT = "SELECT id, name, role, salt, hash, iterations, created_at, revoked_at FROM api_keys";

    private Optional<Row> find(String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            }
        });
    }

    private static Row row(ResultSet rs) throws SQLException {
        long revoked = rs.getLong(8);
        Instant revokedAt = rs.wasNull() ? null : Instant.ofEpochMilli(revoked);
        ApiKey key = new ApiKey(rs.getString(1), rs.getString(2), Role.valueOf(rs.getString(3)),
                Instant.ofEpochMilli(rs.getLong(7)), revokedAt);
        return new Row(key, rs.getString(4), rs.getString(5), rs.getInt(6));
    }

    private static byte[] sha256(String secret) {
        return Digests.sha256().digest(secret.getBytes(StandardCharsets.UTF_8));
    }
}
