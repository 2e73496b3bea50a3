package dev.lethe.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.store.Backend;
import dev.lethe.store.LetheHome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate processes appending to one ledger at once form one valid chain: the OS file lock serialises
 * them on one machine, the head row's lock in the registry database those on a shared PostgreSQL registry.
 */
class LedgerProcessesTest {

    @TempDir
    Path home;

    @Test
    void threeProcessesAppendingAtOnceFormOneValidChain() throws Exception {
        Ledger.initialise(home);
        int processes = 3;
        int each = 40;
        runAppenders(processes, each, null);
        Ledger ledger = Ledger.open(home);
        LedgerVerification v = ledger.verify();
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(v.entries()).isEqualTo(processes * each);
        assertThat(ledger.entries()).extracting(LedgerEntry::requestId).doesNotHaveDuplicates().hasSize(processes * each);
    }

    /**
     * Two processes, as two servers on one PostgreSQL registry would, append batches at once (each batch
     * twice) to the ledger in the registry: one valid chain, nothing lost, nothing recorded twice.
     */
    @Test
    void twoProcessesAppendingAtOnceToOnePostgresRegistryFormOneValidChain() throws Exception {
        Ledger.initialise(home);
        String url;
        try (LetheHome h = Backend.POSTGRESQL.open(home)) {
            url = Backend.POSTGRESQL.url(h);
        }
        int processes = 2;
        int each = 200;
        runAppenders(processes, each, url);
        try (LetheHome h = LetheHome.open(home, url, Backend.user(), Backend.password())) {
            Ledger ledger = Ledger.open(h);
            LedgerVerification v = ledger.verify();
            assertThat(v.valid()).as(v.toString()).isTrue();
            assertThat(v.entries()).isEqualTo(processes * each);
            assertThat(ledger.entries()).extracting(LedgerEntry::requestId).doesNotHaveDuplicates().hasSize(processes * each);
        }
        assertThat(Ledger.open(home).entries()).as("nothing in the home's file").isEmpty();
    }

    private void runAppenders(int processes, int each, String url) throws Exception {
        List<Process> running = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), LedgerAppender.class.getName(),
                    home.toString(), "p" + p, Integer.toString(each)));
            if (url != null) {
                cmd.add(url);
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(home.resolve("p" + p + ".log").toFile());
            if (Backend.user() != null) {
                pb.environment().put("LETHE_DB_USER", Backend.user());
            }
            if (Backend.password() != null) {
                pb.environment().put("LETHE_DB_PASSWORD", Backend.password());
            }
            running.add(pb.start());
        }
        for (Process process : running) {
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(process.exitValue()).as(java.nio.file.Files.readString(home.resolve("p" + running.indexOf(process) + ".log")))
                    .isZero();
        }
    }
}
