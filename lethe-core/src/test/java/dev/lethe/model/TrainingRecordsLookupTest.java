package dev.lethe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.data.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Record IDs resolve to rows whether they number the rows densely, ascend with gaps or come in any order. */
class TrainingRecordsLookupTest {

    private static Dataset data(long[] ids) {
        int n = ids.length;
        double[] x = new double[n];
        double[] y = new double[n];
        String[] subjects = new String[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i % 2;
            subjects[i] = i == 3 ? null : "s" + i / 2;
        }
        Schema schema = new Schema(List.of(Attribute.numeric("x")), Attribute.numeric("y"), Task.REGRESSION);
        return Dataset.of(schema, x, y, ids, subjects);
    }

    @Test
    void everyIdOrderResolvesItsRowsAndUnknownIdsToNone() {
        for (long[] ids : new long[][] {{10, 11, 12, 13, 14, 15}, {2, 5, 6, 40, 41, 90}, {90, 5, 41, 2, 6, 40}}) {
            TrainingRecords records = new TrainingRecords(data(ids));
            for (int i = 0; i < ids.length; i++) {
                assertThat(records.rowOf(ids[i])).isEqualTo(i);
            }
            assertThat(records.rowOf(7)).isEqualTo(-1);
            assertThat(records.rowOf(-3)).isEqualTo(-1);
            assertThat(records.rowOf(1000)).isEqualTo(-1);
            assertThat(records.plan(ForgetRequest.Records.of(ids[4], ids[1])).rows()).containsExactlyInAnyOrder(4, 1);
            assertThatThrownBy(() -> records.plan(ForgetRequest.Records.of(7))).isInstanceOf(ForgetException.class);
        }
    }

    @Test
    void aSubjectsRowsAreIndexedInRowOrderAndRowsWithoutASubjectAreNot() {
        TrainingRecords records = new TrainingRecords(data(new long[] {2, 5, 6, 40, 41, 90}));
        assertThat(records.subjects()).containsExactlyInAnyOrder("s0", "s1", "s2");
        assertThat(records.plan(new ForgetRequest.Subject("s0")).rows()).containsExactly(0, 1);
        assertThat(records.plan(new ForgetRequest.Subject("s1")).rows()).containsExactly(2);
        assertThat(records.plan(new ForgetRequest.Subject("s2")).rows()).containsExactly(4, 5);
        assertThat(records.plan(new ForgetRequest.Subject("s9")).rows()).isEmpty();
    }

    @Test
    void idsInAnyOrderResolveLikeAMapOfThemWithoutOne() {
        java.util.Random random = new java.util.Random(15);
        long[] ids = new long[5_000];
        java.util.Map<Long, Integer> expected = new java.util.HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 3L * i + random.nextInt(2) - 1_000;
        }
        for (int i = ids.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        for (int i = 0; i < ids.length; i++) {
            expected.put(ids[i], i);
        }
        TrainingRecords records = new TrainingRecords(data(ids));
        for (long id = -1_100; id < 3L * ids.length; id++) {
            assertThat(records.rowOf(id)).as("id %d", id).isEqualTo(expected.getOrDefault(id, -1));
        }
    }
}
