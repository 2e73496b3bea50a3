package dev.lethe.store;

import dev.lethe.model.LetheException.Kind;

import dev.lethe.model.LetheException;

import dev.lethe.model.Digests;
import dev.lethe.model.ModelFile;
import dev.lethe.model.UnlearnableModel;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Models and their versions. A version's artifact, SHA-256, state digest and lineage are written in
 * the same transaction that makes it current, so a crash never leaves a half-written version; the
 * SHA-256 is checked again whenever the artifact is read.
 *
 * <p>The training data is stored once, as the model's dataset: an artifact ({@link #encode}) holds
 * the model's parameters, the record IDs it holds and its forget state, never the rows, and
 * {@link #load} resolves the rows in the dataset.
 */
public final class ModelStore {

    private final Database db;
    private final DatasetStore datasets;

    ModelStore(Database db, DatasetStore datasets) {
        this.db = db;
        this.datasets = datasets;
    }

    /** The first key of the per-model advisory locks: "LETI", beside {@link WorkerLease}'s "LETH". */
    private static final int MODEL_LOCK_CLASS = 0x4C455449;

    /** A held lock on one model, released by {@link #close}. */
    public interface ModelLock extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Waits until no other worker updates model {@code name}, and holds it until closed, so two workers
     * on one registry never forget in the same model at once (their versions would fork). On PostgreSQL
     * a session-level advisory lock on a connection of its own, released if the worker's process dies;
     * an embedded registry has one worker ({@link WorkerLease}), so nothing to lock.
     */
    public ModelLock lock(String name) {
        if (db.dialect() != Dialect.POSTGRESQL) {
            return () -> {
            };
        }
        java.sql.Connection c = null;
        try {
            c = db.openDedicated();
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?, hashtext(current_schema() || '/' || ?))")) {
                ps.setInt(1, MODEL_LOCK_CLASS);
                ps.setString(2, name);
                ps.execute();
            }
        } catch (SQLException e) {
            closeQuietly(c);
            throw SqlErrors.map(e, db.where());
        }
        java.sql.Connection session = c;
        return () -> {
            try (PreparedStatement unlock = session.prepareStatement(
                    "SELECT pg_advisory_unlock(?, hashtext(current_schema() || '/' || ?))")) {
                unlock.setInt(1, MODEL_LOCK_CLASS);
                unlock.setString(2, name);
                unlock.execute();
            } catch (SQLException ignored) {
                // closing the session below releases it too
            } finally {
                closeQuietly(session);
            }
        };
    }

    private static void closeQuietly(java.sql.Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // a lock connection we no longer use
            }
        }
    }

    /** The artifact to store for a model: its training records by reference to its dataset. */
    public static byte[] encode(UnlearnableModel model) {
        return ModelFile.toBytesReferencingRecords(model);
    }

    /**
     * A stored version as a model, its training records resolved in the model's dataset (an artifact
     * that embeds its records, as older homes stored them, loads too).
     *
     * @throws StoreException when the version was purged or its bytes do not match the digest
     */
    public UnlearnableModel load(String model, int version) {
        ModelInfo m = get(model);
        return ModelFile.fromBytes(artifact(model, version), datasets.recordSource(m.datasetId()));
    }

    /** Registers a model with its first version, in one transaction. */
    public ModelInfo create(String name, String family, long datasetId, Map<String, String> settings, long seed,
                            Lineage holdout, Double baselineAccuracy, Double accuracyMargin, NewVersion first) {
        if (name == null || name.isBlank()) {
            throw new StoreException(Kind.INVALID_INPUT, "a model needs a non-empty name");
        }
        if (find(name).isPresent()) {
            throw new StoreException(Kind.CONFLICT, "model " + LetheException.quote(name) + " already exists");
        }
        long now = System.currentTimeMillis();
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO models (name, family, dataset_id, settings, seed, "
                    + "current_version, holdout, baseline_accuracy, accuracy_margin, created_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?)")) {
                ps.setString(1, name);
                ps.setString(2, family);
                ps.setLong(3, datasetId);
                ps.setString(4, Codec.map(settings));
                ps.setLong(5, seed);
                if (holdout == null) {
                    ps.setNull(6, Types.VARBINARY);
                } else {
                    ps.setBytes(6, holdout.toBytes());
                }
                setDouble(ps, 7, baselineAccuracy);
                setDouble(ps, 8, accuracyMargin);
                ps.setLong(9, now);
                ps.executeUpdate();
            }
            addVersion(c, name, 0, first);
            return null;
        });
        return get(name);
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    /**
     * Stores {@code v} as version {@code expectedCurrent + 1} and makes it current, within the caller's
     * transaction.
     *
     * @throws StoreException when the current version is no longer {@code expectedCurrent}
     */
    public int addVersion(Connection c, String model, int expectedCurrent, NewVersion v) throws SQLException {
        int version = expectedCurrent + 1;
        try (PreparedStatement ps = c.prepareStatement("UPDATE models SET current_version = ? WHERE name = ? AND current_version = ?")) {
            ps.setInt(1, version);
            ps.setString(2, model);
            ps.setInt(3, expectedCurrent);
            if (ps.executeUpdate() != 1) {
                throw new StoreException(Kind.CONFLICT, "model '" + model + "' is no longer at version " + expectedCurrent
                        + "; another worker changed it");
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_versions (model_name, version, artifact, sha256, "
                + "state_digest, lineage, live_records, cause, batch_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, model);
            ps.setInt(2, version);
            ps.setBytes(3, v.artifact());
            ps.setString(4, sha256(v.artifact()));
            ps.setString(5, v.stateDigest());
            ps.setBytes(6, v.lineage().toBytes());
            ps.setInt(7, (int) v.lineage().size());
            ps.setString(8, v.cause());
            if (v.batchId() == null) {
                ps.setNull(9, Types.BIGINT);
            } else {
                ps.setLong(9, v.batchId());
            }
            ps.setLong(10, System.currentTimeMillis());
            ps.executeUpdate();
        }
        return version;
    }

    /**
     * Replaces the artifact of a model's current version by an equivalent encoding of the same state
     * (same state digest), e.g. with deferred work done. Changes nothing, and returns false, unless
     * the version is still current, unpurged, stored as {@code expectedSha256} and of that digest.
     */
    public boolean replaceArtifact(String model, int version, String expectedSha256, String stateDigest, byte[] artifact) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE model_versions SET artifact = ?, sha256 = ? "
                    + "WHERE model_name = ? AND version = ? AND sha256 = ? AND state_digest = ? AND purged_at IS NULL "
                    + "AND version = (SELECT current_version FROM models WHERE name = ?)")) {
                ps.setBytes(1, artifact);
                ps.setString(2, sha256(artifact));
                ps.setString(3, model);
                ps.setInt(4, version);
                ps.setString(5, expectedSha256);
                ps.setString(6, stateDigest);
                ps.setString(7, model);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Deletes the artifacts of every version of {@code model} older than its current one; returns how many. */
    public int purgeOlderVersions(Connection c, String model) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE model_versions SET artifact = NULL, purged_at = ? "
                + "WHERE model_name = ? AND purged_at IS NULL AND version < (SELECT current_version FROM models WHERE name = ?)")) {
            ps.setLong(1, System.currentTimeMillis());
            ps.setString(2, model);
            ps.setString(3, model);
            return ps.executeUpdate();
        }
    }

    public int purgeOlderVersions(String model) {
        return db.transaction(c -> purgeOlderVersions(c, model));
    }

    public void addEvent(Connection c, ModelEvent e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO model_events (model_name, version, event, detail, batch_id, at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, e.modelName());
            ps.setInt(2, e.version());
            ps.setString(3, e.event());
            ps.setString(4, e.detail());
            if (e.batchId() == null) {
                ps.setNull(5, Types.BIGINT);
            } else {
                ps.setLong(5, e.batchId());
            }
            ps.setLong(6, e.at().toEpochMilli());
            ps.executeUpdate();
        }
    }

    public List<ModelEvent> events(String model) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT model_name, version, event, detail, batch_id, at FROM model_events WHERE model_name = ? ORDER BY id")) {
                ps.setString(1, model);
                List<ModelEvent> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long b = rs.getLong(5);
                        out.add(new ModelEvent(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                                rs.wasNull() ? null : b, Instant.ofEpochMilli(rs.getLong(6))));
                    }
                }
                return out;
            }
        });
    }

    static String sha256(byte[] bytes) {
        MessageDigest sha = Digests.sha256();
        return Digests.hex(sha.digest(bytes));
    }

    private static final String SELECT_MODEL = "SELECT name, family, dataset_id, settings, seed, current_version, holdout, "
            + "baseline_accuracy, accuracy_margin, created_at FROM models";

    public Optional<ModelInfo> find(String name) {
        return db.read(c -> find(c, name));
    }

    public Optional<ModelInfo> find(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_MODEL + " WHERE name = ?")) {
            ps.setString(1, name);
            List<ModelInfo> all = models(ps);
            return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
        }
    }

    /** @throws StoreException naming the known models when there is none called {@code name} */
    public ModelInfo get(String name) {
        return find(name).orElseThrow(() -> new StoreException(Kind.NOT_FOUND, "unknown model " + LetheException.quote(name) + "; known: "
                + list().stream().map(ModelInfo::name).toList()));
    }

    public List<ModelInfo> list() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT_MODEL + " ORDER BY name")) {
                return models(ps);
            }
        });
    }

    private static List<ModelInfo> models(PreparedStatement ps) throws SQLException {
        List<ModelInfo> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byte[] holdout = rs.getBytes(7);
                double base = rs.getDouble(8);
                Double baseline = rs.wasNull() ? null : base;
                double m = rs.getDouble(9);
                Double margin = rs.wasNull() ? null : m;
                out.add(new ModelInfo(rs.getString(1), rs.getString(2), rs.getLong(3), Codec.map(rs.getString(4)),
                        rs.getLong(5), rs.getInt(6), holdout == null ? null : Lineage.fromBytes(holdout), baseline, margin,
                        Instant.ofEpochMilli(rs.getLong(10))));
            }
        }
        return out;
    }

    private static final String SELECT_VERSION = "SELECT model_name, version, sha256, state_digest, lineage, live_records, "
            + "cause, batch_id, created_at, purged_at FROM model_versions";

    public List<VersionInfo> versions(String model) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT_VERSION + " WHERE model_name = ? ORDER BY version")) {
                ps.setString(1, model);
                return versions(ps);
            }
        });
    }

    public VersionInfo version(String model, int version) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT_VERSION + " WHERE model_name = ? AND version = ?")) {
                ps.setString(1, model);
                ps.setInt(2, version);
                List<VersionInfo> v = versions(ps);
                if (v.isEmpty()) {
                    throw new StoreException(Kind.NOT_FOUND, "model '" + model + "' has no version " + version);
                }
                return v.get(0);
            }
        });
    }

    private static List<VersionInfo> versions(PreparedStatement ps) throws SQLException {
        List<VersionInfo> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long b = rs.getLong(8);
                Long batch = rs.wasNull() ? null : b;
                long p = rs.getLong(10);
                Instant purged = rs.wasNull() ? null : Instant.ofEpochMilli(p);
                out.add(new VersionInfo(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        Lineage.fromBytes(rs.getBytes(5)), rs.getInt(6), rs.getString(7), batch,
                        Instant.ofEpochMilli(rs.getLong(9)), purged));
            }
        }
        return out;
    }

    /**
     * The artifact of a version, checked against its stored SHA-256.
     *
     * @throws StoreException when the version was purged or its bytes do not match the digest
     */
    public byte[] artifact(String model, int version) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT artifact, sha256 FROM model_versions WHERE model_name = ? AND version = ?")) {
                ps.setString(1, model);
                ps.setInt(2, version);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreException(Kind.NOT_FOUND, "model '" + model + "' has no version " + version);
                    }
                    byte[] bytes = rs.getBytes(1);
                    if (bytes == null) {
                        throw new StoreException(Kind.NOT_FOUND, "version " + version + " of model '" + model + "' was purged");
                    }
                    String expected = rs.getString(2);
                    String actual = sha256(bytes);
                    if (!actual.equals(expected)) {
                        throw new StoreException(Kind.INTERNAL, "version " + version + " of model '" + model + "' is corrupted: SHA-256 "
                                + actual + ", expected " + expected);
                    }
                    return bytes;
                }
            }
        });
    }
}
