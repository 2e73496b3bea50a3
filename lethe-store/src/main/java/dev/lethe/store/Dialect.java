package dev.lethe.store;

import dev.lethe.model.LetheException;
import java.util.List;

/** The two databases a registry runs on, and the little that differs between them. */
public enum Dialect {
    /**
     * The file is rewritten by {@link H2Rewrite}, or by {@code SHUTDOWN COMPACT}. Both copy index pages as
     * they are, deleted keys in inner pages included: no index has personal data as keys (records are
     * indexed by a keyed digest of their subject, {@link SubjectKeys}).
     */
    H2("VARBINARY", "BLOB", List.of("SHUTDOWN COMPACT"), "DROP INDEX IF EXISTS records_subject_key"),
    /**
     * The tables that hold what a forget erases: stored rows, request payloads, planned records, model
     * artifacts, dictionaries. {@code VACUUM FULL} also builds their indexes anew.
     */
    POSTGRESQL("BYTEA", "BYTEA",
            List.of("VACUUM FULL records, requests, request_records, batch_planned_records, model_versions, datasets"),
            "CREATE INDEX IF NOT EXISTS records_subject_key ON records (subject_key)");

    private final String bytesType;
    private final String blobType;
    private final List<String> scrubStatements;
    private final String subjectKeyIndex;

    Dialect(String bytesType, String blobType, List<String> scrubStatements, String subjectKeyIndex) {
        this.bytesType = bytesType;
        this.blobType = blobType;
        this.scrubStatements = scrubStatements;
        this.subjectKeyIndex = subjectKeyIndex;
    }

    /**
     * The statement that keeps or drops {@code records_subject_key}, substituted for {@code ${subjectKeyIndex}}
     * (V180): the index is read only where workers share the registry (PostgreSQL); an embedded registry's
     * worker finds subjects in its own in-memory index, so there the B-tree would only be written.
     */
    String subjectKeyIndex() {
        return subjectKeyIndex;
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
