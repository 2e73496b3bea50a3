package dev.lethe.store;

import dev.lethe.data.Attribute;
import dev.lethe.data.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One erase step's care for category dictionaries: the values (category levels and classes) that
 * the erased records used are noted before they go, and afterwards every such value that no
 * remaining record of its dataset uses is tombstoned in the stored schema (see {@link Attribute}),
 * so a value only erased records had leaves the registry too. Only the noted values are looked for,
 * and the scan of the remaining records stops once each has been seen again: erasing records of
 * common values costs a few rows, erasing a dataset's last user of a value one pass.
 */
final class DictionaryPruner {

    private final Map<Long, Schema> schemas = new HashMap<>();
    /** Per dataset: its first and last record ID (import gives a dataset one contiguous range). */
    private final Map<Long, long[]> ranges = new HashMap<>();
    /** Per dataset: per column (the target last) the live levels erased records used and no remaining record yet shows. */
    private final Map<Long, BitSet[]> open = new HashMap<>();

    /** Notes the levels one erased record used (its dataset, target and stored features). */
    void noteErased(Connection c, long dataset, double target, byte[] features) throws SQLException {
        Schema schema = schema(c, dataset);
        BitSet[] levels = open.computeIfAbsent(dataset, k -> new BitSet[schema.numFeatures() + 1]);
        visit(schema, target, features, (column, level) -> {
            if (attribute(schema, column).isLive(level)) {
                if (levels[column] == null) {
                    levels[column] = new BitSet();
                }
                levels[column].set(level);
            }
        });
    }

    /** After the erase: tombstones each noted level that no remaining record of its dataset uses. */
    void prune(Connection c) throws SQLException {
        for (Map.Entry<Long, BitSet[]> e : open.entrySet()) {
            Schema schema = schemas.get(e.getKey());
            BitSet[] levels = e.getValue();
            if (count(levels) == 0) {
                continue;
            }
            // in growing pages along the primary key over the dataset's range of record IDs: filtered by
            // dataset, H2 reads and sorts every remaining record (it materialises a result before its first
            // row), however few rows the scan needs before it has seen every level again
            long[] range = ranges.get(e.getKey());
            long after = range[0] - 1;
            int page = 256;
            boolean more = true;
            try (PreparedStatement ps = c.prepareStatement("SELECT record_id, target, features FROM records "
                    + "WHERE record_id > ? AND record_id <= ? ORDER BY record_id LIMIT ?")) {
                while (more && count(levels) > 0) {
                    ps.setLong(1, after);
                    ps.setLong(2, range[1]);
                    ps.setInt(3, page);
                    int rows = 0;
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows++;
                            after = rs.getLong(1);
                            visit(schema, rs.getDouble(2), rs.getBytes(3), (column, level) -> {
                                if (levels[column] != null) {
                                    levels[column].clear(level);
                                }
                            });
                        }
                    }
                    more = rows == page;
                    page = Math.min(page * 4, 65_536);
                }
            }
            if (count(levels) > 0) {
                store(c, e.getKey(), tombstoned(schema, levels));
            }
        }
    }

    private Schema schema(Connection c, long dataset) throws SQLException {
        Schema known = schemas.get(dataset);
        if (known != null) {
            return known;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT schema_state, first_record, imported_rows FROM datasets WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Schema schema = Codec.schema(rs.getBytes(1));
                schemas.put(dataset, schema);
                ranges.put(dataset, new long[] {rs.getLong(2), rs.getLong(2) + rs.getInt(3) - 1});
                return schema;
            }
        }
    }

    private interface LevelVisitor {
        void level(int column, int level);
    }

    /** Calls {@code visitor} with each categorical column's level of one stored record (the target as the last column). */
    private static void visit(Schema schema, double target, byte[] features, LevelVisitor visitor) {
        int d = schema.numFeatures();
        double[] row = new double[d];
        Rows.decode(features, row, 0, d);
        for (int j = 0; j < d; j++) {
            if (schema.feature(j).isCategorical()) {
                visitor.level(j, (int) row[j]);
            }
        }
        if (schema.isClassification()) {
            visitor.level(d, (int) target);
        }
    }

    private static Attribute attribute(Schema schema, int column) {
        return column == schema.numFeatures() ? schema.target() : schema.feature(column);
    }

    private static int count(BitSet[] levels) {
        int n = 0;
        for (BitSet b : levels) {
            n += b == null ? 0 : b.cardinality();
        }
        return n;
    }

    private static Schema tombstoned(Schema schema, BitSet[] unused) {
        List<Attribute> features = new ArrayList<>();
        for (int j = 0; j < schema.numFeatures(); j++) {
            BitSet gone = unused[j];
            features.add(gone == null ? schema.feature(j) : schema.feature(j).withoutLevels(gone::get));
        }
        BitSet gone = unused[schema.numFeatures()];
        Attribute target = gone == null ? schema.target() : schema.target().withoutLevels(gone::get);
        return new Schema(features, target, schema.task());
    }

    private static void store(Connection c, long dataset, Schema schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE datasets SET schema_state = ? WHERE id = ?")) {
            ps.setBytes(1, Codec.schema(schema));
            ps.setLong(2, dataset);
            ps.executeUpdate();
        }
    }
}
