package dev.lethe.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.lethe.server.LetheServer;
import dev.lethe.server.Problem;
import dev.lethe.server.Role;
import dev.lethe.store.Database;
import dev.lethe.store.StoreException;
import dev.lethe.model.LetheException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The native API's jobs in the registry (migration {@code V100__api_jobs.sql}), so that listing and
 * fetching them survive a restart and every server on one registry answers for all of them. A job is
 * carried out by one runner (a server process), which holds it by a lease it renews; only that
 * runner's updates land, and once the lease has expired the job is failed as interrupted.
 */
final class JobStore {

    private static final String OPEN = "state IN ('QUEUED', 'RUNNING')";
    private static final String SELECT = "SELECT id, kind, state, progress, stage, owner_key, owner_role, created_at, "
            + "updated_at, finished_at, result, error FROM api_jobs";
    private static final int STAGE_LIMIT = 1000;
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private final Database db;

    JobStore(Database db) {
        this.db = db;
    }

    /** Records a new queued job carried out by {@code runner} under a lease until {@code leaseUntil}. */
    void insert(Job job, String runner, Instant leaseUntil) {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_jobs (id, kind, state, progress, stage, owner_key, "
                    + "owner_role, runner, lease_until, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, job.id());
                ps.setString(2, job.kind());
                ps.setString(3, job.state().name());
                ps.setDouble(4, job.progress());
                ps.setString(5, clip(job.stage()));
                ps.setString(6, job.startedBy());
                ps.setString(7, job.owner().name());
                ps.setString(8, runner);
                ps.setLong(9, leaseUntil.toEpochMilli());
                ps.setLong(10, job.createdAt().toEpochMilli());
                ps.setLong(11, job.createdAt().toEpochMilli());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Records how far an open job of {@code runner} got; false when the job is no longer its (interrupted). */
    boolean progress(String id, String runner, double fraction, String stage, Instant now) {
        return update("UPDATE api_jobs SET state = 'RUNNING', progress = ?, stage = ?, updated_at = ? WHERE id = ? AND runner = ? AND "
                + OPEN, ps -> {
                    ps.setDouble(1, fraction);
                    ps.setString(2, clip(stage));
                    ps.setLong(3, now.toEpochMilli());
                    ps.setString(4, id);
                    ps.setString(5, runner);
                }) > 0;
    }

    /** Closes an open job of {@code runner} as succeeded with {@code result} or failed with {@code error}. */
    void finish(String id, String runner, Map<String, Object> result, Problem error, Instant now) {
        boolean succeeded = error == null;
        update("UPDATE api_jobs SET state = ?, progress = CASE WHEN ? THEN 1 ELSE progress END, stage = ?, result = ?, error = ?, "
                + "updated_at = ?, finished_at = ? WHERE id = ? AND runner = ? AND " + OPEN, ps -> {
                    ps.setString(1, (succeeded ? Job.State.SUCCEEDED : Job.State.FAILED).name());
                    ps.setBoolean(2, succeeded);
                    ps.setString(3, succeeded ? "done" : "failed");
                    ps.setString(4, succeeded ? json(result) : null);
                    ps.setString(5, succeeded ? null : json(error));
                    ps.setLong(6, now.toEpochMilli());
                    ps.setLong(7, now.toEpochMilli());
                    ps.setString(8, id);
                    ps.setString(9, runner);
                });
    }

    /** Extends the lease of every open job of {@code runner}. */
    void renew(String runner, Instant leaseUntil) {
        update("UPDATE api_jobs SET lease_until = ? WHERE runner = ? AND " + OPEN, ps -> {
            ps.setLong(1, leaseUntil.toEpochMilli());
            ps.setString(2, runner);
        });
    }

    /** Fails every open job of {@code runner} with {@code why} (the runner is stopping); how many there were. */
    int interruptRunner(String runner, Problem why, Instant now) {
        return interrupt("runner = ?", runner, why, now);
    }

    /**
     * Fails every open job whose lease expired before {@code now} with {@code why}: its runner died
     * without finishing it. Reads only open jobs, through the index on (state, lease_until).
     */
    int interruptExpired(Problem why, Instant now) {
        return interrupt("lease_until < ?", now.toEpochMilli(), why, now);
    }

    private int interrupt(String condition, Object value, Problem why, Instant now) {
        return update("UPDATE api_jobs SET state = 'FAILED', stage = 'interrupted', error = ?, updated_at = ?, finished_at = ? WHERE "
                + OPEN + " AND " + condition, ps -> {
                    ps.setString(1, json(why));
                    ps.setLong(2, now.toEpochMilli());
                    ps.setLong(3, now.toEpochMilli());
                    ps.setObject(4, value);
                });
    }

    Optional<Job> find(String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(job(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The newest {@code limit} jobs that role {@code role} may follow, newest first. */
    List<Job> list(Role role, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE owner_role = ? ORDER BY owner_role DESC, created_at DESC, id DESC"
                    + " LIMIT " + limit)) {
                ps.setString(1, role.name());
                List<Job> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(job(rs));
                    }
                }
                return out;
            }
        });
    }

    /** Keeps what job {@code id} produced (an audit's HTML report) with it. */
    void saveReport(String id, String report) {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_job_reports (job_id, report) VALUES (?, ?)")) {
                ps.setString(1, id);
                ps.setBytes(2, report.getBytes(StandardCharsets.UTF_8));
                ps.executeUpdate();
            }
            return null;
        });
    }

    Optional<String> report(String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT report FROM api_job_reports WHERE job_id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new String(rs.getBytes(1), StandardCharsets.UTF_8)) : Optional.empty();
                }
            }
        });
    }

    private static Job job(ResultSet rs) throws SQLException {
        long finished = rs.getLong(10);
        Instant finishedAt = rs.wasNull() ? null : Instant.ofEpochMilli(finished);
        String result = rs.getString(11);
        String error = rs.getString(12);
        return new Job(rs.getString(1), rs.getString(2), Job.State.valueOf(rs.getString(3)), rs.getDouble(4), rs.getString(5),
                Instant.ofEpochMilli(rs.getLong(8)), Instant.ofEpochMilli(rs.getLong(9)), finishedAt,
                result == null ? null : read(result, MAP), error == null ? null : read(error, Problem.class),
                rs.getString(6), Role.valueOf(rs.getString(7)));
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private int update(String sql, Binder binder) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                return ps.executeUpdate();
            }
        });
    }

    private static String clip(String stage) {
        String s = stage == null ? "" : stage;
        return s.length() <= STAGE_LIMIT ? s : s.substring(0, STAGE_LIMIT - 1) + "…";
    }

    private static String json(Object value) {
        try {
            return LetheServer.json().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException(LetheException.Kind.INTERNAL, "cannot record a job's outcome as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static <T> T read(String json, Object type) {
        try {
            @SuppressWarnings("unchecked")
            T value = type instanceof Class<?> cls ? (T) LetheServer.json().readValue(json, cls)
                    : (T) LetheServer.json().readValue(json, (TypeReference<?>) type);
            return value;
        } catch (JsonProcessingException e) {
            throw new StoreException(LetheException.Kind.INTERNAL, "a job's stored outcome is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
