package dev.lethe.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.audit.ledger.Ledger;
import dev.lethe.audit.ledger.LedgerEntry;
import dev.lethe.audit.ledger.LedgerVerification;
import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.Guarantee;
import dev.lethe.store.DatasetInfo;
import dev.lethe.store.LetheHome;
import dev.lethe.store.Registry;
import dev.lethe.store.RequestReceipt;
import dev.lethe.store.RequestState;
import dev.lethe.testing.RandomData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker recording receipts in the home's signed ledger: once per request, subjects only as keyed hashes. */
class LedgerReceiptSinkTest {

    @TempDir
    Path dir;

    static final Dataset DATA = RandomData.classification(17, 80, 3, 1, 3);

    LetheHome home;
    Registry registry;
    DatasetInfo info;

    @BeforeEach
    void setUp() {
        Ledger.initialiseIfNew(dir);
        home = LetheHome.open(dir);
        registry = home.registry();
        Catalog catalog = new Catalog(registry);
        info = catalog.importDataset("people", DATA, Map.of());
        catalog.train(Catalog.TrainSpec.of("m1", "people", "tally"));
        catalog.train(new Catalog.TrainSpec("m2", "people", "tally", Map.of(), 3L, 0.25, 1.0));
    }

    @org.junit.jupiter.api.AfterEach
    void tearDown() {
        home.close();
    }

    long[] recordsOf(String subject) {
        return IntStream.range(0, DATA.size()).filter(i -> subject.equals(DATA.subjectId(i)))
                .mapToLong(i -> info.firstRecord() + i).sorted().toArray();
    }

    @Test
    void eachProcessedRequestAppearsOnceInAValidLedgerWithItsSubjectKeyHashed() throws Exception {
        Workflow workflow = new Workflow(registry);
        String alice = DATA.subjects().get(0);
        String bob = DATA.subjects().get(1);
        workflow.submit("r-alice", new ForgetRequest.Subject(alice));
        workflow.submit("r-bob", new ForgetRequest.Subject(bob));
        workflow.submit("r-nobody", new ForgetRequest.Subject("nobody-at-all"));
        LedgerReceiptSink sink = LedgerReceiptSink.inHome(dir, registry);

        assertThat(new Worker(registry, Worker.Config.defaults().withSink(sink)).drain()).isEqualTo(3);

        Ledger ledger = Ledger.open(dir);
        List<LedgerEntry> entries = ledger.entries();
        assertThat(entries).extracting(LedgerEntry::requestId).containsExactlyInAnyOrder("r-alice", "r-bob", "r-nobody");
        LedgerVerification v = ledger.verify();
        assertThat(v.valid()).as(v.toString()).isTrue();
        LedgerEntry a = ledger.find("r-alice").orElseThrow();
        RequestReceipt receipt = workflow.receipt("r-alice").orElseThrow();
        assertThat(a.subject()).isEqualTo(ledger.subjects().hash(alice));
        assertThat(a.request()).isEqualTo("subject " + ledger.subjects().hash(alice));
        assertThat(a.records()).containsExactly(recordsOf(alice));
        assertThat(a.details()).containsEntry("recordsErased", String.valueOf(receipt.recordsErased()))
                .containsEntry("datasets", "people");
        for (var m : receipt.models()) {
            assertThat(a.details()).containsEntry("model." + m.modelName() + ".version", String.valueOf(m.version()))
                    .containsEntry("model." + m.modelName() + ".digestAfter", m.receipt().digestAfter());
        }
        assertThat(Guarantee.parse(a.guarantee())).isEqualTo(Guarantee.EXACT);
        LedgerEntry nobody = ledger.find("r-nobody").orElseThrow();
        assertThat(nobody.records()).isEmpty();
        assertThat(nobody.family()).isEqualTo("none");
        assertThat(nobody.details()).containsEntry("recordsErased", "0").containsEntry("models", "0");
        // signatures are base64 of random-looking bytes: a short subject ID like "s6" may occur in one by chance
        String text = Files.readString(ledger.file()).replaceAll("\"signature\":\"[A-Za-z0-9+/=]*\"", "");
        for (String subject : List.of(alice, bob, "nobody-at-all")) {
            assertThat(text).doesNotContain(subject).doesNotContain(dev.lethe.model.Digests.pseudonym(subject));
        }
    }

    @Test
    void aReceiptDeliveredAgainIsNotAppendedTwice() {
        Workflow workflow = new Workflow(registry);
        workflow.submit("r-1", new ForgetRequest.Subject(DATA.subjectId(0)));
        workflow.submit("r-2", new ForgetRequest.Subject(DATA.subjects().get(1)));
        LedgerReceiptSink sink = LedgerReceiptSink.inHome(dir, registry);
        // the worker dies after handing the receipts over, before it marks the requests done
        Faults dieOnce = new Faults() {
            boolean died;

            @Override
            public void reached(Step step) {
                if (step == Step.DELIVER && !died) {
                    died = true;
                    throw new IllegalStateException("simulated crash after delivery");
                }
            }
        };
        Worker first = new Worker(registry, Worker.Config.defaults().withSink(sink).withFaults(dieOnce));
        assertThatThrownBy(first::drain).hasMessageContaining("simulated crash");
        assertThat(workflow.status("r-1").state()).isNotEqualTo(RequestState.DONE);
        assertThat(sink.ledger().entries()).hasSize(2);

        assertThat(new Worker(registry, Worker.Config.defaults().withSink(LedgerReceiptSink.inHome(dir, registry))).drain())
                .isEqualTo(2);
        assertThat(workflow.status("r-1").state()).isEqualTo(RequestState.DONE);
        // and once more by hand, after the request is done and its subject ID gone from the registry
        sink.record(workflow.receipt("r-2").orElseThrow());
        Ledger ledger = Ledger.open(dir);
        assertThat(ledger.entries()).extracting(LedgerEntry::requestId).containsExactly("r-1", "r-2");
        assertThat(ledger.verify().valid()).isTrue();
    }

    @Test
    void aDoneRequestThatNeverReachedTheLedgerIsRefusedRatherThanRecordedUnderAWrongHash() {
        Workflow workflow = new Workflow(registry);
        workflow.submit("r-1", new ForgetRequest.Subject(DATA.subjectId(0)));
        new Worker(registry).drain();
        LedgerReceiptSink sink = LedgerReceiptSink.inHome(dir, registry);
        assertThatThrownBy(() -> sink.record(workflow.receipt("r-1").orElseThrow()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("r-1");
        assertThat(sink.ledger().entries()).isEmpty();
    }

    @Test
    void theWeakerGuaranteeOfTwoModelsIsTheEntrysGuarantee() {
        Guarantee c1 = Guarantee.certified(0.5, 1e-6);
        Guarantee c2 = Guarantee.certified(0.1, 1e-5);
        assertThat(LedgerReceiptSink.weaker(Guarantee.EXACT, Guarantee.EXACT)).isEqualTo(Guarantee.EXACT);
        assertThat(LedgerReceiptSink.weaker(Guarantee.EXACT, c1)).isEqualTo(c1);
        assertThat(LedgerReceiptSink.weaker(c1, Guarantee.EXACT)).isEqualTo(c1);
        assertThat(LedgerReceiptSink.weaker(c1, c2)).isEqualTo(Guarantee.certified(0.5, 1e-5));
        assertThat(LedgerReceiptSink.weaker(c1, Guarantee.APPROXIMATE)).isEqualTo(Guarantee.APPROXIMATE);
    }
}
