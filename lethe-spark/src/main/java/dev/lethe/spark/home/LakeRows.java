package dev.lethe.spark.home;

import static org.apache.spark.sql.functions.col;

import dev.lethe.model.ForgetRequest;
import dev.lethe.model.InvalidInputException;
import dev.lethe.spark.lake.SubjectBuckets;
import dev.lethe.spark.stats.LakeRowSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The rows a request names in a home's lake dataset, found without a full pass: a subject's by its
 * keyed bucket (the partition column, so Delta reads that bucket's files only) and then its ID; records
 * by ID, which Delta's per-file statistics of the ID column prune. The table's snapshot is read once
 * and kept, so that the lookups of one batch (one per model and subject) do not each list the log
 * again; make a new instance for each batch.
 */
public final class LakeRows implements LakeRowSource {

    private final SparkSession spark;
    private final String table;
    private final SubjectBuckets buckets;
    private final String idColumn;
    private final String subjectColumn;
    private org.apache.spark.sql.Dataset<Row> frame;

    /** @param buckets the keyed buckets that partition {@code table} */
    public LakeRows(SparkSession spark, String table, SubjectBuckets buckets, String idColumn, String subjectColumn) {
        this.spark = spark;
        this.table = table;
        this.buckets = buckets;
        this.idColumn = idColumn;
        this.subjectColumn = subjectColumn;
    }

    /** The predicate selecting {@code request}'s rows, with the bucket first so that partitions are pruned. */
    public Column predicate(ForgetRequest request) {
        if (request instanceof ForgetRequest.Subject s) {
            return col(SubjectBuckets.COLUMN).equalTo(buckets.of(s.subjectId())).and(col(subjectColumn).equalTo(s.subjectId()));
        }
        if (request instanceof ForgetRequest.Records r) {
            return col(idColumn).isin(r.ids().toArray());
        }
        throw new InvalidInputException("a lake dataset's rows are named by subject or record ID, not by a " + request.kind()
                + " request");
    }

    private org.apache.spark.sql.Dataset<Row> table() {
        if (frame == null) {
            frame = spark.read().format("delta").load(table);
        }
        return frame;
    }

    @Override
    public List<Row> rows(List<String> features, String label, ForgetRequest request) {
        List<Column> columns = new ArrayList<>();
        features.forEach(f -> columns.add(col(f).cast("double")));
        columns.add(col(label));
        columns.add(col(idColumn).cast("long"));
        return table().where(predicate(request)).select(columns.toArray(Column[]::new)).collectAsList();
    }

    /** The record IDs of {@code request}'s rows. */
    public long[] recordIds(ForgetRequest request) {
        return table().where(predicate(request)).select(col(idColumn).cast("long"))
                .collectAsList().stream().mapToLong(r -> r.getLong(0)).toArray();
    }
}
