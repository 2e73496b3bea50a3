package dev.lethe.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Dataset;
import dev.lethe.model.LetheException.Kind;
import dev.lethe.testing.RandomData;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every failure of the registry has its kind, and no message repeats a stored value. */
class StoreErrorsTest {

    @TempDir
    Path dir;

    static void assertKind(ThrowingCallable call, Kind kind, String text) {
        assertThatThrownBy(call).isInstanceOf(StoreException.class).hasMessageContaining(text)
                .satisfies(e -> assertThat(((StoreException) e).kind()).isEqualTo(kind));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void eachThrowSiteSaysWhatKindOfFailureItIs(Backend backend) {
        try (LetheHome home = backend.open(dir)) {
            Registry r = home.registry();
            DatasetInfo d = r.datasets().importDataset("d", RandomData.classification(1, 20, 2, 0, 2), Map.of());
            assertKind(() -> r.requests().get("nope"), Kind.NOT_FOUND, "unknown request 'nope'");
            assertKind(() -> r.datasets().get("zzz"), Kind.NOT_FOUND, "unknown dataset 'zzz'");
            assertKind(() -> r.models().get("zzz"), Kind.NOT_FOUND, "unknown model 'zzz'");
            assertKind(() -> r.datasets().importDataset("d", RandomData.classification(1, 5, 2, 0, 2), Map.of()), Kind.CONFLICT,
                    "'d' already exists");
            assertKind(() -> r.datasets().importDataset(" ", RandomData.classification(1, 5, 2, 0, 2), Map.of()),
                    Kind.INVALID_INPUT, "non-empty name");
            Instant now = Instant.now();
            r.requests().submit("R1", "subject", "a", "subject x", "f1", now, now);
            assertKind(() -> r.requests().submit("R1", "subject", "b", "subject y", "f2", now, now), Kind.CONFLICT,
                    "already used for a different request");
            long batch = r.database().transaction(c -> r.requests().createBatch(c));
            assertKind(() -> r.database().transaction(c -> {
                r.requests().advance(c, batch, BatchState.APPLIED, BatchState.ERASED);
                return null;
            }), Kind.CONFLICT, "another worker moved it");
            assertKind(() -> r.models().version("zzz", 1), Kind.NOT_FOUND, "has no version 1");
            assertThat(d.importedRows()).isEqualTo(20);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aValueTooLongNamesTheLimitWithoutRepeatingTheValue(Backend backend) {
        String secret = "zq-secret-" + "x".repeat(300);
        try (LetheHome home = backend.open(dir)) {
            Registry r = home.registry();
            Instant now = Instant.now();
            assertKind(() -> r.requests().submit(secret, "subject", "a", "subject x", "f", now, now), Kind.INVALID_INPUT,
                    "holds at most 100 characters");
            assertThatThrownBy(() -> r.requests().submit(secret, "subject", "a", "subject x", "f", now, now))
                    .message().doesNotContain("zq-secret");

            Dataset base = RandomData.classification(2, 4, 2, 0, 2);
            String[] subjects = new String[base.size()];
            Arrays.fill(subjects, "ok");
            subjects[2] = secret;
            double[] values = new double[base.size() * base.numFeatures()];
            Dataset data = Dataset.of(base.schema(), values, new double[base.size()], new long[] {1, 2, 3, 4}, subjects);
            assertKind(() -> r.datasets().importDataset("d", data, Map.of()), Kind.INVALID_INPUT,
                    "row 3: a subject ID has 310 characters; the registry holds subject IDs of at most 200");
            assertThat(r.datasets().list()).isEmpty();
        }
    }

    @Test
    void rawDriverMessagesBecomeMessagesThatNameTheLimit() {
        String value = "zq-" + "y".repeat(500);
        StoreException tooLong = SqlErrors.map(new SQLException("Value too long for column \"SUBJECT CHARACTER VARYING(200)\": \"'"
                + value + "' (503)\"; SQL statement:\nINSERT INTO records VALUES (?)", "22001", 22001), "registry");
        assertThat(tooLong.kind()).isEqualTo(Kind.INVALID_INPUT);
        assertThat(tooLong.getMessage()).isEqualTo("a value is longer than the registry allows (column SUBJECT holds at most "
                + "200 characters)");
        StoreException pg = SqlErrors.map(new SQLException("ERROR: value too long for type character varying(100)", "22001"), "r");
        assertThat(pg.getMessage()).contains("holds at most 100 characters");
        assertThat(SqlErrors.map(new SQLException("duplicate key value violates unique constraint \"requests_pkey\"\n  Detail: Key "
                + "(id)=(" + value + ") already exists.", "23505"), "r")).satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
                    assertThat(e.getMessage()).doesNotContain("zq-");
                });
        assertThat(SqlErrors.map(new SQLException("Connection refused", "08001"), "r").kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(SqlErrors.map(new SQLException("Database may be already in use", "90020", 90020), "r"))
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("in use by another process");
                });
        assertThat(SqlErrors.map(new SQLException("could not serialize access", "40001"), "r").kind()).isEqualTo(Kind.CONFLICT);
        StoreException other = SqlErrors.map(new SQLException("odd failure near '" + value + "'", "XX000"), "r");
        assertThat(other.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(other.getMessage()).contains("SQLState XX000").doesNotContain("y".repeat(120));
    }

    @Test
    void anUnreachableDatabaseIsUnavailable() {
        assertKind(() -> LetheHome.open(dir, "jdbc:postgresql://127.0.0.1:1/nothing", "u", "p"), Kind.UNAVAILABLE,
                "cannot be reached");
        assertKind(() -> LetheHome.open(dir, "jdbc:mysql://x/y", "u", "p"), Kind.INVALID_INPUT, "unsupported database URL");
    }

    @Test
    void aRegistryInExclusiveModeIsWaitedForLikeOneBeingCompacted() {
        // another process running SHUTDOWN COMPACT holds an embedded H2 file in exclusive mode for a moment
        java.sql.SQLException exclusive = new java.sql.SQLException("The database is open in exclusive mode", "90135",
                SqlErrors.H2_EXCLUSIVE);
        org.assertj.core.api.Assertions.assertThat(SqlErrors.isTransient(exclusive)).isTrue();
        org.assertj.core.api.Assertions.assertThat(SqlErrors.map(exclusive, "h2").kind()).isEqualTo(Kind.UNAVAILABLE);
        org.assertj.core.api.Assertions.assertThat(SqlErrors.isTransient(new java.sql.SQLException("syntax", "42000", 42000)))
                .isFalse();
    }
}
