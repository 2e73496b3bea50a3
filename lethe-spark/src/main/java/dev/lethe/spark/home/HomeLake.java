package dev.lethe.spark.home;

import dev.lethe.spark.lake.SubjectBuckets;
import dev.lethe.spark.lake.VacuumPolicy;
import dev.lethe.store.DatasetInfo;

/**
 * A lake dataset as a home registers it: the registry's dataset entry (no stored rows), the table,
 * the keyed subject buckets that partition it and the VACUUM retention its erasures use.
 */
public record HomeLake(DatasetInfo dataset, String table, SubjectBuckets buckets, VacuumPolicy vacuum) {

    public String name() {
        return dataset.name();
    }
}
