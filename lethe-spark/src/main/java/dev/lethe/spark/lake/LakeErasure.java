package dev.lethe.spark.lake;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What erasing records from a lake dataset did, for the receipt: never the values, only counts,
 * the Delta version and whether the bytes are gone.
 *
 * @param versionAfterDelete the table version the DELETE committed
 * @param rowsDeleted        rows the DELETE removed
 * @param filesGone          whether no data file that held a deleted row is left in the table directory
 * @param logScrubbed        whether log entries written before the erase (which may hold replaced files'
 *                           statistics) were removed behind a new checkpoint
 */
public record LakeErasure(long versionAfterDelete, long rowsDeleted, double retentionHours, boolean filesGone,
                          boolean logScrubbed) {

    /** Receipt details, under keys that start with {@code lake_}. */
    public Map<String, String> details() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("lake_version_after_delete", Long.toString(versionAfterDelete));
        m.put("lake_rows_deleted", Long.toString(rowsDeleted));
        m.put("lake_vacuum_retention_hours", String.format(Locale.ROOT, "%.1f", retentionHours));
        m.put("lake_files_physically_gone", Boolean.toString(filesGone));
        m.put("lake_log_scrubbed", Boolean.toString(logScrubbed));
        return m;
    }
}
