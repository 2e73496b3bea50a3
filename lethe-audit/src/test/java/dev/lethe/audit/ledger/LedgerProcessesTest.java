package dev.lethe.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Separate processes appending to one ledger at once form one valid chain: the OS file lock serialises them. */
class LedgerProcessesTest {

    @TempDir
    Path home;

    @Test
    void threeProcessesAppendingAtOnceFormOneValidChain() throws Exception {
        Ledger.initialise(home);
        int processes = 3;
        int each = 40;
        List<Process> running = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), LedgerAppender.class.getName(),
                    home.toString(), "p" + p, Integer.toString(each));
            running.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(home.resolve("p" + p + ".log").toFile()).start());
        }
        for (Process process : running) {
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(process.exitValue()).as(java.nio.file.Files.readString(home.resolve("p" + running.indexOf(process) + ".log")))
                    .isZero();
        }
        Ledger ledger = Ledger.open(home);
        LedgerVerification v = ledger.verify();
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(v.entries()).isEqualTo(processes * each);
        assertThat(ledger.entries()).extracting(LedgerEntry::requestId).doesNotHaveDuplicates().hasSize(processes * each);
    }
}
