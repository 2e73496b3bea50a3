package dev.lethe.store;

import dev.lethe.data.Schema;
import java.time.Instant;

/**
 * A dataset in the registry. Its records got the registry IDs {@code firstRecord … firstRecord +
 * importedRows - 1} at import (record IDs are unique across the whole registry and never reused).
 */
public record DatasetInfo(long id, String name, Schema schema, int importedRows, long firstRecord,
                          String source, Instant importedAt) {

    public long lastRecord() {
        return firstRecord + importedRows - 1;
    }
}
