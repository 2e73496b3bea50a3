package dev.lethe.model;

import static dev.lethe.testing.ByteSearch.indexOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.testing.PriorFamily;
import dev.lethe.testing.RandomData;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * Model states that write their training records by reference (a registry's form) and the scrubbing
 * of forgotten rows from memory at commit.
 */
class RecordsByReferenceTest {

    final PriorFamily family = new PriorFamily();

    UnlearnableModel fit(Dataset d) {
        return family.learner(Map.of(), 7).fit(d);
    }

    /** A source that serves rows of {@code d} by record ID, as a registry's dataset does. */
    static RecordSource sourceOf(Dataset d) {
        Map<Long, Integer> at = new HashMap<>();
        for (int i = 0; i < d.size(); i++) {
            at.put(d.recordId(i), i);
        }
        return (schema, ids) -> {
            int[] rows = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                Integer r = at.get(ids[i]);
                if (r == null) {
                    throw new ModelFileException("record " + ids[i] + " is not held");
                }
                rows[i] = r;
            }
            return d.select(rows).conformTo(schema);
        };
    }

    @Property(tries = 60)
    void aStateByReferenceLoadsToExactlyTheEmbeddedState(@ForAll @LongRange(min = 1, max = 10_000) long seed,
                                                         @ForAll @IntRange(min = 0, max = 2) int order) {
        Dataset all = RandomData.classification(seed, 120, 2, 1, 3);
        Random random = new Random(seed);
        // the three record ID layouts: dense, ascending with gaps, any order
        Dataset sorted = inIdOrder(all);
        Dataset d = order == 0 ? sorted : order == 1 ? sorted.withoutRecords(id -> id % 3 == 0) : all;
        UnlearnableModel model = fit(d);
        for (int round = 0; round < 3; round++) {
            long id = d.recordId(random.nextInt(d.size()));
            if (!model.history().records().contains(id)) {
                model.forget(ForgetRequest.Records.of(id));
            }
        }
        model.forget(new ForgetRequest.Subject(d.subjectId(random.nextInt(d.size()))));

        UnlearnableModel loaded = ModelFile.fromBytes(ModelFile.toBytesReferencingRecords(model), sourceOf(all));

        assertThat(loaded.stateDigest()).isEqualTo(model.stateDigest());
        assertThat(ModelFile.toBytes(loaded)).isEqualTo(ModelFile.toBytes(model));
        long next = d.recordId(random.nextInt(d.size()));
        if (!model.history().records().contains(next)) {
            assertThat(loaded.forget(ForgetRequest.Records.of(next)).digestAfter())
                    .isEqualTo(model.forget(ForgetRequest.Records.of(next)).digestAfter());
        }
    }

    @Test
    void aStateByReferenceHoldsNoFeatureValueTargetOrSubjectAndIsSmall() {
        Dataset random = inIdOrder(RandomData.classification(11, 3000, 4, 1, 2)); // as a registry holds them
        Dataset d = rebuild(random, -1, null, s -> "person-" + s + "@example.org"); // subjects worth searching for
        UnlearnableModel model = fit(d);
        model.forget(ForgetRequest.Records.of(d.recordId(5), d.recordId(17)));
        byte[] referencing = ModelFile.toBytesReferencingRecords(model);
        byte[] embedded = ModelFile.toBytes(model);

        for (int i = 0; i < d.size(); i += 7) {
            for (double v : d.row(i)) {
                if (v != Math.rint(v)) { // fractional values are distinctive; small integers are level indices
                    assertThat(indexOf(referencing, ByteBuffer.allocate(8).putDouble(v).array())).isNegative();
                    assertThat(indexOf(embedded, ByteBuffer.allocate(8).putDouble(v).array())).isNotNegative();
                }
            }
            assertThat(indexOf(referencing, d.subjectId(i).getBytes(StandardCharsets.UTF_8))).isNegative();
        }
        assertThat(referencing.length).isLessThan(embedded.length / 50);
    }

    @Test
    void aStateByReferenceNeedsASourceAndRefusesRowsThatChanged() {
        Dataset d = RandomData.classification(12, 50, 2, 1, 2);
        byte[] bytes = ModelFile.toBytesReferencingRecords(fit(d));
        assertThatThrownBy(() -> ModelFile.fromBytes(bytes)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("by reference");

        double[] changed = d.row(3).clone();
        changed[0] += 1;
        Dataset tampered = rebuild(d, 3, changed, s -> s);
        assertThatThrownBy(() -> ModelFile.fromBytes(bytes, sourceOf(tampered))).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("differ");
        assertThatThrownBy(() -> ModelFile.fromBytes(bytes, sourceOf(d.withoutRecords(id -> id == d.recordId(9)))))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("not held");
    }

    /** A source that holds {@code d}'s rows in order, as the driver of a shipped SISA shard does. */
    static RecordSource holding(Dataset d) {
        return new RecordSource() {
            @Override
            public Dataset rows(Schema schema, long[] ids) {
                return d.conformTo(schema);
            }

            @Override
            public long[] heldIds(int n) {
                return d.recordIds();
            }
        };
    }

    private static byte[] state(UnlearnableModel model, java.util.function.Function<java.io.OutputStream, ModelStateOutput> form)
            throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ModelStateOutput out = form.apply(bytes)) {
            model.writeState(out);
        }
        return bytes.toByteArray();
    }

    private UnlearnableModel read(byte[] state, int version, RecordSource source) throws java.io.IOException {
        return family.read(new ModelStateInput(new java.io.ByteArrayInputStream(state), source), version);
    }

    @Test
    void aStateForAReaderThatHoldsTheRowsLeavesTheRecordIdsOutAndLoadsOnlyFromTheSameRows() throws Exception {
        Dataset d = RandomData.classification(14, 500, 3, 1, 2); // record IDs in no order: listed one by one
        UnlearnableModel model = fit(d);
        byte[] listed = state(model, out -> new ModelStateOutput(out, true));
        byte[] held = state(model, ModelStateOutput::rowsHeldByReader);

        assertThat(held.length).isLessThanOrEqualTo(listed.length - 8 * d.size());
        UnlearnableModel loaded = read(held, model.stateVersion(), holding(d));
        assertThat(loaded.stateDigest()).isEqualTo(model.stateDigest());
        assertThat(ModelFile.toBytes(loaded)).isEqualTo(ModelFile.toBytes(model));
        // a source that resolves IDs but holds no rows of its own cannot supply them
        assertThatThrownBy(() -> read(held, model.stateVersion(), sourceOf(d))).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("holds none");
        double[] changed = d.row(8).clone();
        changed[1] += 0.5;
        assertThatThrownBy(() -> read(held, model.stateVersion(), holding(rebuild(d, 8, changed, s -> s))))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("differ");
    }

    @Test
    void aForgetScrubsTheForgottenRowsFromMemoryAtCommit() {
        Dataset d = RandomData.classification(13, 40, 3, 1, 2);
        double[] original = d.row(6).clone();
        String subject = d.subjectId(6);
        AbstractUnlearnableModel model = (AbstractUnlearnableModel) fit(d);
        assertThat(model.records().subjects()).contains(subject);

        model.forget(new ForgetRequest.Subject(subject));

        TrainingRecords records = model.records();
        int row = records.rowOf(d.recordId(6));
        assertThat(records.isRemoved(row)).isTrue();
        assertThat(records.data().row(row)).containsOnly(0.0);
        assertThat(records.data().target(row)).isZero();
        assertThat(records.data().subjectId(row)).isNull();
        assertThat(records.subjects()).doesNotContain(subject);
        for (int i = 0; i < records.size(); i++) {
            assertThat(records.data().subjectId(i)).isNotEqualTo(subject);
        }
        // the caller's data is its own and stays as it was; live rows keep their values
        assertThat(d.row(6)).containsExactly(original);
        int live = records.rowOf(d.recordId(7));
        assertThat(records.data().row(live)).containsExactly(d.row(7));
        // the same rows (under the model's dictionaries, where levels only forgotten rows had are tombstoned)
        assertThat(records.remainingData().fingerprint()).isEqualTo(d.withoutRecords(
                new TreeSet<>(model.history().records())::contains).withDictionaries(records.schema()).fingerprint());
    }

    @Test
    void aLoadedModelScrubsInPlaceToo() {
        Dataset d = RandomData.classification(14, 30, 2, 1, 2);
        AbstractUnlearnableModel loaded = (AbstractUnlearnableModel) ModelFile.fromBytes(ModelFile.toBytes(fit(d)));
        Dataset rows = loaded.records().data();
        loaded.forget(ForgetRequest.Records.of(d.recordId(2)));
        assertThat(loaded.records().data()).isSameAs(rows); // no copy: the loaded rows are the model's own
        assertThat(rows.row(loaded.records().rowOf(d.recordId(2)))).containsOnly(0.0);
    }

    private static Dataset inIdOrder(Dataset d) {
        Integer[] order = new Integer[d.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingLong(d::recordId));
        return d.select(java.util.Arrays.stream(order).mapToInt(Integer::intValue).toArray());
    }

    /** A copy of {@code d} with {@code row}'s features replaced by {@code values} and subjects renamed. */
    private static Dataset rebuild(Dataset d, int row, double[] values, java.util.function.UnaryOperator<String> subject) {
        int f = d.numFeatures();
        double[] all = new double[d.size() * f];
        double[] targets = new double[d.size()];
        String[] subjects = new String[d.size()];
        for (int i = 0; i < d.size(); i++) {
            System.arraycopy(i == row ? values : d.row(i), 0, all, i * f, f);
            targets[i] = d.target(i);
            subjects[i] = subject.apply(d.subjectId(i));
        }
        Schema s = d.schema();
        return Dataset.of(s, all, targets, d.recordIds(), subjects);
    }
}
