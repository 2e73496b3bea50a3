package dev.lethe.engine;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.testing.ByteSearch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.model.Digests;
import dev.lethe.model.ForgetRequest;
import dev.lethe.store.LetheHome;
import dev.lethe.store.Registry;
import dev.lethe.store.RequestState;
import dev.lethe.store.StoredRequest;
import dev.lethe.testing.RandomData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stored request summaries name a subject by the home's keyed hash, also those stored unkeyed by earlier versions. */
class KeyedSummariesTest {

    @TempDir
    Path dir;

    static final Dataset DATA = RandomData.classification(11, 90, 3, 1, 3);

    @Test
    void aHomesWorkflowStoresTheKeyedHashNeverAnUnkeyedOne() {
        Ledger.initialiseIfNew(dir); // a home's keys are made once, by 'lethe init' or its first use
        try (LetheHome home = LetheHome.open(dir)) {
            new Catalog(home.registry()).importDataset("people", DATA, Map.of());
            String subject = DATA.subjectId(0);
            String keyed = KeyedSummaries.subjectHash(dir).apply(subject);
            assertThat(keyed).startsWith("hmac-sha256:");
            Workflow workflow = Workflow.inHome(home);
            String id = workflow.submit(new ForgetRequest.Subject(subject));
            assertThat(workflow.status(id).summary()).isEqualTo("subject " + keyed);
            // resubmitting is recognised by the keyed fingerprint
            assertThat(workflow.submit(id, new ForgetRequest.Subject(subject)).created()).isFalse();
            new Worker(home.registry(), Worker.Config.defaults().withSink(LedgerReceiptSink.inHome(dir, home.registry())))
                    .drain();
            StoredRequest done = workflow.status(id);
            assertThat(done.state()).isEqualTo(RequestState.DONE);
            assertThat(done.summary()).isEqualTo("subject " + keyed);
            assertThat(done.payload()).isEqualTo("subject " + keyed).doesNotContain(Digests.pseudonym(subject));
        }
    }

    @Test
    void summariesStoredUnkeyedByTheOldCodePathAreRewrittenAndScrubbed() throws IOException {
        List<String> subjects = DATA.subjects().stream().distinct().limit(4).toList();
        String ledgered = subjects.get(0);
        String unledgered = subjects.get(1);
        String open = subjects.get(2);
        Ledger.initialiseIfNew(dir); // a home's keys are made once, by 'lethe init' or its first use
        try (LetheHome home = LetheHome.open(dir)) {
            Registry registry = home.registry();
            new Catalog(registry).importDataset("people", DATA, Map.of());
            // what earlier versions stored: the unkeyed summary and fingerprint
            for (String s : List.of(ledgered, unledgered, open)) {
                ForgetRequest.Subject r = new ForgetRequest.Subject(s);
                assertThat(r.summary()).startsWith("subject sha256:");
                registry.requests().submit("R-" + s, r.kind(), RequestCodec.payload(r), r.summary(), RequestCodec.fingerprint(r),
                        Instant.now(), DueDates.dueDate(Instant.now()));
                if (s.equals(ledgered)) {
                    new Worker(registry, Worker.Config.defaults().withSink(LedgerReceiptSink.inHome(dir, registry))).drain();
                } else if (s.equals(unledgered)) {
                    new Worker(registry).drain();
                }
            }
            assertThat(registry.requests().unkeyedSubjectSummaries()).hasSize(3);
            assertThat(occurrences(dir, Digests.pseudonym(ledgered))).isPositive();

            Workflow workflow = Workflow.inHome(home);

            UnaryOperator<String> keyed = KeyedSummaries.subjectHash(dir);
            assertThat(registry.requests().unkeyedSubjectSummaries()).isEmpty();
            assertThat(workflow.status("R-" + ledgered).summary()).isEqualTo("subject " + keyed.apply(ledgered));
            assertThat(workflow.status("R-" + ledgered).payload()).isEqualTo("subject " + keyed.apply(ledgered));
            assertThat(workflow.status("R-" + unledgered).summary()).isEqualTo(KeyedSummaries.WITHHELD);
            assertThat(workflow.status("R-" + open).summary()).isEqualTo("subject " + keyed.apply(open));
            assertThat(workflow.status("R-" + open).payload()).isEqualTo(open);
            assertThat(workflow.submit("R-" + open, new ForgetRequest.Subject(open)).created()).isFalse();
            for (String s : List.of(ledgered, unledgered, open)) {
                assertThat(occurrences(dir, Digests.pseudonym(s))).as("unkeyed hash of " + s + " on disk").isZero();
            }
            assertThat(Workflow.inHome(home).status("R-" + open).state()).isEqualTo(RequestState.SUBMITTED);
        }
    }

    @Test
    void aRegistryWhoseSummariesWereRewrittenIsNotSearchedForThemAgain() {
        Ledger.initialiseIfNew(dir);
        try (LetheHome home = LetheHome.open(dir)) {
            Registry registry = home.registry();
            String subject = DATA.subjects().get(0);
            ForgetRequest.Subject old = new ForgetRequest.Subject(subject);
            registry.requests().submit("R-old", old.kind(), RequestCodec.payload(old), old.summary(), RequestCodec.fingerprint(old),
                    Instant.now(), DueDates.dueDate(Instant.now()));
            assertThat(registry.requests().unkeyedSubjectSummaries()).hasSize(1);
            assertThat(KeyedSummaries.migrate(home, KeyedSummaries.subjectHash(dir))).isEqualTo(1);
            // a row no version writes any more, planted after the rewrite: the search is not made again
            registry.requests().submit("R-planted", old.kind(), RequestCodec.payload(old), old.summary(), "planted",
                    Instant.now(), DueDates.dueDate(Instant.now()));
            assertThat(registry.requests().unkeyedSubjectSummaries()).isEmpty();
            assertThat(KeyedSummaries.migrate(home, KeyedSummaries.subjectHash(dir))).isZero();
        }
    }

    private static int occurrences(Path home, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        int n = 0;
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                n += ByteSearch.indexOf(bytes, needle) >= 0 ? 1 : 0;
            }
        }
        return n;
    }
}
