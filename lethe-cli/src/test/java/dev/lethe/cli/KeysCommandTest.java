package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.server.Role;
import dev.lethe.server.auth.ApiKeyStore;
import dev.lethe.store.LetheHome;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lethe keys}: a key is printed once, listed without its secret, verifies until revoked. */
class KeysCommandTest {

    @TempDir
    Path dir;

    @Test
    void createListAndRevokeAKey() {
        String home = dir.resolve("home").toString();
        CliRunner created = CliRunner.run("keys", "create", "--home", home, "--role", "Officer", "--name", "dpo");
        assertThat(created.code()).as(created.err()).isZero();
        String printed = created.out().trim();
        assertThat(printed).matches("lk[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
        String id = printed.substring(0, printed.indexOf('.'));
        String secret = printed.substring(printed.indexOf('.') + 1);
        assertThat(created.err()).contains("created officer key " + id).doesNotContain(secret);

        CliRunner list = CliRunner.run("keys", "list", "--home", home);
        assertThat(list.out()).contains(id).contains("officer").contains("dpo").contains("1 key").doesNotContain(secret)
                .doesNotContain("REVOKED");
        try (LetheHome h = LetheHome.open(dir.resolve("home"))) {
            assertThat(new ApiKeyStore(h.registry().database()).verify(printed)).hasValueSatisfying(
                    p -> assertThat(p.role()).isEqualTo(Role.OFFICER));
        }

        CliRunner revoked = CliRunner.run("keys", "revoke", "--home", home, id);
        assertThat(revoked.code()).as(revoked.err()).isZero();
        assertThat(revoked.out()).contains("revoked " + id);
        assertThat(CliRunner.run("keys", "list", "--home", home).out()).contains("REVOKED");
        try (LetheHome h = LetheHome.open(dir.resolve("home"))) {
            assertThat(new ApiKeyStore(h.registry().database()).verify(printed)).isEmpty();
        }
    }

    @Test
    void anUnknownRoleOrKeyIsTheUsersError() {
        String home = dir.resolve("home").toString();
        CliRunner bad = CliRunner.run("keys", "create", "--home", home, "--role", "root");
        assertThat(bad.code()).isEqualTo(Main.USER_ERROR);
        assertThat(bad.err()).contains("unknown role 'root'");
        CliRunner missing = CliRunner.run("keys", "revoke", "--home", home, "lknothing");
        assertThat(missing.code()).isEqualTo(Main.USER_ERROR);
        assertThat(missing.err()).contains("lknothing");
    }
}
