package dev.lethe.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Attribute;
import dev.lethe.data.Dataset;
import dev.lethe.data.Schema;
import dev.lethe.data.Task;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The compact subject index against the obvious answer (a scan of the rows), through random removals in
 * random order: subjects whose hash codes collide ("Aa" and "BB" share one), tables that grow, groups
 * emptied and their slots taken back by backward-shift deletion while other groups' probe runs pass over them.
 */
class SubjectIndexTest {

    /** Subjects with equal {@code String.hashCode}s ("Aa" = "BB"), and plain ones. */
    private static final String[] COLLIDING = {"AaAa", "AaBB", "BBAa", "BBBB", "Aa", "BB"};

    @Property(tries = 300)
    void resolvesEachSubjectToItsLiveRowsThroughRandomRemovals(@ForAll long seed,
                                                               @ForAll @IntRange(min = 0, max = 400) int rows,
                                                               @ForAll @IntRange(min = 1, max = 200) int distinct) {
        Random random = new Random(seed);
        String[] subjects = new String[rows];
        for (int i = 0; i < rows; i++) {
            int k = random.nextInt(distinct + COLLIDING.length + 1);
            subjects[i] = k == 0 ? null : k <= COLLIDING.length ? COLLIDING[k - 1] : "s" + (k - COLLIDING.length);
        }
        long[] ids = new long[rows];
        for (int i = 0; i < rows; i++) {
            ids[i] = i;
        }
        Schema schema = new Schema(List.of(Attribute.numeric("x")), Attribute.numeric("y"), Task.REGRESSION);
        Dataset.Erasable erasable = Dataset.Erasable.of(schema, new double[rows], new double[rows], ids, subjects.clone());
        Dataset data = erasable.data();
        SubjectIndex index = SubjectIndex.of(data);
        boolean[] removed = new boolean[rows];
        check(index, data, subjects, removed, distinct);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, random);
        for (int step = 0; step < order.size(); step++) {
            int r = order.get(step);
            index.remove(data, r);
            erasable.erase(r);
            removed[r] = true;
            if (random.nextInt(8) == 0 || step == order.size() - 1) {
                check(index, data, subjects, removed, distinct);
            }
        }
    }

    private static void check(SubjectIndex index, Dataset data, String[] subjects, boolean[] removed, int distinct) {
        Set<String> live = new LinkedHashSet<>();
        for (int i = 0; i < subjects.length; i++) {
            if (!removed[i] && subjects[i] != null) {
                live.add(subjects[i]);
            }
        }
        assertThat(index.subjects(data)).containsExactlyInAnyOrderElementsOf(live);
        assertThat(index.occupiedSlots()).isEqualTo(live.size());
        List<String> asked = new ArrayList<>(List.of(COLLIDING));
        for (int k = 1; k <= distinct + 1; k++) {
            asked.add("s" + k);
        }
        for (String s : asked) {
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < subjects.length; i++) {
                if (!removed[i] && s.equals(subjects[i])) {
                    expected.add(i);
                }
            }
            assertThat(index.rowsOf(data, s)).as(s).containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
        }
    }
}
