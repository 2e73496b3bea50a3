package dev.lethe.store;

import dev.lethe.model.LetheException;
import java.util.List;

/** The two databases a registry runs on, and the little that differs between them. */
public enum Dialect {
    /**
     * A B-tree keeps, in its inner pages, copies of keys that split its leaves, also after the rows they
     * came from are deleted, and H2's compaction copies those pages as they are: the subject index
     * {@code records_subject} is the one whose keys are personal data, so it is built anew from the rows
     * still held (under another name first, so that a crash at any step leaves an index and the next
     * scrub ends with one). The file is then rewritten by {@link H2Rewrite}, or by {@code SHUTDOWN COMPACT}.
     */
    H2("VARBINARY", "BLOB", List.of(
            "DROP INDEX IF EXISTS records_subject_rebuilt",
            "CREATE INDEX records_subject_rebuilt ON records (subject)",
            "DROP INDEX IF EXISTS records_subject",
            "ALTER INDEX records_subject_rebuilt RENAME TO records_subject"), List.of("SHUTDOWN COMPACT")),
    /**
     * The tables that hold what a forget erases: stored rows, request payloads, planned records, model
     * artifacts, dictionaries. {@code VACUUM FULL} also builds their indexes anew.
     */
    POSTGRESQL("BYTEA", "BYTEA", List.of(),
            List.of("VACUUM FULL records, requests, request_records, batch_planned_records, model_versions, datasets"));

    private final String bytesType;
    private final String blobType;
    private final List<String> indexRebuildStatements;
    private final List<String> scrubStatements;

    Dialect(String bytesType, String blobType, List<String> indexRebuildStatements, List<String> scrubStatements) {
        this.bytesType = bytesType;
        this.blobType = blobType;
        this.indexRebuildStatements = indexRebuildStatements;
        this.scrubStatements = scrubStatements;
    }

    /** What builds the indexes whose keys are personal data anew before the storage is rewritten. */
    List<String> indexRebuildStatements() {
        return indexRebuildStatements;
    }

    /** What rewrites the storage so that deleted rows are gone from it (run outside a transaction). */
    List<String> scrubStatements() {
        return scrubStatements;
    }

    /** The column type for large binaries such as model artifacts, substituted for {@code ${blob}}. */
    public String blobType() {
        return blobType;
    }

    /** The column type for binary values, substituted for {@code ${bytes}} in the migrations. */
    public String bytesType() {
        return bytesType;
    }

    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new StoreException(LetheException.Kind.INVALID_INPUT, "unsupported database URL "
                + LetheException.quote(jdbcUrl) + "; expected jdbc:h2:… or jdbc:postgresql:…");
    }
}
