package dev.lethe.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A home remembers the registry URL it was opened with, without credentials, and reopens it without one. */
class RegistryLocationTest {

    @TempDir
    Path dir;

    @Test
    void credentialsAreDroppedAndOtherParametersKept() {
        assertThat(RegistryLocation.withoutCredentials(
                "jdbc:postgresql://db:5432/lethe?user=u&currentSchema=s&password=p&sslPassword=q&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/lethe?currentSchema=s&ssl=true");
        assertThat(RegistryLocation.withoutCredentials("jdbc:postgresql://u:p@db/lethe?password=p"))
                .isEqualTo("jdbc:postgresql://db/lethe");
        assertThat(RegistryLocation.withoutCredentials("jdbc:h2:file:/x/reg;USER=sa;PASSWORD=s;AUTO_SERVER=TRUE"))
                .isEqualTo("jdbc:h2:file:/x/reg;AUTO_SERVER=TRUE");
    }

    @Test
    void aPostgresHomeReopensItsRegistryWithoutTheUrl() throws Exception {
        Path home = dir.resolve("home");
        String url = Backend.freshSchemaUrl();
        String withPassword = url + "&password=" + (Backend.password() == null ? "" : Backend.password());
        try (LetheHome h = TestHomes.open(home, withPassword, Backend.user(), Backend.password())) {
            assertThat(LetheHome.hasRegistry(home)).isTrue();
        }
        assertThat(Files.readString(home.resolve(RegistryLocation.FILE))).doesNotContain("password").contains("currentSchema");
        assertThat(Files.exists(home.resolve("registry.mv.db"))).isFalse();
        try (LetheHome h = TestHomes.open(home, null, Backend.user(), Backend.password())) {
            assertThat(h.registry().database().dialect()).isEqualTo(Dialect.POSTGRESQL);
            assertThat(h.registry().database().url()).isEqualTo(url);
        }
        assertThat(Files.exists(home.resolve("registry.mv.db"))).as("no embedded registry made").isFalse();
    }

    @Test
    void anInMemoryRegistryIsNotRememberedSoTheNextOpenUsesTheEmbeddedOne() {
        Path home = dir.resolve("memory");
        try (LetheHome h = TestHomes.open(home, "jdbc:h2:mem:registry-location-test;DB_CLOSE_DELAY=-1", null, null)) {
            assertThat(h.registry().database().url()).startsWith("jdbc:h2:mem:");
        }
        assertThat(RegistryLocation.remembered(home)).isEmpty();
        try (LetheHome h = TestHomes.open(home)) {
            assertThat(h.registry().database().url()).doesNotStartWith("jdbc:h2:mem:");
        }
    }

    @Test
    void anEmbeddedHomeRemembersNothing() {
        Path home = dir.resolve("embedded");
        try (LetheHome h = TestHomes.open(home)) {
            assertThat(h.registry().database().dialect()).isEqualTo(Dialect.H2);
        }
        assertThat(RegistryLocation.remembered(home)).isEmpty();
        assertThat(LetheHome.hasRegistry(home)).isTrue();
    }
}
