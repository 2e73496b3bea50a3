package dev.lethe.models.sisa;

import dev.lethe.data.Dataset;
import dev.lethe.model.AbstractUnlearnableModel;
import dev.lethe.model.Learner;
import dev.lethe.model.ModelFamilies;
import dev.lethe.model.ModelFileException;
import dev.lethe.model.ModelStateOutput;
import dev.lethe.model.StateCodec;
import dev.lethe.model.TrainingRecords;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A shard job as bytes, for a {@linkplain ShardRunner#shipsJobs() runner} whose tasks run in other
 * JVMs (a cluster's executors); no Java serialisation either way. Two kinds:
 * <ul>
 * <li><b>whole</b>: the base learner (family, settings, seed), the shard's prepared rows in the model
 *     file codec, its slice ends and the checkpoints it resumes from. Where it lands, the rows become
 *     resident ({@link ResidentShards}) in the shard's slot.</li>
 * <li><b>resident</b>: the learner, the digest of the rows it expects resident, the record IDs to drop,
 *     the shard's relabels, the digest the rows must have afterwards, and the checkpoints: a forget
 *     ships these instead of the shard. Rows not resident (or not as expected) are answered
 *     {@linkplain Result#resident() "not resident"}, and the driver sends the whole job.</li>
 * </ul>
 * {@link #run} answers a {@link Result}: the digest of the rows now resident and the shard's state in
 * the model file codec with its training records <em>by reference to the rows the driver holds</em>
 * ({@link ModelStateOutput#rowsHeldByReader}: a row count and a content hash, no record IDs, so that a
 * forget's result stays a few kilobytes whatever the shard's size; the driver resolves them from its
 * own prepared rows and checks the hash). Trained from the same rows,
 * a shard is the one the local runner trains.
 */
public final class PortableShardJob {

    private static final int WHOLE = 2;
    private static final int RESIDENT = 3;
    private static final byte TRAINED = 0;
    private static final byte NOT_RESIDENT = 1;

    private PortableShardJob() {
    }

    /**
     * What a job answered: whether its rows were resident (else nothing was trained), the digest of the
     * rows now resident in its slot (empty: none), its constituent's state digest (empty: none), and the
     * shard's state with records by reference.
     */
    record Result(boolean resident, String digest, String stateDigest, byte[] state) {

        static Result of(byte[] bytes) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                if (in.readByte() == NOT_RESIDENT) {
                    return new Result(false, "", "", null);
                }
                String digest = in.readUTF();
                String stateDigest = in.readUTF();
                return new Result(true, digest, stateDigest, in.readAllBytes());
            } catch (IOException e) {
                throw new ModelFileException("corrupted shard job result: " + e.getMessage(), e);
            }
        }
    }

    /** The whole job: its prepared rows ({@code p}, null when none is live) travel with it. */
    static byte[] encodeWhole(ShardJob job, ShardJob.Prepared p, String slot) {
        return encode(out -> {
            header(out, WHOLE, job, slot);
            out.writeBoolean(p != null);
            if (p != null) {
                StateCodec.writeDataset(out, p.shard());
                StateCodec.writeInts(out, p.keptEnds());
                checkpoints(out, job);
            }
        });
    }

    /** The job against rows resident with digest {@code expected}, which must become {@code p}'s rows, of digest {@code next}. */
    static byte[] encodeResident(ShardJob job, ShardJob.Prepared p, String slot, String expected, String next) {
        return encode(out -> {
            header(out, RESIDENT, job, slot);
            out.writeUTF(expected);
            out.writeUTF(next);
            StateCodec.writeLongs(out, job.droppedIds());
            out.writeInt(p.relabels().size());
            for (Map.Entry<Long, Double> e : p.relabels().entrySet()) {
                out.writeLong(e.getKey());
                out.writeDouble(e.getValue());
            }
            checkpoints(out, job);
        });
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] encode(Writer body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 12);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void header(DataOutputStream out, int format, ShardJob job, String slot) throws IOException {
        out.writeInt(format);
        Learner<?> base = job.base();
        out.writeUTF(base.family());
        StateCodec.writeMap(out, base.settings());
        out.writeLong(base.seed());
        out.writeInt(job.sliceEnds().length);
        out.writeInt(job.fromSlice());
        out.writeUTF(slot);
    }

    private static void checkpoints(DataOutputStream out, ShardJob job) throws IOException {
        for (int r = 0; r < job.fromSlice(); r++) {
            byte[] c = job.previous().checkpoints()[r];
            out.writeInt(c == null ? -1 : c.length);
            if (c != null) {
                out.write(c);
            }
        }
    }

    /** Runs an encoded job where it landed; returns its {@link Result} as bytes. */
    public static byte[] run(byte[] job) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(job))) {
            int format = in.readInt();
            if (format != WHOLE && format != RESIDENT) {
                throw new ModelFileException("shard job: format " + format + ", expected " + WHOLE + " or " + RESIDENT);
            }
            String family = in.readUTF();
            Learner<?> base = ModelFamilies.byName(family).learner(StateCodec.readMap(in), in.readLong());
            int slices = in.readInt();
            int fromSlice = in.readInt();
            String slot = in.readUTF();
            return format == WHOLE ? runWhole(in, base, slices, fromSlice, slot) : runResident(in, base, slices, fromSlice, slot);
        } catch (IOException e) {
            throw new ModelFileException("corrupted shard job: " + e.getMessage(), e);
        }
    }

    private static byte[] runWhole(DataInputStream in, Learner<?> base, int slices, int fromSlice, String slot)
            throws IOException {
        if (!in.readBoolean()) {
            ResidentShards.Resident old = ResidentShards.take(slot);
            if (old != null) {
                old.erase();
            }
            return trained("", ShardState.empty(slices));
        }
        Dataset.Erasable owned = StateCodec.readDataset(in).erasableCopy();
        int[] keptEnds = StateCodec.readInts(in);
        byte[][] previous = readCheckpoints(in, slices, fromSlice);
        ShardState state = ShardJob.train(base, owned.data(), keptEnds, fromSlice, previous, () -> { });
        String digest = ResidentShards.digest(owned.data(), keptEnds);
        int[] all = new int[owned.data().size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        byte[] result = trained(digest, state);
        ResidentShards.hold(slot, new ResidentShards.Resident(digest, owned, all, Map.of(), keptEnds, contentHash(state, owned.data())));
        return result;
    }

    private static byte[] runResident(DataInputStream in, Learner<?> base, int slices, int fromSlice, String slot)
            throws IOException {
        String expected = in.readUTF();
        String next = in.readUTF();
        long[] dropped = StateCodec.readLongs(in);
        java.util.Arrays.sort(dropped);
        int n = StateCodec.readLength(in, 16);
        Map<Long, Double> relabels = new HashMap<>();
        for (int i = 0; i < n; i++) {
            relabels.put(in.readLong(), in.readDouble());
        }
        byte[][] previous = readCheckpoints(in, slices, fromSlice);
        ResidentShards.Resident old = ResidentShards.take(slot);
        if (old == null || !old.digest().equals(expected)) {
            if (old != null) {
                old.erase();
            }
            return notResident();
        }
        ResidentShards.Resident kept = without(old, dropped, relabels, next);
        Dataset rows = kept.view();
        if (!ResidentShards.digest(rows, kept.keptEnds()).equals(next)) {
            kept.erase();
            return notResident();
        }
        if (rows.size() == 0) {
            return trained("", ShardState.empty(slices));
        }
        ShardState state = ShardJob.train(base, rows, kept.keptEnds(), fromSlice, previous, () -> { });
        TrainingRecords records = recordsOver(state, rows);
        if (records != null && kept.contentHash() != null) {
            records.knownContentHash(kept.contentHash());
        }
        byte[] result = trained(next, state);
        ResidentShards.hold(slot, kept.withContentHash(records == null ? null : records.contentHash()));
        return result;
    }

    /**
     * The resident rows without the dropped records (sorted; erased in place: they leave memory here), with new
     * relabels, tagged {@code digest} (which the caller checks in full against the rows). With the relabels unchanged,
     * their content hash is the old one less the dropped rows' terms, taken before they are erased; relabels change
     * the kept rows' terms, so it is then left to the next constituent's records.
     */
    private static ResidentShards.Resident without(ResidentShards.Resident old, long[] dropped, Map<Long, Double> relabels,
                                                   String digest) {
        Dataset owned = old.owned().data();
        // with the relabels unchanged no dropped row is relabelled (a dropped row leaves the shard's relabels), so its
        // term is the owned row's own, read without building the relabelled view
        boolean track = relabels.equals(old.relabels()) && old.contentHash() != null;
        double[] scratch = new double[owned.numFeatures()];
        long contentTerms = 0;
        int[] rows = old.rows();
        int[] ends = old.keptEnds();
        int[] keep = new int[rows.length];
        int[] keptEnds = new int[ends.length];
        int m = 0;
        int slice = 0;
        for (int p = 0; p < rows.length; p++) {
            while (p >= ends[slice]) {
                keptEnds[slice++] = m;
            }
            if (dropped.length > 0 && java.util.Arrays.binarySearch(dropped, owned.recordId(rows[p])) >= 0) {
                if (track) {
                    contentTerms += TrainingRecords.contentTerm(owned, rows[p], scratch);
                }
                old.owned().erase(rows[p]);
            } else {
                keep[m++] = rows[p];
            }
        }
        while (slice < ends.length) {
            keptEnds[slice++] = m;
        }
        return new ResidentShards.Resident(digest, old.owned(), java.util.Arrays.copyOf(keep, m), relabels, keptEnds,
                track ? old.contentHash() - contentTerms : null);
    }

    /** The records of the constituent trained on {@code rows}, when they hold that very view (else null). */
    private static TrainingRecords recordsOver(ShardState state, Dataset rows) {
        return state.hasModel() && state.model() instanceof AbstractUnlearnableModel m && m.records().data() == rows
                ? m.records() : null;
    }

    /** The content hash that the constituent's records computed over {@code rows} (for its state digest), or null. */
    private static Long contentHash(ShardState state, Dataset rows) {
        TrainingRecords records = recordsOver(state, rows);
        return records == null ? null : records.contentHash();
    }

    private static byte[][] readCheckpoints(DataInputStream in, int slices, int fromSlice) throws IOException {
        byte[][] previous = new byte[slices][];
        for (int r = 0; r < fromSlice; r++) {
            int n = in.readInt();
            previous[r] = n < 0 ? null : in.readNBytes(n);
        }
        return previous;
    }

    private static byte[] notResident() {
        return new byte[] {NOT_RESIDENT};
    }

    private static byte[] trained(String digest, ShardState state) {
        return encode(out -> {
            out.writeByte(TRAINED);
            out.writeUTF(digest);
            out.writeUTF(state.hasModel() ? state.model().stateDigest() : "");
            out.write(ShardStateCodec.encode(ModelStateOutput.rowsHeldByReader(OutputStream.nullOutputStream()), state));
        });
    }
}
