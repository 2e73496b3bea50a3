package dev.lethe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Dataset;
import dev.lethe.testing.Exactness;
import dev.lethe.testing.PriorFamily;
import dev.lethe.testing.RandomData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared forget protocol and model files, exercised through a minimal real family. */
class ForgetProtocolTest {

    final PriorFamily family = new PriorFamily();

    @TempDir
    Path dir;

    UnlearnableModel fit(Dataset d) {
        return family.learner(Map.of(), 7).fit(d);
    }

    @Test
    void aReceiptSaysWhatWasRemovedAndHowTheStateChanged() {
        Dataset d = RandomData.classification(1, 50, 2, 1, 3);
        UnlearnableModel m = fit(d);
        String before = m.stateDigest();
        ForgetReceipt r = m.forget(ForgetRequest.Records.of(d.recordId(4), d.recordId(9)));
        assertThat(r.records()).containsExactlyInAnyOrder(d.recordId(4), d.recordId(9));
        assertThat(r.guarantee()).isEqualTo(Guarantee.EXACT);
        assertThat(r.digestBefore()).isEqualTo(before);
        assertThat(r.digestAfter()).isEqualTo(m.stateDigest()).isNotEqualTo(before);
        assertThat(r.requestKind()).isEqualTo("records");
        assertThat(m.history().records()).containsExactlyInAnyOrder(d.recordId(4), d.recordId(9));
    }

    @Test
    void refusedRequestsLeaveTheModelExactlyAsItWas() {
        Dataset d = RandomData.classification(2, 40, 2, 1, 2);
        UnlearnableModel m = fit(d);
        m.forget(ForgetRequest.Records.of(d.recordId(0)));
        String digest = m.stateDigest();
        byte[] bytes = ModelFile.toBytes(m);
        assertThatThrownBy(() -> m.forget(ForgetRequest.Records.of(d.recordId(1), -5)))
                .isInstanceOf(ForgetException.class).hasMessageContaining("not in the model's training data: [-5]");
        assertThatThrownBy(() -> m.forget(ForgetRequest.Records.of(d.recordId(0), d.recordId(2))))
                .isInstanceOf(ForgetException.class).hasMessageContaining("already forgotten: [" + d.recordId(0) + "]");
        assertThatThrownBy(() -> m.forget(new ForgetRequest.Feature("x0")))
                .isInstanceOf(ForgetException.class).hasMessageContaining("cannot forget one");
        assertThatThrownBy(() -> m.forget(new ForgetRequest.ClassLabel("nope")))
                .isInstanceOf(ForgetException.class).hasMessageContaining("unknown class 'nope'");
        assertThatThrownBy(() -> m.forget(new ForgetRequest.Relabel(Map.of(d.recordId(3), "nope"))))
                .isInstanceOf(ForgetException.class).hasMessageContaining("unknown class 'nope'");
        assertThat(m.stateDigest()).isEqualTo(digest);
        assertThat(ModelFile.toBytes(m)).isEqualTo(bytes);
    }

    @Test
    void anUnknownSubjectIsAValidRequestThatRemovesNothing() {
        Dataset d = RandomData.classification(3, 30, 2, 1, 2);
        UnlearnableModel m = fit(d);
        ForgetReceipt r = m.forget(new ForgetRequest.Subject("nobody"));
        assertThat(r.recordCount()).isZero();
        assertThat(r.request()).doesNotContain("nobody").startsWith("subject sha256:");
        ForgetReceipt s = m.forget(new ForgetRequest.Subject(d.subjectId(0)));
        assertThat(s.recordCount()).isPositive();
        assertThat(m.forget(new ForgetRequest.Subject(d.subjectId(0))).recordCount()).isZero();
    }

    @Test
    void aSubjectRequestToAModelTrainedWithoutSubjectsIsRefused() {
        Dataset d = RandomData.withoutSubjects(RandomData.classification(3, 30, 2, 1, 2));
        UnlearnableModel m = fit(d);
        String digest = m.stateDigest();
        assertThatThrownBy(() -> m.forget(new ForgetRequest.Subject("nobody"))).isInstanceOf(ForgetException.class)
                .hasMessageContaining("this model has no subject column").hasMessageNotContaining("nobody");
        assertThat(m.stateDigest()).isEqualTo(digest);
        assertThat(m.forget(ForgetRequest.Records.of(d.recordId(0))).recordCount()).isEqualTo(1);
    }

    @Property(tries = 40)
    void randomRequestSequencesMatchRetraining(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        Random r = new Random(seed);
        Dataset d = RandomData.classification(seed, 30 + r.nextInt(60), 2, 1, 2 + r.nextInt(3));
        UnlearnableModel m = fit(d);
        List<Long> live = new ArrayList<>();
        for (long id : d.recordIds()) {
            live.add(id);
        }
        for (int step = 0; step < 6 && live.size() > 5; step++) {
            switch (r.nextInt(4)) {
                case 0 -> m.forget(ForgetRequest.Records.of(live.remove(r.nextInt(live.size()))));
                case 1 -> m.forget(new ForgetRequest.Subject(d.subjectId(r.nextInt(d.size()))));
                case 2 -> m.forget(new ForgetRequest.Relabel(Map.of(live.get(r.nextInt(live.size())),
                        liveClasses(m).get(r.nextInt(liveClasses(m).size())))));
                default -> forgetUnlessLast(m, new ForgetRequest.ClassLabel(d.schema().classes().get(r.nextInt(d.schema().numClasses()))));
            }
            live.removeIf(m.history().records()::contains);
            Exactness.assertMatchesRetrained(m, family.learner(Map.of(), 7), d, 0);
        }
    }

