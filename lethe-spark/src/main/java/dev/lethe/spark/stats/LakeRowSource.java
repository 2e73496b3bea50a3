package dev.lethe.spark.stats;

import dev.lethe.model.ForgetRequest;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Where a {@link LakeStatisticsModel} finds the rows a forget request names: in the lake, with a
 * predicate the table's layout prunes (the subject's keyed bucket partition, the record ID's file
 * statistics), so that no forget passes over the whole table.
 */
public interface LakeRowSource {

    /**
     * The rows of {@code request} (records by ID, or a subject's) still in the table, each as the
     * {@code features} (doubles), the {@code label} and the record ID (a long), in that order.
     */
    List<Row> rows(List<String> features, String label, ForgetRequest request);
}
