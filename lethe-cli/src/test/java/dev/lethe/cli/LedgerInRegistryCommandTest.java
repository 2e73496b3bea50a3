package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.store.Backend;
import dev.lethe.store.LetheHome;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lethe init|ledger verify|ledger show} on a home whose registry is PostgreSQL: the ledger is
 * the registry's, and verification reports a changed row and deleted last rows.
 */
class LedgerInRegistryCommandTest {

    @TempDir
    Path dir;

    private CliRunner run(String url, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--home", dir.resolve("home").toString(), "--db", url, "--db-user", Backend.user()));
        if (Backend.password() != null) {
            all.addAll(List.of("--db-password", Backend.password()));
        }
        return CliRunner.run(all.toArray(String[]::new));
    }

    private void sql(String url, String statement) {
        try (LetheHome h = LetheHome.open(dir.resolve("home"), url, Backend.user(), Backend.password())) {
            h.registry().database().transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(statement)) {
                    ps.executeUpdate();
                }
                return null;
            });
        }
    }

    @Test
    void verifyAndShowReadTheLedgerInThePostgresRegistryAndReportTampering() {
        String url = Backend.freshSchemaUrl();
        CliRunner init = run(url, "init");
        assertThat(init.code()).as(init.err()).isZero();
        assertThat(init.out()).contains("PostgreSQL", "ledger: ledger_entries (in the registry)");
        try (LetheHome h = LetheHome.open(dir.resolve("home"), url, Backend.user(), Backend.password())) {
            List<Ledger.Item> items = new ArrayList<>();
            for (long id = 1; id <= 4; id++) {
                ForgetRequest request = ForgetRequest.Records.of(id);
                items.add(new Ledger.Item(new ForgetReceipt("nb", request.kind(), request.summary(), new long[] {id}, Guarantee.EXACT,
                        Duration.ofNanos(1), null, null, Instant.now(), Map.of()), request, "req-" + id));
            }
            Ledger.open(h).appendAll(items);
        }
        CliRunner valid = run(url, "ledger", "verify");
        assertThat(valid.code()).as(valid.err()).isZero();
        assertThat(valid.out()).contains("ledger valid: 4 entries");
        CliRunner show = run(url, "ledger", "show");
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("record 4", "record 1");
        List<String> second = new ArrayList<>(List.of("init", "--home", dir.resolve("second").toString(), "--db", url,
                "--db-user", Backend.user()));
        if (Backend.password() != null) {
            second.addAll(List.of("--db-password", Backend.password()));
        }
        CliRunner stranger = CliRunner.run(second.toArray(String[]::new));
        assertThat(stranger.code()).as("a second server's home with keys of its own").isNotZero();
        assertThat(stranger.err()).contains("every server of one registry needs the same keys");
        CliRunner fileOnly = CliRunner.run("ledger", "verify", "--home", dir.resolve("home").toString());
        assertThat(fileOnly.code()).as(fileOnly.err()).isZero();
        assertThat(fileOnly.out()).as("without --db: the registry the home remembers").contains("ledger valid: 4 entries");
        CliRunner showRemembered = CliRunner.run("ledger", "show", "--home", dir.resolve("home").toString());
        assertThat(showRemembered.out()).contains("record 4", "record 1");

        sql(url, "UPDATE ledger_entries SET body = REPLACE(body, 'record 2', 'record 9') WHERE seq = 2");
        CliRunner changed = run(url, "ledger", "verify");
        assertThat(changed.code()).isEqualTo(1);
        assertThat(changed.out()).contains("INVALID at entry 2", "does not match its hash");
        sql(url, "UPDATE ledger_entries SET body = REPLACE(body, 'record 9', 'record 2') WHERE seq = 2");

        sql(url, "DELETE FROM ledger_entries WHERE seq > 2");
        CliRunner truncated = run(url, "ledger", "verify");
        assertThat(truncated.code()).isEqualTo(1);
        assertThat(truncated.out()).contains("records 4 entries but only 2 remain");
    }

    @Test
    void aHomeWithTheSigningKeysButAnotherSubjectSecretIsRefusedNamingItsKeyFile() throws Exception {
        String url = Backend.freshSchemaUrl();
        CliRunner init = run(url, "init");
        assertThat(init.code()).as(init.err()).isZero();
        Path second = dir.resolve("second");
        Ledger.initialiseIfNew(second);
        for (String key : List.of("ledger-ed25519.key", "ledger-ed25519.pub")) {
            java.nio.file.Files.copy(dir.resolve("home").resolve(key), second.resolve(key),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> args = new ArrayList<>(List.of("ledger", "verify", "--home", second.toString(), "--db", url,
                "--db-user", Backend.user()));
        if (Backend.password() != null) {
            args.addAll(List.of("--db-password", Backend.password()));
        }
        CliRunner refused = CliRunner.run(args.toArray(String[]::new));
        assertThat(refused.code()).as(refused.out()).isEqualTo(Main.USER_ERROR);
        assertThat(refused.err()).contains(second.resolve("subject-hmac.key").toString(), "differs");
        List<String> serveArgs = new ArrayList<>(List.of("serve", "--port", "0"));
        serveArgs.addAll(args.subList(2, args.size()));
        CliRunner serve = CliRunner.run(serveArgs.toArray(String[]::new));
        assertThat(serve.code()).as("a server refuses to start: " + serve.out()).isEqualTo(Main.USER_ERROR);
        assertThat(serve.err()).contains(second.resolve("subject-hmac.key").toString());
    }
}
