package dev.lethe.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.Guarantee;
import dev.lethe.store.Lineage;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a batch's joint forget is split into each request's share and receipt. */
class JointForgetTest {

    @Test
    void eachRequestGetsTheRecordsTheModelHoldsAscendingAndASharedRecordGoesToTheFirst() {
        Map<String, long[]> planned = new LinkedHashMap<>();
        planned.put("a", new long[] {7, 3, 3, 9});  // 9 is not held by the model
        planned.put("b", new long[] {4, 7});        // 7 was taken by a
        planned.put("c", new long[] {9, 11});       // nothing held
        planned.put("d", new long[] {5});
        Lineage live = Lineage.of(new long[] {1, 3, 4, 5, 7, 8});

        Map<String, long[]> shares = JointForget.shares(List.of("a", "b", "c", "d", "e"), planned, live);

        assertThat(shares.keySet()).containsExactly("a", "b", "d");
        assertThat(shares.get("a")).containsExactly(3, 7);
        assertThat(shares.get("b")).containsExactly(4);
        assertThat(shares.get("d")).containsExactly(5);
    }

    @Test
    void aShareCarriesTheBatchFactsItsOwnRecordsAndTheirSummary() {
        ForgetReceipt whole = new ForgetReceipt("nb", "records", "3 records", new long[] {3, 4, 7}, Guarantee.EXACT,
                Duration.ofMillis(5), "before", "after", Instant.EPOCH, Map.of("k", "v"));
        ForgetReceipt common = JointForget.common(whole, 2);

        ForgetReceipt one = JointForget.shareOf(common, new long[] {4});
        ForgetReceipt two = JointForget.shareOf(common, new long[] {3, 7});

        assertThat(one.request()).isEqualTo("record 4");
        assertThat(two.request()).isEqualTo("2 records");
        assertThat(two.records()).containsExactly(3, 7);
        assertThat(two.details()).containsEntry("k", "v").containsEntry("batch_requests", "2").containsEntry("batch_records", "3");
        assertThat(two.digestBefore()).isEqualTo("before");
        assertThat(two.requestKind()).isEqualTo("records");
    }
}
