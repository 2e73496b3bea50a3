package dev.lethe.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.LongRange;

class LineageTest {

    @Property(tries = 200)
    void setOperationsMatchJavaSetsAndSurviveBytes(@ForAll @Size(max = 60) java.util.List<@LongRange(min = 0, max = 5_000_000_000L) Long> a,
                                                   @ForAll @Size(max = 60) java.util.List<@LongRange(min = 0, max = 5_000_000_000L) Long> b) {
        Lineage la = Lineage.of(a.stream().mapToLong(Long::longValue).toArray());
        Lineage lb = Lineage.of(b.stream().mapToLong(Long::longValue).toArray());
        TreeSet<Long> minus = new TreeSet<>(a);
        minus.removeAll(b);
        TreeSet<Long> both = new TreeSet<>(a);
        both.retainAll(b);
        assertThat(la.andNot(lb).toArray()).containsExactly(minus.stream().mapToLong(Long::longValue).toArray());
        assertThat(la.and(lb).toArray()).containsExactly(both.stream().mapToLong(Long::longValue).toArray());
        assertThat(la.intersects(lb)).isEqualTo(!both.isEmpty());
        assertThat(Lineage.fromBytes(la.toBytes())).isEqualTo(la);
        assertThat(la.size()).isEqualTo(new TreeSet<>(a).size());
    }

    @Property(tries = 1)
    void corruptedBytesAreRejected() {
        assertThatThrownBy(() -> Lineage.fromBytes(new byte[] {1, 2, 3})).isInstanceOf(StoreException.class)
                .hasMessageContaining("corrupted lineage");
    }
}