    /** Forgets, unless the request would remove every remaining record: then it is refused and changes nothing. */
    private static void forgetUnlessLast(UnlearnableModel m, ForgetRequest request) {
        String before = m.stateDigest();
        int remaining = m.history().records().size();
        try {
            m.forget(request);
        } catch (ForgetException e) {
            assertThat(e.getMessage()).contains("would remove all").contains("delete the model instead");
            assertThat(m.stateDigest()).isEqualTo(before);
            assertThat(m.history().records()).hasSize(remaining);
        }
    }

    /** The classes a model still knows: a class whose last record is gone cannot be a new label. */
    private static List<String> liveClasses(UnlearnableModel m) {
        return m.schema().target().liveLevels();
    }

    @Test
    void modelFilesRoundTripAndStillForgetExactly() {
        Dataset d = RandomData.classification(4, 40, 2, 1, 3);
        UnlearnableModel m = fit(d);
        m.forget(ForgetRequest.Records.of(d.recordId(1)));
        m.recordSource(Map.of("file", "x.csv", "label", "y"));
        Path file = dir.resolve("m.lethe");
        ModelFile.save(m, file);
        UnlearnableModel loaded = ModelFile.load(file);
        assertThat(loaded.stateDigest()).isEqualTo(m.stateDigest());
        assertThat(loaded.provenance()).isEqualTo(m.provenance());
        assertThat(loaded.history()).isEqualTo(m.history());
        loaded.forget(ForgetRequest.Records.of(d.recordId(2)));
        Exactness.assertMatchesRetrained(loaded, family.learner(Map.of(), 7), d, 0);
        assertThatThrownBy(() -> loaded.forget(ForgetRequest.Records.of(d.recordId(1))))
                .isInstanceOf(ForgetException.class).hasMessageContaining("already forgotten");
    }

    @Test
    void modelFilesHoldNoDataOfForgottenRecords() {
        Dataset d = RandomData.classification(8, 40, 2, 1, 3);
        UnlearnableModel m = fit(d);
        String subject = d.subjectId(0);
        m.forget(new ForgetRequest.Subject(subject));
        byte[] bytes = ModelFile.toBytes(m);
        String file = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        String kept = java.util.stream.IntStream.range(0, d.size()).mapToObj(d::subjectId)
                .filter(s -> !s.equals(subject)).findFirst().orElseThrow();
        assertThat(file).as("a kept subject is in the file").contains(utf(kept));
        assertThat(file).as("the forgotten subject is not").doesNotContain(utf(subject));
        UnlearnableModel loaded = ModelFile.fromBytes(bytes);
        var records = ((AbstractUnlearnableModel) loaded).records();
        for (int row = 0; row < records.size(); row++) {
            if (records.isRemoved(row)) {
                assertThat(records.data().subjectId(row)).isNull();
                assertThat(records.data().row(row)).containsOnly(0.0);
            } else {
                assertThat(records.data().row(row)).containsExactly(d.row(row));
            }
        }
        assertThat(loaded.stateDigest()).isEqualTo(m.stateDigest());
        Exactness.assertMatchesRetrained(loaded, family.learner(Map.of(), 7), d, 0);
    }

    /** How DataOutput#writeUTF encodes an ASCII string, read back as ISO-8859-1 text. */
    static String utf(String ascii) {
        return "" + (char) (ascii.length() >> 8) + (char) (ascii.length() & 0xff) + ascii;
    }

    @Test
    void truncatedCorruptedAndForeignFilesAreRejectedClearly() throws Exception {
        Dataset d = RandomData.classification(5, 40, 2, 1, 3);
        byte[] bytes = ModelFile.toBytes(fit(d));
        Path truncated = dir.resolve("t.lethe");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> ModelFile.load(truncated)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("t.lethe").hasMessageContaining("truncated");
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x10;
        Path corrupted = dir.resolve("c.lethe");
        Files.write(corrupted, flipped);
        assertThatThrownBy(() -> ModelFile.load(corrupted)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("checksum mismatch");
        Path foreign = dir.resolve("f.lethe");
        Files.writeString(foreign, "hello, I am a CSV file, not a model at all, really");
        assertThatThrownBy(() -> ModelFile.load(foreign)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("not a Lethe model file");
        assertThatThrownBy(() -> ModelFile.load(dir.resolve("missing.lethe"))).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("no such model file");
    }

    @Test
    void settingsAreValidatedAndUnknownKeysRejected() {
        assertThatThrownBy(() -> family.learner(Map.of("alpha", "-1"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("'alpha': expected a value in [0.0, 1000000.0], got -1");
        assertThatThrownBy(() -> family.learner(Map.of("alhpa", "1"), 1)).isInstanceOf(OptionsException.class)
                .hasMessageContaining("no setting 'alhpa'");
        assertThatThrownBy(() -> Settings.parse(List.of("k"))).hasMessageContaining("key=value");
        assertThat(ModelFamilies.byName("test-prior")).isInstanceOf(PriorFamily.class);
        assertThatThrownBy(() -> ModelFamilies.byName("zz")).hasMessageContaining("unknown model family 'zz'");
    }

    @Test
    void retrainCheckComparesAgainstTheTrainingFile() {
        Dataset d = RandomData.classification(6, 40, 2, 1, 3);
        UnlearnableModel m = fit(d);
        m.forget(ForgetRequest.Records.of(d.recordId(5)));
        ExactnessReport ok = RetrainCheck.compare(family, m, d);
        assertThat(ok.passed()).isTrue();
        assertThatThrownBy(() -> RetrainCheck.compare(family, m, d.withoutRecords(id -> id == d.recordId(0))))
                .hasMessageContaining("not what the model was trained on");
        assertThat(Set.of(ok.rowsCompared())).containsExactly(d.size());
    }
}
