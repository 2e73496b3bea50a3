package dev.lethe.store;

import dev.lethe.model.LetheException.Kind;

import dev.lethe.model.LetheException;

import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.RecordSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The datasets of a registry, stored record by record so that a record can be erased by deleting
 * its row, and so models can be retrained from what remains. Import gives every record a fresh
 * registry-wide record ID. A record is found by its subject through a keyed digest of the subject
 * ({@link SubjectKeys}, column {@code subject_key}), never through an index on the raw ID, whose inner
 * pages would keep erased IDs after the scrub; the raw ID stays unindexed in the row for the readers that
 * group records by subject. Only a shared (PostgreSQL) registry indexes that digest (V180): an embedded one's
 * worker finds subjects in memory, and {@link #recordsOfSubjects} scans there.
 */
public final class DatasetStore {

    private static final int INSERT_BATCH = 2000;
    /** Record IDs per H2 erase statement: its per-row IN check is linear in this, its per-statement cost is small. */
    private static final int H2_ERASE_CHUNK = 128;
    /** The width of the {@code records.subject} column. */
    static final int MAX_SUBJECT = 200;

    private final Database db;
    private final java.util.function.Supplier<SubjectKeys> subjectKeys;

    DatasetStore(Database db, java.util.function.Supplier<SubjectKeys> subjectKeys) {
        this.db = db;
        this.subjectKeys = subjectKeys;
    }

    /**
     * Stores every row of {@code data} under {@code name}, in one transaction.
     *
     * @throws StoreException when a dataset of that name exists
     */
    public DatasetInfo importDataset(String name, Dataset data, Map<String, String> source) {
        if (name == null || name.isBlank()) {
            throw new StoreException(Kind.INVALID_INPUT, "a dataset needs a non-empty name");
        }
        for (int i = 0; i < data.size(); i++) {
            String subject = data.subjectId(i);
            if (subject != null && subject.length() > MAX_SUBJECT) {
                throw new StoreException(Kind.INVALID_INPUT, "row " + (i + 1) + ": a subject ID has " + subject.length()
                        + " characters; the registry holds subject IDs of at most " + MAX_SUBJECT);
            }
        }
        if (find(name).isPresent()) {
            throw new StoreException(Kind.CONFLICT, "dataset " + LetheException.quote(name) + " already exists");
        }
        SubjectKeys digests = data.hasSubjects() ? subjectKeys.get() : null;
        long now = System.currentTimeMillis();
        return db.transaction(c -> {
            long first = allocateRecordIds(c, data.size());
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO datasets (name, schema_state, source, imported_rows, "
                    + "first_record, imported_at) VALUES (?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
                ps.setString(1, name);
                ps.setBytes(2, Codec.schema(data.schema()));
                ps.setString(3, Codec.map(source));
                ps.setInt(4, data.size());
                ps.setLong(5, first);
                ps.setLong(6, now);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO records (record_id, dataset_id, subject, subject_key, target, features) VALUES (?, ?, ?, ?, ?, ?)")) {
                double[] row = new double[data.numFeatures()];
                for (int i = 0; i < data.size(); i++) {
                    ps.setLong(1, first + i);
                    ps.setLong(2, id);
                    String subject = data.subjectId(i);
                    ps.setString(3, subject);
                    ps.setBytes(4, subject == null ? null : digests.of(subject));
                    ps.setDouble(5, data.target(i));
                    ps.setBytes(6, Rows.encode(data.copyRow(i, row)));
                    ps.addBatch();
                    if ((i + 1) % INSERT_BATCH == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            return new DatasetInfo(id, name, data.schema(), data.size(), first, Codec.map(source), Instant.ofEpochMilli(now));
        });
    }

    private static long allocateRecordIds(Connection c, int count) throws SQLException {
        long next;
        try (PreparedStatement ps = c.prepareStatement("SELECT next_record FROM record_ids WHERE id = 1 FOR UPDATE");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            next = rs.getLong(1);
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE record_ids SET next_record = ? WHERE id = 1")) {
            ps.setLong(1, next + count);
            ps.executeUpdate();
        }
        return next;
    }

    public Optional<DatasetInfo> find(String name) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE name = ?")) {
                ps.setString(1, name);
                return first(ps);
            }
        });
    }

    /** @throws StoreException naming the known datasets when there is none called {@code name} */
    public DatasetInfo get(String name) {
        return find(name).orElseThrow(() -> new StoreException(Kind.NOT_FOUND, "unknown dataset " + LetheException.quote(name) + "; known: "
                + list().stream().map(DatasetInfo::name).toList()));
    }

    public DatasetInfo get(long id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ?")) {
                ps.setLong(1, id);
                return first(ps);
            }
        }).orElseThrow(() -> new StoreException(Kind.NOT_FOUND, "unknown dataset #" + id));
    }

    public List<DatasetInfo> list() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY id")) {
                return all(ps);
            }
        });
    }

    private static final String SELECT = "SELECT id, name, schema_state, imported_rows, first_record, source, imported_at FROM datasets";

    private static Optional<DatasetInfo> first(PreparedStatement ps) throws SQLException {
        List<DatasetInfo> all = all(ps);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    private static List<DatasetInfo> all(PreparedStatement ps) throws SQLException {
        List<DatasetInfo> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new DatasetInfo(rs.getLong(1), rs.getString(2), Codec.schema(rs.getBytes(3)), rs.getInt(4),
                        rs.getLong(5), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7))));
            }
        }
        return out;
    }

    /** How many records of the dataset are still held (not erased). */
    public int liveCount(long datasetId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM records WHERE dataset_id = ?")) {
                ps.setLong(1, datasetId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /** The IDs of the records of the dataset still held, as a set. */
    public Lineage liveRecords(long datasetId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT record_id FROM records WHERE dataset_id = ? ORDER BY record_id")) {
                ps.setLong(1, datasetId);
                long[] ids = new long[64];
                int n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (n == ids.length) {
                            ids = Arrays.copyOf(ids, n * 2);
                        }
                        ids[n++] = rs.getLong(1);
                    }
                }
                return Lineage.of(Arrays.copyOf(ids, n));
            }
        });
    }

    /** The records of the dataset still held, in record ID order, with their registry record IDs. */
    public Dataset load(long datasetId) {
        return load(datasetId, null);
    }

    /** The records of the dataset still held and in {@code only} (all when {@code null}), in record ID order. */
    public Dataset load(long datasetId, Lineage only) {
        DatasetInfo info = get(datasetId);
        Schema schema = info.schema();
        int d = schema.numFeatures();
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT record_id, subject, target, features FROM records WHERE dataset_id = ? ORDER BY record_id")) {
                ps.setLong(1, datasetId);
                ps.setFetchSize(5000);
                int cap = 1024;
                long[] ids = new long[cap];
                String[] subjects = new String[cap];
                double[] targets = new double[cap];
                double[] values = new double[cap * d];
                int n = 0;
                boolean anySubject = false;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        if (only != null && !only.contains(id)) {
                            continue;
                        }
                        if (n == cap) {
                            cap *= 2;
                            ids = Arrays.copyOf(ids, cap);
                            subjects = Arrays.copyOf(subjects, cap);
                            targets = Arrays.copyOf(targets, cap);
                            values = Arrays.copyOf(values, cap * d);
                        }
                        ids[n] = id;
                        subjects[n] = rs.getString(2);
                        anySubject |= subjects[n] != null;
                        targets[n] = rs.getDouble(3);
                        Rows.decode(rs.getBytes(4), values, n * d, d);
                        n++;
                    }
                }
                return Dataset.of(schema, Arrays.copyOf(values, n * d), Arrays.copyOf(targets, n), Arrays.copyOf(ids, n),
                        anySubject ? Arrays.copyOf(subjects, n) : null);
            }
        });
    }

    /**
     * Resolves the training records of a model version stored by reference (see
     * {@link ModelStore#encode}): the rows come from this dataset, so the data is stored once however
     * many versions reference it.
     */
    public RecordSource recordSource(long datasetId) {
        return (schema, ids) -> {
            Dataset rows = load(datasetId, Lineage.of(ids));
            if (rows.size() != ids.length) {
                throw new ModelFileException((ids.length - rows.size()) + " of the " + ids.length
                        + " records the model holds are no longer held in dataset #" + datasetId);
            }
            if (rows.schema().equals(schema)) {
                return rows;
            }
            try {
                return rows.conformTo(schema);
            } catch (IllegalArgumentException e) {
                throw new ModelFileException("dataset #" + datasetId + " no longer fits the model: " + e.getMessage());
            }
        };
    }

    /** A stored record located by planning: its dataset and record ID. */
    public record Located(long datasetId, long recordId) {
    }

    /** Every record still held of one subject, in any dataset. */
    public List<Located> recordsOfSubject(Connection c, String subject) throws SQLException {
        return recordsOfSubjects(c, List.of(subject)).getOrDefault(subject, List.of());
    }

    /** The records still held among {@code ids}; IDs that are unknown or already erased are left out. */
    public List<Located> recordsById(Connection c, long[] ids) throws SQLException {
        List<Located> out = new ArrayList<>();
        for (int from = 0; from < ids.length; from += 500) {
            int to = Math.min(ids.length, from + 500);
            StringBuilder sql = new StringBuilder("SELECT dataset_id, record_id FROM records WHERE record_id IN (");
            for (int i = from; i < to; i++) {
                sql.append(i == from ? "?" : ", ?");
            }
            try (PreparedStatement ps = c.prepareStatement(sql.append(") ORDER BY record_id").toString())) {
                for (int i = from; i < to; i++) {
                    ps.setLong(i - from + 1, ids[i]);
                }
                out.addAll(located(ps));
            }
        }
        return out;
    }

    /** The records still held of one dataset whose target (class index or value) is {@code target}. */
    public List<Located> recordsWithTarget(Connection c, long datasetId, double target) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT dataset_id, record_id FROM records WHERE dataset_id = ? AND target = ? ORDER BY record_id")) {
            ps.setLong(1, datasetId);
            ps.setDouble(2, target);
            return located(ps);
        }
    }

    private static List<Located> located(PreparedStatement ps) throws SQLException {
        List<Located> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Located(rs.getLong(1), rs.getLong(2)));
            }
        }
        return out;
    }

    /**
     * Deletes the stored records with these IDs (those already gone are skipped); returns how many rows
     * went. The dictionaries of each dataset touched then drop the values no remaining record uses.
     * Set-based: one statement deletes a chunk of records and hands back what they held (the levels the
     * dictionaries must check), rather than a read and a delete per record: {@code DELETE … RETURNING}
     * with an array on PostgreSQL, H2's {@code OLD TABLE} delta table over an {@code IN} list.
     */
    public int erase(Connection c, long[] recordIds) throws SQLException {
        DictionaryPruner dictionaries = new DictionaryPruner();
        int erased = 0;
        boolean postgres = db.dialect() == Dialect.POSTGRESQL;
        // H2 tests each deleted row against its IN list one value after another: short lists keep that cheap
        int chunk = postgres ? 10_000 : H2_ERASE_CHUNK;
        for (int from = 0; from < recordIds.length; from += chunk) {
            int to = Math.min(recordIds.length, from + chunk);
            try (PreparedStatement ps = c.prepareStatement(postgres
                    ? "DELETE FROM records WHERE record_id = ANY(?) RETURNING dataset_id, target, features"
                    : "SELECT dataset_id, target, features FROM OLD TABLE (DELETE FROM records WHERE record_id IN ("
                            + "?, ".repeat(to - from - 1) + "?))")) {
                if (postgres) {
                    ps.setArray(1, c.createArrayOf("bigint", java.util.Arrays.stream(recordIds, from, to).boxed().toArray()));
                } else {
                    for (int i = from; i < to; i++) {
                        ps.setLong(i - from + 1, recordIds[i]);
                    }
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        dictionaries.noteErased(c, rs.getLong(1), rs.getDouble(2), rs.getBytes(3));
                        erased++;
                    }
                }
            }
        }
        dictionaries.prune(c);
        ScrubState.markPending(c);
        return erased;
    }

    /** Every record still held of each of the subjects, by subject. */
    public Map<String, List<Located>> recordsOfSubjects(Connection c, List<String> subjects) throws SQLException {
        Map<String, List<Located>> out = new java.util.HashMap<>();
        if (subjects.isEmpty()) {
            return out;
        }
        SubjectKeys keys = subjectKeys.get();
        java.util.Set<String> wanted = new java.util.HashSet<>(subjects);
        for (int from = 0; from < subjects.size(); from += 500) {
            int to = Math.min(subjects.size(), from + 500);
            // by digest (the index on PostgreSQL, a scan on H2, V180); the raw ID compared in the row rules out a collision of the 128-bit digests
            StringBuilder sql = new StringBuilder("SELECT subject, dataset_id, record_id FROM records WHERE subject_key IN (");
            for (int i = from; i < to; i++) {
                sql.append(i == from ? "?" : ", ?");
            }
            try (PreparedStatement ps = c.prepareStatement(sql.append(") ORDER BY record_id").toString())) {
                for (int i = from; i < to; i++) {
                    ps.setBytes(i - from + 1, keys.of(subjects.get(i)));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (wanted.contains(rs.getString(1))) {
                            out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Located(rs.getLong(2), rs.getLong(3)));
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Gives the records stored before subjects were keyed (V170) their subject's digest, once: the
     * migration cannot, lacking the home's secret. The raw index V170 dropped stays in stale pages until
     * the next scrub, which this marks as due.
     */
    void keyStoredSubjects() {
        db.transaction(c -> {
            try (PreparedStatement flag = c.prepareStatement("SELECT keyed FROM subject_keys_state WHERE id = 1 FOR UPDATE");
                 ResultSet rs = flag.executeQuery()) {
                if (!rs.next() || rs.getBoolean(1)) {
                    return null;
                }
            }
            SubjectKeys keys = subjectKeys.get();
            requireRecordedSecret(c, keys);
            try (PreparedStatement read = c.prepareStatement(
                    "SELECT record_id, subject FROM records WHERE subject IS NOT NULL AND subject_key IS NULL");
                 PreparedStatement write = c.prepareStatement("UPDATE records SET subject_key = ? WHERE record_id = ?");
                 ResultSet rs = read.executeQuery()) {
                int n = 0;
                while (rs.next()) {
                    write.setBytes(1, keys.of(rs.getString(2)));
                    write.setLong(2, rs.getLong(1));
                    write.addBatch();
                    if (++n % INSERT_BATCH == 0) {
                        write.executeBatch();
                    }
                }
                write.executeBatch();
            }
            try (PreparedStatement done = c.prepareStatement("UPDATE subject_keys_state SET keyed = TRUE WHERE id = 1")) {
                done.executeUpdate();
            }
            ScrubState.markPending(c);
            return null;
        });
    }

    /**
     * Refuses to key the stored subjects with another secret than the one the registry's first home recorded
     * (a server of a shared registry with its own {@code subject-hmac.key}): its digests would hide those
     * records from every other home. The full check, which also records a first fingerprint, runs when a
     * workflow starts ({@code SubjectKeyCheck}).
     */
    private static void requireRecordedSecret(Connection c, SubjectKeys keys) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT fingerprint FROM subject_key_check WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            if (rs.next() && !rs.getString(1).equals(keys.fingerprint())) {
                throw new StoreException(Kind.CONFLICT, "the home's " + SubjectKeys.SECRET_FILE + " differs from the one "
                        + "the registry's first home used: its records were not keyed. Copy " + SubjectKeys.SECRET_FILE
                        + " from a home already using this registry");
            }
        }
    }

    /** Whether any of the given record IDs is still stored (for checks after erasure). */
    public boolean anyStored(long[] ids) {
        return db.read(c -> !recordsById(c, ids).isEmpty());
    }

    /** Every stored record that has a subject, by subject (one scan of the records table). */
    public Map<String, List<Located>> recordsBySubject() {
        return db.read(c -> {
            Map<String, List<Located>> out = new java.util.HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT subject, dataset_id, record_id FROM records WHERE subject IS NOT NULL ORDER BY record_id")) {
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>(4)).add(new Located(rs.getLong(2), rs.getLong(3)));
                    }
                }
            }
            return out;
        });
    }
}
