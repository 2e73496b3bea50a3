package dev.lethe.store;

/** The two databases a registry runs on, and the little that differs between them. */
public enum Dialect {
    H2("VARBINARY", "BLOB"),
    POSTGRESQL("BYTEA", "BYTEA");

    private final String bytesType;
    private final String blobType;

    Dialect(String bytesType, String blobType) {
        this.bytesType = bytesType;
        this.blobType = blobType;
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
        throw new StoreException("unsupported database URL '" + jdbcUrl + "'; expected jdbc:h2:… or jdbc:postgresql:…");
    }
}
