package dev.lethe.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.data.Task;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The record-ID and subject indexes are built at the first lookup, not at fit. Whenever that first lookup
 * comes (before any forget, between forgets or after them), they must resolve exactly what indexes built at
 * fit and kept up to date by every forget resolve: each ID to its row, each subject to its live rows, and
 * no subject whose rows are all forgotten.
 */
class TrainingRecordsLazyIndexTest {

    @Property(tries = 200)
    void theIndexesResolveTheLiveRowsWhenEverTheyAreFirstBuilt(@ForAll long seed,
                                                               @ForAll @IntRange(min = 1, max = 60) int rows,
                                                               @ForAll @IntRange(min = 0, max = 8) int firstLookupAfter) {
        Random random = new Random(seed);
        long[] ids = new long[rows];
        String[] subjects = new String[rows];
        double[] x = new double[rows];
        double[] y = new double[rows];
        Set<Long> used = new HashSet<>();
        for (int i = 0; i < rows; i++) {
            long id;
            do {
                id = random.nextInt(4 * rows + 10) - rows; // dense, gapped or shuffled, as chance has it
            } while (!used.add(id));
            ids[i] = id;
            subjects[i] = random.nextInt(5) == 0 ? null : "s" + random.nextInt(Math.max(1, rows / 3));
            x[i] = random.nextGaussian();
            y[i] = random.nextInt(2);
        }
        Schema schema = new Schema(List.of(Attribute.numeric("x")), Attribute.numeric("y"), Task.REGRESSION);
        TrainingRecords records = new TrainingRecords(Dataset.of(schema, x, y, ids, subjects));
        boolean[] forgotten = new boolean[rows];
        for (int step = 0; step < 8; step++) {
            if (step == firstLookupAfter) {
                check(records, ids, subjects, forgotten);
            }
            List<Long> batch = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                if (!forgotten[i] && random.nextInt(6) == 0) {
                    batch.add(ids[i]);
                    forgotten[i] = true;
                }
            }
            if (!batch.isEmpty()) {
                records.commit(records.plan(ForgetRequest.Records.of(batch.stream().mapToLong(Long::longValue).toArray())));
            }
        }
        check(records, ids, subjects, forgotten);
    }

    private static void check(TrainingRecords records, long[] ids, String[] subjects, boolean[] forgotten) {
        Set<String> live = new HashSet<>();
        for (int i = 0; i < ids.length; i++) {
            assertThat(records.rowOf(ids[i])).isEqualTo(i);
            if (!forgotten[i] && subjects[i] != null) {
                live.add(subjects[i]);
            }
        }
        assertThat(records.subjects()).containsExactlyInAnyOrderElementsOf(live);
        for (String s : live) {
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < ids.length; i++) {
                if (!forgotten[i] && s.equals(subjects[i])) {
                    expected.add(i);
                }
            }
            assertThat(records.plan(new ForgetRequest.Subject(s)).rows()).containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
        }
    }
}
