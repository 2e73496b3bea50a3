package dev.lethe.spark.home;

import static org.apache.spark.sql.functions.col;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.data.Task;
import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import dev.lethe.model.NotFoundException;
import dev.lethe.spark.lake.LakeDataset;
import dev.lethe.spark.lake.LakeFormat;
import dev.lethe.spark.lake.LakeImporter;
import dev.lethe.spark.lake.SubjectBuckets;
import dev.lethe.spark.lake.VacuumPolicy;
import dev.lethe.store.DatasetInfo;
import dev.lethe.store.Registry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * Registers lake datasets in a home and finds them again. The registry gets a dataset entry
 * without rows (so lake models can be registry models and receipts name the dataset) whose source
 * names {@code target=lake} (so a worker without this module refuses the batch) and the table,
 * and a row of {@code lake_datasets} (V115) with the table, its subject-bucket key and its VACUUM
 * retention. The entry's schema lists the table's numeric columns as features (other
 * than the record ID, subject and bucket columns) and the label; no value of a row is stored.
 */
public final class LakeHomes {

    private LakeHomes() {
    }

    /**
     * Imports {@code source} as a lake dataset partitioned by keyed subject bucket and registers it
     * in the home under {@code name}.
     */
    public static HomeLake importInto(Registry registry, SparkSession spark, String name, String source, LakeFormat format,
                                      String subjectColumn, String idColumn, String into, String label, int buckets,
                                      VacuumPolicy vacuum) {
        if (registry.datasets().find(name).isPresent()) {
            throw new dev.lethe.model.ConflictException("dataset " + LetheException.quote(name) + " already exists in the home");
        }
        SubjectBuckets keyed = SubjectBuckets.fresh(buckets);
        LakeDataset lake = LakeImporter.importTable(spark, source, format, subjectColumn, idColumn, into, keyed);
        return register(registry, spark, name, lake, label, keyed, vacuum);
    }

    /** Registers an imported, bucketed lake dataset (its buckets made with {@code buckets}' key). */
    public static HomeLake register(Registry registry, SparkSession spark, String name, LakeDataset lake, String label,
                                    SubjectBuckets buckets, VacuumPolicy vacuum) {
        Schema schema = schema(spark, lake, label);
        DatasetInfo info = registry.datasets().importDataset(name, Dataset.of(schema, new double[0], new double[0],
                new long[0], null), Map.of("target", LakeErasureTarget.NAME, "lake", lake.table()));
        registry.database().transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO lake_datasets (dataset_id, table_uri, bucket_key, "
                    + "buckets, vacuum_hours, vacuum_override) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, info.id());
                ps.setString(2, lake.table());
                ps.setBytes(3, buckets.key());
                ps.setInt(4, buckets.buckets());
                ps.setDouble(5, vacuum.retentionHours());
                ps.setBoolean(6, vacuum.overrideSafetyCheck());
                ps.executeUpdate();
            }
            return null;
        });
        return new HomeLake(info, lake.table(), buckets, vacuum);
    }

    /** Every lake dataset of the home. */
    public static List<HomeLake> list(Registry registry) {
        Map<Long, DatasetInfo> byId = new java.util.HashMap<>();
        registry.datasets().list().forEach(d -> byId.put(d.id(), d));
        return registry.database().read(c -> {
            List<HomeLake> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT dataset_id, table_uri, bucket_key, buckets, vacuum_hours, "
                    + "vacuum_override FROM lake_datasets ORDER BY dataset_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    DatasetInfo d = byId.get(rs.getLong(1));
                    if (d != null) {
                        out.add(new HomeLake(d, rs.getString(2), new SubjectBuckets(rs.getBytes(3), rs.getInt(4)),
                                new VacuumPolicy(rs.getDouble(5), rs.getBoolean(6))));
                    }
                }
            }
            return out;
        });
    }

    /** The lake dataset registered as {@code name}. */
    public static HomeLake get(Registry registry, String name) {
        Optional<HomeLake> found = list(registry).stream().filter(l -> l.name().equals(name)).findFirst();
        return found.orElseThrow(() -> new NotFoundException("no lake dataset " + LetheException.quote(name)
                + " in the home; register one with 'lethe spark import --home'"));
    }

    /** The registry schema of a lake dataset: its numeric columns but identity ones, and the label. */
    static Schema schema(SparkSession spark, LakeDataset lake, String label) {
        var frame = spark.read().format("delta").load(lake.table());
        List<String> skip = List.of(lake.idColumn(), lake.subjectColumn(), SubjectBuckets.COLUMN, String.valueOf(label));
        if (label == null || !List.of(frame.columns()).contains(label)) {
            throw new InvalidInputException("--label: table " + LetheException.quote(lake.table()) + " has no column "
                    + LetheException.quote(String.valueOf(label)) + "; columns are " + List.of(frame.columns()));
        }
        List<Attribute> features = new ArrayList<>();
        for (StructField f : frame.schema().fields()) {
            if (!skip.contains(f.name()) && f.dataType() instanceof NumericType) {
                features.add(Attribute.numeric(f.name()));
            }
        }
        if (frame.schema().apply(label).dataType() instanceof NumericType) {
            return new Schema(features, Attribute.numeric(label), Task.REGRESSION);
        }
        List<String> classes = frame.select(col(label).cast("string")).distinct().collectAsList().stream()
                .map((Row r) -> r.getString(0)).filter(java.util.Objects::nonNull).sorted().toList();
        return new Schema(features, Attribute.categorical(label, classes), Task.CLASSIFICATION);
    }
}
