package dev.lethe.models.sisa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.data.Dataset;
import dev.lethe.model.ForgetReceipt;
import dev.lethe.model.ForgetRequest;
import dev.lethe.testing.RandomData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResidentShardsTest {

    private static final Dataset DATA = RandomData.classification(21, 300, 3, 1, 3);

    private static SisaModel fit(String base, boolean shipped) {
        Map<String, String> settings = new HashMap<>(Map.of("base", base, "shards", "3", "slices", "3", "placement", "subject"));
        if (shipped) {
            settings.put("runner", "test-shipping");
        }
        return SisaModelTest.learner(settings, 9).fit(DATA);
    }

    private static long[] recordsOf(String subject) {
        return java.util.stream.IntStream.range(0, DATA.size()).filter(i -> subject.equals(DATA.subjectId(i)))
                .mapToLong(DATA::recordId).toArray();
    }

    private static void assertSame(SisaModel remote, SisaModel local, ForgetReceipt r, ForgetReceipt l) {
        assertThat(r.digestAfter()).isEqualTo(l.digestAfter());
        assertThat(r.details()).isEqualTo(l.details());
        for (int k = 0; k < 3; k++) {
            assertThat(remote.shardModel(k).stateDigest()).isEqualTo(local.shardModel(k).stateDigest());
        }
    }

    /** Fails when {@code result} holds two consecutive record IDs of the shard's rows, as a listed ID array would. */
    private static void assertNoRecordIdsIn(byte[] result, SisaModel model, int shard) {
        long[] ids = ((dev.lethe.model.AbstractUnlearnableModel) model.shardModel(shard)).records().data().recordIds();
        for (int i = 0; i + 1 < ids.length; i += 5) {
            byte[] pair = java.nio.ByteBuffer.allocate(16).putLong(ids[i]).putLong(ids[i + 1]).array();
            assertThat(dev.lethe.testing.ByteSearch.indexOf(result, pair)).as("record IDs %d, %d", ids[i], ids[i + 1]).isNegative();
        }
    }

    @Test
    void aForgetShipsOnlyIdsAndCheckpointsToResidentRowsAndTheShardIsTheOneTheLocalRunnerTrains() {
        for (String base : List.of("test-sgd", "nb", "forest")) {
            long before = ShippingShardRunner.BYTES.get();
            SisaModel remote = fit(base, true);
            SisaModel local = fit(base, false);
            long trainingBytes = ShippingShardRunner.BYTES.get() - before;
            assertThat(ResidentShards.rows(remote.residence())).as(base).isEqualTo(DATA.size());
            // the driver keeps the shipped states as bytes (records by reference) until a constituent is used
            assertThat(remote.decodedShards()).isZero();
            remote.probabilities(DATA.row(0));
            assertThat(remote.decodedShards()).isEqualTo(3);
            for (int s : new int[] {5, 40, 77}) {
                String subject = DATA.subjectId(s);
                long[] records = recordsOf(subject);
                assertThat(ResidentShards.holdsContentOf(remote.residence(), records[0])).isTrue();
                long sent = ShippingShardRunner.BYTES.get();
                ForgetReceipt r = remote.forget(new ForgetRequest.Subject(subject));
                ForgetReceipt l = local.forget(new ForgetRequest.Subject(subject));
                // one shard retrained from resident rows: its job carries IDs and checkpoints, not the shard's rows
                assertThat(ShippingShardRunner.BYTES.get() - sent).as(base).isLessThan(trainingBytes / 3 / 10);
                // and its state comes back without the shard's record IDs (the driver holds its rows)
                assertThat(ShippingShardRunner.lastResults).hasSize(1);
                assertNoRecordIdsIn(ShippingShardRunner.lastResults.get(0), remote, Integer.parseInt(r.details().get("shards_retrained")));
                assertSame(remote, local, r, l);
                // the report's counts, kept from forget to forget, add up to the rows left
                assertThat(Long.parseLong(r.details().get("records_in_retrained_shards"))
                        + Long.parseLong(r.details().get("records_not_retrained"))).isEqualTo(remote.records().remainingCount());
                for (long id : records) {
                    assertThat(ResidentShards.holdsContentOf(remote.residence(), id)).as("forgotten record " + id).isFalse();
                }
                assertContentHashesKeptRight(remote, base);
            }
            assertThat(ResidentShards.rows(remote.residence())).isEqualTo(local.records().remainingCount());
        }
    }

    /**
     * Each slot's content hash, kept up to date as forgets erase rows (so that the next constituent's records need no
     * pass to compute it), is what a pass over its rows computes; and it is known for every slot the forgets touched.
     */
    private static void assertContentHashesKeptRight(SisaModel remote, String base) {
        int known = 0;
        for (int k = 0; k < 3; k++) {
            String slot = ResidentShards.slot(remote.residence(), k);
            ResidentShards.Resident r = ResidentShards.take(slot);
            ResidentShards.hold(slot, r);
            if (r.contentHash() != null) {
                assertThat(r.contentHash()).as(base + " slot " + k).isEqualTo(new dev.lethe.model.TrainingRecords(r.view()).contentHash());
                known++;
            }
        }
        assertThat(known).as(base).isEqualTo(3);
    }

    /** The digest, four rows at a time, is the sum of every row's term in its slice: what the driver's {@code after} adds to. */
    @net.jqwik.api.Property(tries = 40)
    void theDigestOfAShardIsTheSumOfItsRowsTerms(@net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 23) int rows,
                                                  @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 4) int slices,
                                                  @net.jqwik.api.ForAll @net.jqwik.api.constraints.LongRange(min = 1, max = 1000) long seed) {
        Dataset shard = RandomData.classification(seed, 40, 3, 1, 2).select(
                new java.util.Random(seed).ints(rows, 0, 40).distinct().toArray());
        int[] ends = new int[slices];
        for (int r = 0; r < slices; r++) {
            ends[r] = (int) ((long) shard.size() * (r + 1) / slices);
        }
        long sum = 0;
        double[] scratch = new double[shard.numFeatures()];
        for (int i = 0, slice = 0; i < shard.size(); i++) {
            while (i >= ends[slice]) {
                slice++;
            }
            sum += ResidentShards.term(shard, i, shard.target(i), slice, scratch);
        }
        assertThat(ResidentShards.digest(shard, ends)).isEqualTo(ResidentShards.after("0".repeat(32), sum, shard, ends));
    }

    @Test
    void aJvmThatLostItsResidentRowsRebuildsThemAndStaleRowsAreNeverTrainedOn() {
        SisaModel remote = fit("test-sgd", true);
        SisaModel local = fit("test-sgd", false);
        // rows that claim the expected digest but differ (a row erased behind its back) are dropped and rebuilt
        for (int k = 0; k < 3; k++) {
            String slot = ResidentShards.slot(remote.residence(), k);
            ResidentShards.Resident r = ResidentShards.take(slot);
            r.owned().erase(r.rows()[0]);
            ResidentShards.hold(slot, r);
        }
        for (int s = 10; s < 300; s += 37) {
            ForgetRequest request = new ForgetRequest.Subject(DATA.subjectId(s));
            if (!local.records().isRemoved(s)) {
                assertSame(remote, local, remote.forget(request), local.forget(request));
            }
        }
        ForgetRequest relabel = new ForgetRequest.Relabel(Map.of(DATA.recordId(7),
                DATA.schema().target().levels().get(DATA.label(7) == 0 ? 1 : 0)));
        assertSame(remote, local, remote.forget(relabel), local.forget(relabel));
        // a forget in the relabelled row's shard, relabels unchanged: the slot's content hash from relabelled terms
        int shard = remote.shardOf(DATA.recordId(7));
        int other = java.util.stream.IntStream.range(0, DATA.size()).filter(i -> !local.records().isRemoved(i)
                && remote.shardOf(DATA.recordId(i)) == shard && !DATA.subjectId(i).equals(DATA.subjectId(7))).findFirst().orElseThrow();
        ForgetRequest after = new ForgetRequest.Subject(DATA.subjectId(other));
        assertSame(remote, local, remote.forget(after), local.forget(after));
        assertContentHashesKeptRight(remote, "test-sgd, relabelled");

        ResidentShards.release(remote.residence()); // a lost executor
        assertThat(ResidentShards.rows(remote.residence())).isZero();
        ForgetRequest request = new ForgetRequest.Subject(DATA.subjectId(3));
        assertSame(remote, local, remote.forget(request), local.forget(request));
        assertThat(ResidentShards.rows(remote.residence())).isPositive();
    }
}
