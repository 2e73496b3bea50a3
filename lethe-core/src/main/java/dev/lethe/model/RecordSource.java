package dev.lethe.model;

import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;

/**
 * Where a model state written with its training records <em>by reference</em> finds their rows: the
 * training data is stored once (a registry's dataset) and each stored model version keeps only its
 * parameters, the record IDs it holds and its forget state. See {@link ModelFile#toBytesReferencingRecords}.
 */
@FunctionalInterface
public interface RecordSource {

    /**
     * The rows with these record IDs (every one of them, in any order), with features that conform to
     * {@code schema}.
     *
     * @throws ModelFileException when a record is no longer held or the rows do not fit the schema
     */
    Dataset rows(Schema schema, long[] recordIds);

    /**
     * The record IDs, in order, of the {@code n} rows this source holds for a state written with
     * {@link ModelStateOutput#rowsHeldByReader} (which leaves them out).
     *
     * @throws ModelFileException when this source holds no such rows (the default)
     */
    default long[] heldIds(int n) {
        throw new ModelFileException("corrupted model state: its " + n + " record IDs are left to a reader that holds "
                + "its rows, and this record source holds none");
    }
}
