package dev.lethe.store;

/** The two databases a registry runs on, and the little that differs between them. */
public enum Dialect {
    H2("VARBINARY"),
    POSTGRESQL("BYTEA");

    private final String bytesType;

    Dialect(String bytesType) {
        this.bytesType = bytesType;
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
