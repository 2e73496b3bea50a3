package dev.lethe.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.model.InvalidInputException;
import dev.lethe.model.NotFoundException;
import dev.lethe.server.Principal;
import dev.lethe.server.Role;
import dev.lethe.store.LetheHome;
import dev.lethe.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyStoreTest {

    @TempDir
    Path dir;

    private LetheHome home;
    private ApiKeyStore keys;

    @BeforeEach
    void open() {
        Ledger.initialiseIfNew(dir);
        home = LetheHome.open(dir);
        keys = new ApiKeyStore(home.registry().database());
    }

    @AfterEach
    void close() {
        home.close();
    }

    @Test
    void aCreatedKeyVerifiesWithItsSecretOnlyAndAsItsRole() {
        CreatedKey k = keys.create(Role.OFFICER, "dpo laptop");
        String[] parts = k.printed().split("\\.");
        assertThat(parts).hasSize(2);
        assertThat(parts[0]).isEqualTo(k.key().id());
        assertThat(keys.verify(k.printed())).contains(new Principal(k.key().id(), Role.OFFICER));
        assertThat(keys.verify(k.printed()).map(Principal::role)).as("the cached path").contains(Role.OFFICER);
        assertThat(keys.verify(parts[0], parts[1] + "x")).isEmpty();
        assertThat(keys.verify(parts[0], parts[1].substring(1))).isEmpty();
        assertThat(keys.verify("lkunknown", parts[1])).isEmpty();
        CreatedKey other = keys.create(Role.ENGINEER, null);
        assertThat(keys.verify(k.key().id(), other.printed().split("\\.")[1])).as("another key's secret").isEmpty();
        assertThat(k.toString()).doesNotContain(parts[1]);
    }

    @Test
    void onlyASaltedHashOfTheSecretIsStored() throws Exception {
        CreatedKey a = keys.create(Role.ADMIN, "a");
        String secret = a.printed().split("\\.")[1];
        List<String> cells = home.registry().database().read(c -> {
            List<String> out = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM api_keys")) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        out.add(String.valueOf(rs.getObject(i)));
                    }
                }
            }
            return out;
        });
        assertThat(cells).isNotEmpty().noneMatch(cell -> cell.contains(secret));
        assertThat(String.join(" ", keys.list().toString())).doesNotContain(secret);
    }

    @Test
    void revocationTakesEffectAtOnceEvenFromAnotherStoreOverTheSameRegistry() {
        CreatedKey k = keys.create(Role.CONTROLLER, "portal");
        assertThat(keys.verify(k.printed())).isPresent();
        ApiKeyStore elsewhere = new ApiKeyStore(home.registry().database()); // as `lethe keys revoke` in another process
        ApiKey revoked = elsewhere.revoke(k.key().id());
        assertThat(revoked.isRevoked()).isTrue();
        assertThat(keys.verify(k.printed())).as("the verifying store had it cached").isEmpty();
        assertThat(elsewhere.revoke(k.key().id()).revokedAt()).as("revoking twice keeps the first time").isEqualTo(revoked.revokedAt());
        assertThat(keys.list()).singleElement().satisfies(key -> assertThat(key.isRevoked()).isTrue());
    }

    @Test
    void aRevocationByAnotherProcessActsWithinTheStatedBound() {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-05T08:00:00Z"));
        ApiKeyStore server = new ApiKeyStore(home.registry().database(), clock);
        CreatedKey k = keys.create(Role.CONTROLLER, "portal");
        CreatedKey other = keys.create(Role.OFFICER, "dpo");
        assertThat(server.verify(k.printed())).isPresent();
        assertThat(server.verify(other.printed())).isPresent();
        // `lethe keys revoke` in another process: it writes the row and nothing in this JVM hears of it
        int updated = home.registry().database().transaction(c -> c.createStatement()
                .executeUpdate("UPDATE api_keys SET revoked_at = 1 WHERE id = '" + k.key().id() + "'"));
        assertThat(updated).isOne();
        clock.advance(ApiKeyStore.REVOCATION_BOUND.minusMillis(1));
        assertThat(server.verify(k.printed())).as("still trusted from memory inside the bound").isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(server.verify(k.printed())).as("refused once the bound has passed").isEmpty();
        assertThat(server.verify(other.printed())).as("an unrevoked key still verifies").isPresent();
        assertThat(server.verify(k.printed())).isEmpty();
    }

    @Test
    void badInputIsRefusedClearly() {
        assertThatThrownBy(() -> keys.revoke("lknope")).isInstanceOf(NotFoundException.class).hasMessageContaining("lknope");
        assertThatThrownBy(() -> keys.create(Role.ANYONE, null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> keys.create(Role.ADMIN, "n".repeat(201))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("200");
        assertThat(keys.list()).isEmpty();
        assertThat(keys.verify((String) null)).isEmpty();
        assertThat(keys.verify("nodot")).isEmpty();
    }
}
