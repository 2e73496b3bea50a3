package dev.lethe.awareness.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.awareness.pii.ColumnFinding;
import dev.lethe.awareness.pii.PiiType;
import dev.lethe.awareness.pii.ScanReport;
import dev.lethe.awareness.pii.TypeEvidence;
import dev.lethe.model.LetheException;
import dev.lethe.model.LetheException.Kind;
import dev.lethe.store.Database;
import dev.lethe.store.DatasetInfo;
import dev.lethe.store.Registry;
import dev.lethe.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The personal data of each registered dataset: the latest scan (kept as JSON beside the dataset)
 * and the types users set per column, which replace the scan's for that column. The scan holds
 * counts, hints and confidences only, so erasing records never needs to touch it.
 */
public final class PersonalDataRegistry {

    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Registry registry;
    private final Database db;

    public PersonalDataRegistry(Registry registry) {
        this.registry = registry;
        this.db = registry.database();
    }

    /** Stores (replacing any earlier one) the scan of a dataset's file. */
    public void save(long datasetId, ScanReport report) {
        registry.datasets().get(datasetId);
        String json = write(report);
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM dataset_pii_scans WHERE dataset_id = ?")) {
                ps.setLong(1, datasetId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO dataset_pii_scans (dataset_id, report, scanned_at) VALUES (?, ?, ?)")) {
                ps.setLong(1, datasetId);
                ps.setString(2, json);
                ps.setLong(3, System.currentTimeMillis());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The scan as stored, without the users' tags. */
    public Optional<ScanReport> scanned(long datasetId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT report FROM dataset_pii_scans WHERE dataset_id = ?")) {
                ps.setLong(1, datasetId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs.getString(1))) : Optional.<ScanReport>empty();
                }
            }
        });
    }

    /** The types users set per column of the dataset. */
    public Map<String, List<PiiType>> tags(long datasetId) {
        return db.read(c -> {
            Map<String, List<PiiType>> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT column_name, types FROM dataset_column_tags WHERE dataset_id = ? ORDER BY column_name")) {
                ps.setLong(1, datasetId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String types = rs.getString(2);
                        out.put(rs.getString(1), types.isEmpty() ? List.of()
                                : java.util.Arrays.stream(types.split(",")).map(PiiType::parse).toList());
                    }
                }
            }
            return out;
        });
    }

    /**
     * What the inventory uses: the scan with every tagged column's types replaced by the user's
     * (confirmed, full confidence). A dataset never scanned has a report of its tagged columns only.
     */
    public Optional<ScanReport> effective(long datasetId) {
        Optional<ScanReport> scanned = scanned(datasetId);
        Map<String, List<PiiType>> tags = tags(datasetId);
        if (scanned.isEmpty() && tags.isEmpty()) {
            return Optional.empty();
        }
        ScanReport base = scanned.orElseGet(() -> new ScanReport(registry.datasets().get(datasetId).name(), 0, 0, List.of(), List.of()));
        List<ColumnFinding> columns = new ArrayList<>();
        for (ColumnFinding f : base.columns()) {
            List<PiiType> tagged = tags.remove(f.column());
            columns.add(tagged == null ? f : confirmed(f.column(), tagged, f.sampled()));
        }
        tags.forEach((column, types) -> columns.add(confirmed(column, types, 0)));
        return Optional.of(new ScanReport(base.source(), base.rows(), base.sampledRows(), columns, base.quasiIdentifiers()));
    }

    private static ColumnFinding confirmed(String column, List<PiiType> types, int sampled) {
        return new ColumnFinding(column, types.stream().map(TypeEvidence::confirmed).toList(), sampled, true);
    }

    /**
     * Sets a column's types by hand (an empty list: the column holds no personal data).
     *
     * @throws StoreException of kind INVALID_INPUT when the dataset has no such column
     */
    public void tag(String datasetName, String column, List<PiiType> types) {
        DatasetInfo info = registry.datasets().get(datasetName);
        List<String> known = columnsOf(info);
        if (!known.contains(column)) {
            throw new StoreException(Kind.INVALID_INPUT, "dataset " + LetheException.quote(datasetName) + " has no column "
                    + LetheException.quote(column) + "; its columns are " + known);
        }
        String joined = types.stream().distinct().map(PiiType::label).collect(Collectors.joining(","));
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM dataset_column_tags WHERE dataset_id = ? AND column_name = ?")) {
                ps.setLong(1, info.id());
                ps.setString(2, column);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO dataset_column_tags (dataset_id, column_name, types, tagged_at) VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, info.id());
                ps.setString(2, column);
                ps.setString(3, joined);
                ps.setLong(4, System.currentTimeMillis());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The columns a dataset was read from: those scanned, else its schema's features and target. */
    public List<String> columnsOf(DatasetInfo info) {
        Optional<ScanReport> scanned = scanned(info.id());
        if (scanned.isPresent() && !scanned.get().columns().isEmpty()) {
            return scanned.get().columns().stream().map(ColumnFinding::column).toList();
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < info.schema().numFeatures(); j++) {
            names.add(info.schema().feature(j).name());
        }
        names.add(info.schema().target().name());
        return names;
    }

    static String write(ScanReport report) {
        try {
            return JSON.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ScanReport read(String json) {
        try {
            return JSON.readValue(json, ScanReport.class);
        } catch (JsonProcessingException e) {
            throw new StoreException(Kind.INTERNAL, "the stored personal-data scan cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
